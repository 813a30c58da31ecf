package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.server.application.agents.AgentDirectory;
import onestop.v1.AgentReport;
import onestop.v1.AgentReportAck;
import onestop.v1.AgentServiceGrpc;

/** onestop.v1.AgentService over {@link AgentDirectory}. */
@Singleton
public final class AgentEndpoint extends AgentServiceGrpc.AgentServiceImplBase {
    private final AgentDirectory agents;

    public AgentEndpoint(AgentDirectory agents) {
        this.agents = agents;
    }

    @Override
    public void report(AgentReport r, StreamObserver<AgentReportAck> out) {
        GrpcErrors.respond(out, () -> agents.report(AuthInterceptor.caller(), new AgentDirectory.Report(r.getAgentId(), r.getCounterName(),
                r.getVersion(), r.getRosterVersion(), r.getLastSyncMillis(), r.getPending(), r.getJournalRejected(),
                r.getJournalOldestMillis())),
                ack -> AgentReportAck.newBuilder().setServerTimeMillis(ack.serverTimeMillis()).setHospital(AdminEndpoint.hospital(ack.hospital()))
                        .build());
    }

    @Override
    public void listAgents(onestop.v1.ListAgentsRequest r, StreamObserver<onestop.v1.ListAgentsResponse> out) {
        GrpcErrors.respond(out, () -> agents.list(AuthInterceptor.caller(), r.getPageSize(), r.getPageToken()), page -> {
            onestop.v1.ListAgentsResponse.Builder b = onestop.v1.ListAgentsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(s -> b.addAgents(status(s)));
            return b.build();
        });
    }

    static onestop.v1.AgentStatus status(AgentDirectory.Status s) {
        var a = s.report();
        return onestop.v1.AgentStatus.newBuilder().setHospitalCode(a.hospitalCode()).setReportedAtMillis(a.reportedAtMillis())
                .setOnline(s.online()).setReport(AgentReport.newBuilder().setAgentId(a.agentId()).setCounterName(a.counterName())
                        .setVersion(a.version()).setRosterVersion(a.rosterVersion()).setLastSyncMillis(a.lastSyncMillis())
                        .setPending(a.pending()).setJournalRejected(a.journalRejected())
                        .setJournalOldestMillis(a.journalOldestMillis())).build();
    }
}
