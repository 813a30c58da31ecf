package onestop.agent.testing;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import onestop.agent.adapters.grpc.GrpcCentralServer;
import onestop.agent.application.CentralServer;
import onestop.agent.application.RosterEntry;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.AgentReport;
import onestop.v1.AgentReportAck;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.GetSettlementRequest;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.ReverseRequest;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.VoucherHolder;

/** A central server that never answers, as during an outage: every call is SERVER_UNREACHABLE, and counted. */
@Singleton
@Replaces(GrpcCentralServer.class)
@Requires(property = "onestop.test.server", value = "unreachable")
public final class UnreachableServer implements CentralServer {
    public final AtomicInteger calls = new AtomicInteger();

    private <T> T down() {
        calls.incrementAndGet();
        throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "the central server did not answer (test)");
    }

    @Override public EligibilityDecision checkEligibility(CheckEligibilityRequest r) { return down(); }
    @Override public SettlementResult preSettle(SettleRequest r) { return down(); }
    @Override public Settlement settle(SettleRequest r) { return down(); }
    @Override public Settlement reverse(ReverseRequest r) { return down(); }
    @Override public Settlement getSettlement(GetSettlementRequest r) { return down(); }
    @Override public VoucherHolder resolveVoucher(String code) { return down(); }
    @Override public PolicySnapshot policySnapshot(PolicySnapshotRequest r) { return down(); }
    @Override public void streamRoster(RosterRequest r, int batch, Consumer<List<RosterEntry>> sink) { down(); }
    @Override public AgentReportAck report(AgentReport r) { return down(); }
    @Override public boolean reachable() { return false; }
    @Override public long lastContactMillis() { return 0; }
}
