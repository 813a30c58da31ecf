package onestop.agent.application;

import java.util.LinkedHashMap;
import java.util.Map;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.VoucherHolder;

/** How this agent stands, for the status answer, the page's status bar and the metrics; and e-voucher codes. */
public final class AgentStatus {
    private final AgentSettings settings;
    private final CentralServer server;
    private final LocalStore store;
    private final RosterSyncer syncer;
    private final HospitalInfo hospital;
    private final LocalPolicies policies;

    public AgentStatus(AgentSettings settings, CentralServer server, LocalStore store, RosterSyncer syncer, HospitalInfo hospital,
                       LocalPolicies policies) {
        this.settings = settings;
        this.server = server;
        this.store = store;
        this.syncer = syncer;
        this.hospital = hospital;
        this.policies = policies;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent_id", settings.agentId());
        m.put("counter_name", settings.counterName());
        m.put("version", AgentSettings.VERSION);
        hospital.current().ifPresentOrElse(h -> {
            m.put("hospital_code", h.getCode());
            m.put("hospital_name", h.getName());
        }, () -> {
            m.put("hospital_code", "");
            m.put("hospital_name", "");
        });
        m.put("roster_version", syncer.rosterVersion());
        m.put("roster_size", store.rosterSize());
        m.put("policies", policies.count());
        m.put("pending", store.pendingCalls());
        m.put("card_reader", settings.cardReader());
        return m;
    }

    /** 医保电子凭证: the scanned code resolved by the server (which signed it); needs the server. */
    public VoucherHolder resolveVoucher(String code) {
        if (code.length() > 512 || !code.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new AgentException(ResultCode.VOUCHER_INVALID, "code", "the scanned text is not an e-voucher code (printable, at most 512 characters)");
        }
        return server.resolveVoucher(code);
    }
}
