package onestop.agent.application;

import java.util.List;
import java.util.function.Consumer;
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

/**
 * The central server as the agent sees it. Every call has a deadline and a bounded number of tries; when the server
 * does not answer it throws {@link onestop.agent.domain.AgentException} with SERVER_UNREACHABLE, and a rejection of
 * the server's with the server's own code, field and message. A settle or reverse is retried only as the very same
 * request (its request id unchanged), so a retry never pays twice.
 */
public interface CentralServer {
    EligibilityDecision checkEligibility(CheckEligibilityRequest request);

    SettlementResult preSettle(SettleRequest request);

    Settlement settle(SettleRequest request);

    Settlement reverse(ReverseRequest request);

    Settlement getSettlement(GetSettlementRequest request);

    VoucherHolder resolveVoucher(String code);

    PolicySnapshot policySnapshot(PolicySnapshotRequest request);

    /**
     * Streams roster changes to {@code sink} in version order, up to {@code batch} at a time (the last batch may be
     * shorter), on the caller's thread. A failure part way delivers what arrived before it, then throws.
     */
    void streamRoster(RosterRequest request, int batch, Consumer<List<RosterEntry>> sink);

    AgentReportAck report(AgentReport report);

    /**
     * True while no call would be tried now: the link could not connect and waits out its reconnect backoff. A caller
     * may then go straight to its outage path without first keeping a request id for a call that will not be made.
     */
    default boolean linkDown() {
        return false;
    }

    /** Whether the last call reached the server (false before the first). */
    boolean reachable();

    /** When a call last reached the server (epoch millis), 0 never. */
    long lastContactMillis();
}
