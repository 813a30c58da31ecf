package onestop.agent.application;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outage journal to the server once it answers again, in journal order: peek, send with the original request
 * id (the server answers a repeat with its first answer, so a crash between send and mark sends it again harmlessly),
 * then mark the entry forwarded with the server's answer. A business rejection (the person was not insured after all)
 * marks that entry rejected, kept for the office, and the next goes on; a server that does not answer ends the round
 * and the next waits a backoff with jitter, doubling to at most the configured bound. Nothing is ever given
 * up: the journal only shrinks by the server's answers.
 */
public final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    /** Entries sent in one round at most: the counter's own calls share the link. */
    public static final int BATCH = 100;
    static final long MIN_BACKOFF_MILLIS = 1_000;

    private final CentralServer server;
    private final OfflineJournal journal;
    private final LocalStore store;
    private final OfflineSettlements offline;
    private final Clock clock;
    private final long maxBackoffMillis;
    private final long keepForwardedMillis;
    private long prunedAtMillis; // guarded by this
    private int failures; // rounds in a row that did not reach the server; guarded by this
    private long nextTryAtMillis;

    public Forwarder(CentralServer server, OfflineJournal journal, LocalStore store, OfflineSettlements offline, long maxBackoffMillis,
                     long keepForwardedMillis, Clock clock) {
        this.maxBackoffMillis = maxBackoffMillis;
        this.keepForwardedMillis = keepForwardedMillis;
        this.server = server;
        this.journal = journal;
        this.store = store;
        this.offline = offline;
        this.clock = clock;
    }

    /** What one round did; {@code reachedServer} false when the server did not answer (the round stopped there). */
    public record Round(int forwarded, int rejected, boolean reachedServer) {}

    /** One round, unless the backoff after a failed one has not passed yet. */
    public synchronized Round forwardDue() {
        if (clock.millis() < nextTryAtMillis) return new Round(0, 0, false);
        return forward();
    }

    /** One round now: up to {@link #BATCH} pending entries in order. */
    public synchronized Round forward() {
        int forwarded = 0;
        int rejected = 0;
        List<OfflineJournal.Entry> batch = journal.pending(BATCH);
        for (OfflineJournal.Entry e : batch) {
            Settlement answer;
            try {
                answer = send(e);
            } catch (AgentException x) {
                if (x.code() == ResultCode.SERVER_UNREACHABLE) {
                    journal.attempted(e.seq());
                    failures++;
                    long backoff = Math.min(maxBackoffMillis, MIN_BACKOFF_MILLIS << Math.min(failures - 1, 16));
                    nextTryAtMillis = clock.millis() + backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    if (forwarded + rejected > 0) LOG.info("forwarded {} and rejected {} offline entries before the server stopped answering", forwarded, rejected);
                    return new Round(forwarded, rejected, false);
                }
                String rejection = x.code().name() + "|" + x.field() + "|" + x.getMessage();
                journal.rejected(e.seq(), rejection, clock.millis());
                store.answerCall(e.requestId(), null, rejection);
                LOG.warn("offline {} {} rejected by the server: {} {}", e.kind(), e.settlementId(), x.code(), x.getMessage());
                rejected++;
                continue;
            }
            // one transaction: the entry forwarded, the answer kept and given to its request id, the year as now known
            byte[] year = e.kind() == OfflineJournal.Kind.SETTLE ? offline.afterForward(e, answer.getResult().getAfter()) : null;
            journal.forwarded(e, answer, OfflineSettlements.patientDifferenceFen(answer), clock.millis(), year);
            forwarded++;
        }
        failures = 0;
        nextTryAtMillis = 0;
        if (forwarded + rejected > 0) LOG.info("forwarded {} and rejected {} offline entries", forwarded, rejected);
        return new Round(forwarded, rejected, true);
    }

    /** Once an hour: forwarded entries older than they are kept for go (the journal's file stays bounded). */
    synchronized int pruneDue() {
        long now = clock.millis();
        if (now - prunedAtMillis < 3_600_000L) return 0;
        prunedAtMillis = now;
        int n = journal.pruneForwarded(now - keepForwardedMillis);
        if (n > 0) LOG.info("pruned {} forwarded offline entries confirmed more than {} days ago", n, keepForwardedMillis / 86_400_000L);
        return n;
    }

    private Settlement send(OfflineJournal.Entry e) {
        try {
            return switch (e.kind()) {
                case SETTLE -> server.settle(SettleRequest.parseFrom(e.request()));
                case REVERSE -> server.reverse(ReverseRequest.parseFrom(e.request()));
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException x) {
            throw new IllegalStateException("journal entry " + e.seq() + " does not parse", x);
        }
    }

    /** Full rounds in a row at most before the background thread yields (the journal waits one tick for the rest). */
    static final int MAX_ROUNDS_IN_A_ROW = 50;

    /**
     * For the background thread: a round when due, then more while each round was full, never an exception out of it
     * (the next tick tries again).
     */
    public void forwardQuietly() {
        try {
            pruneDue();
            Round r = forwardDue();
            for (int i = 1; i < MAX_ROUNDS_IN_A_ROW && r.reachedServer() && r.forwarded() + r.rejected() == BATCH; i++) r = forward();
        } catch (RuntimeException e) {
            LOG.error("forwarding the offline journal failed: {}", e.toString(), e);
        }
    }
}
