package onestop.agent.application;

import onestop.agent.domain.AgentException;
import onestop.v1.AgentReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every 30 s the agent tells the server how it is; the answer names the hospital as registered, kept for outages. */
public final class Reporter {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final CentralServer server;
    private final AgentSettings settings;
    private final RosterSyncer syncer;
    private final Settlements settlements;
    private final HospitalInfo hospital;
    private final OfflineJournal journal;

    public Reporter(CentralServer server, AgentSettings settings, RosterSyncer syncer, Settlements settlements, HospitalInfo hospital,
                    OfflineJournal journal) {
        this.journal = journal;
        this.server = server;
        this.settings = settings;
        this.syncer = syncer;
        this.settlements = settlements;
        this.hospital = hospital;
    }

    public void reportNow() {
        OfflineJournal.Totals t = journal.totals();
        var ack = server.report(AgentReport.newBuilder().setAgentId(settings.agentId()).setCounterName(settings.counterName())
                .setVersion(AgentSettings.VERSION).setRosterVersion(syncer.rosterVersion()).setLastSyncMillis(syncer.lastSyncMillis())
                .setPending(settlements.pending()).setJournalRejected(t.rejected())
                .setJournalOldestMillis(t.oldestPendingMillis()).build());
        if (ack.hasHospital()) hospital.update(ack.getHospital());
    }

    public void reportQuietly() {
        try {
            reportNow();
        } catch (AgentException e) {
            // an outage is logged once by the link; a report the server refuses is a problem of its own, said each time
            if (e.code() == onestop.engine.domain.ResultCode.SERVER_UNREACHABLE) LOG.debug("report not sent: {} {}", e.code(), e.getMessage());
            else LOG.warn("report refused by the server: {} {} {}", e.code(), e.field(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("report failed: {}", e.toString(), e);
        }
    }
}
