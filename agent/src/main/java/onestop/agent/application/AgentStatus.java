package onestop.agent.application;

import java.util.LinkedHashMap;
import java.util.Map;

/** How this agent stands, for the status answer, the page's status bar and the metrics. */
public final class AgentStatus {
    private final AgentSettings settings;
    private final CentralServer server;
    private final LocalStore store;
    private final RosterSyncer syncer;
    private final HospitalInfo hospital;
    private final LocalPolicies policies;
    private final OfflineJournal journal;
    private final OfflineSettlements offline;

    public AgentStatus(AgentSettings settings, CentralServer server, LocalStore store, RosterSyncer syncer, HospitalInfo hospital,
                       LocalPolicies policies, OfflineJournal journal, OfflineSettlements offline) {
        this.journal = journal;
        this.offline = offline;
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
        m.put("roster_size", syncer.rosterSize());
        m.put("policies", policies.count());
        m.put("pending", store.pendingCalls());
        OfflineJournal.Totals t = journal.totals();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("pending", t.pending());
        j.put("pending_fund", onestop.engine.domain.money.Money.format(t.pendingFundFen()));
        j.put("oldest_made_at", t.oldestPendingMillis());
        j.put("rejected", t.rejected());
        m.put("offline_journal", j);
        // the server's word on this counter's provisional settlements of the last 30 days: what patients owe or are owed
        OfflineJournal.Differences d = offline.differences(30);
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("confirmed", d.confirmed());
        diff.put("differing", d.differing());
        diff.put("patient_owes", onestop.engine.domain.money.Money.format(d.patientOwesFen()));
        diff.put("patient_is_owed", onestop.engine.domain.money.Money.format(d.patientIsOwedFen()));
        m.put("offline_differences", diff);
        m.put("card_reader", settings.cardReader().kind());
        return m;
    }
}
