package onestop.server.application.agents;

import java.time.Clock;
import java.util.List;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.Callers;
import onestop.server.application.Checks;
import onestop.server.application.Paging;
import onestop.server.application.Roles;
import onestop.server.application.ports.Store;
import onestop.server.domain.AgentCounts;
import onestop.server.domain.AgentReportRecord;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;

/** The counter agents' reports: each agent says every 30 s how it is; the office lists the last report of each. */
public final class AgentDirectory {
    /** An agent that has not reported for this long is shown offline (three missed reports). */
    public static final long ONLINE_WITHIN_MILLIS = 90_000;
    public static final int MAX_PAGE = 1_000;
    public static final int DEFAULT_PAGE = 500;

    private final Store store;
    private final Clock clock;

    public AgentDirectory(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Report(String agentId, String counterName, String version, long rosterVersion, long lastSyncMillis, int pending,
                         int journalRejected, long journalOldestMillis) {}

    public record Ack(long serverTimeMillis, Hospital hospital) {}

    /** Keeps the calling hospital's agent's report; answers the server's time and the hospital as registered. */
    public Outcome<Ack> report(Caller caller, Report r) {
        if (!caller.isHospital()) {
            return Outcome.rejected(ResultCode.PERMISSION_DENIED, "", "agents report for a hospital, not " + caller.role());
        }
        Rejection bad = Checks.requestId("agent_id", r.agentId());
        if (bad == null) bad = Checks.text("counter_name", r.counterName(), 100, false);
        if (bad == null) bad = Checks.text("version", r.version(), 40, false);
        if (bad == null && r.rosterVersion() < 0) bad = Checks.invalid("roster_version", "roster_version must not be negative");
        if (bad == null && r.lastSyncMillis() < 0) bad = Checks.invalid("last_sync_millis", "last_sync_millis must not be negative");
        if (bad == null && r.pending() < 0) bad = Checks.invalid("pending", "pending must not be negative");
        if (bad == null && r.journalRejected() < 0) bad = Checks.invalid("journal_rejected", "journal_rejected must not be negative");
        if (bad == null && r.journalOldestMillis() < 0) {
            bad = Checks.invalid("journal_oldest_millis", "journal_oldest_millis must not be negative");
        }
        if (bad != null) return Outcome.rejected(bad);
        long now = clock.millis();
        return store.write(tx -> {
            Outcome<Hospital> hospital = Callers.registeredHospital(tx, caller);
            if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
            tx.upsertAgentReport(new AgentReportRecord(caller.hospitalCode(), r.agentId(), r.counterName() == null ? "" : r.counterName().strip(),
                    r.version() == null ? "" : r.version().strip(), r.rosterVersion(), r.lastSyncMillis(), r.pending(),
                    r.journalRejected(), r.journalOldestMillis(), now));
            return Outcome.ok(new Ack(now, hospital.value()));
        });
    }

    public record Status(AgentReportRecord report, boolean online) {}

    /** How many agents are known and online, and the latest reports (most recent first, at most {@code limit}). */
    public record Overview(AgentCounts counts, List<Status> latest) {}

    /** The dashboard's view of the counters, for a caller whose role the calling service has checked. */
    public Overview overview(int limit) {
        long now = clock.millis();
        return store.read(tx -> new Overview(tx.agentCounts(now - ONLINE_WITHIN_MILLIS),
                tx.latestAgentReports(limit).stream().map(a -> status(a, now)).toList()));
    }

    private static Status status(AgentReportRecord a, long now) {
        return new Status(a, now - a.reportedAtMillis() <= ONLINE_WITHIN_MILLIS);
    }

    public Outcome<Paging.Page<Status>> list(Caller caller, int pageSize, String pageToken) {
        Rejection denied = Roles.allow(caller, Roles.READERS, "listing agents");
        if (denied != null) return Outcome.rejected(denied);
        Outcome<Integer> size = Paging.size("page_size", pageSize, DEFAULT_PAGE, MAX_PAGE);
        if (!size.isOk()) return Outcome.rejected(size.rejection());
        Outcome<String[]> after = Paging.key("page_token", pageToken, 2);
        if (!after.isOk()) return Outcome.rejected(after.rejection());
        String afterHospital = after.value().length == 0 ? "" : after.value()[0];
        String afterAgent = after.value().length == 0 ? "" : after.value()[1];
        long now = clock.millis();
        List<AgentReportRecord> rows = store.read(tx -> tx.agentReports(afterHospital, afterAgent, size.value() + 1));
        Paging.Page<AgentReportRecord> page = Paging.of(rows, size.value(), a -> Paging.token(a.hospitalCode(), a.agentId()));
        return Outcome.ok(new Paging.Page<>(page.items().stream()
                .map(a -> status(a, now)).toList(), page.nextPageToken()));
    }
}
