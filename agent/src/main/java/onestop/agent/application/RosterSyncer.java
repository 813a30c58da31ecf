package onestop.agent.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import onestop.agent.domain.AgentException;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the local copy current: the region's policies (replaced whole) and the area's roster (deltas since the last
 * version applied). Deltas are committed a page at a time together with their version, so a sync cut off by a crash
 * or an outage resumes from the last committed page and loses nothing.
 */
public final class RosterSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(RosterSyncer.class);
    /** Deltas per local transaction. */
    static final int PAGE = 2_000;
    /** Persons asked for per stream (the server's limit); a full stream means: ask again from where it ended. */
    static final int STREAM_PERSONS = 50_000;
    /** Streams per sync: a runaway loop ends (1,000 × 50,000 persons is beyond any area). */
    static final int MAX_STREAMS = 1_000;

    public static final String ROSTER_VERSION = "roster_version";
    public static final String LAST_SYNC = "last_sync_millis";

    private final CentralServer server;
    private final LocalStore store;
    private final LocalPolicies policies;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public RosterSyncer(CentralServer server, LocalStore store, LocalPolicies policies, Clock clock) {
        this.server = server;
        this.store = store;
        this.policies = policies;
        this.clock = clock;
    }

    public record Result(int policies, long persons, long rosterVersion) {}

    /** One sync now; a sync already running is not started twice (the caller gets null). */
    public Result syncNow() {
        if (!running.tryLock()) return null;
        try {
            int p = syncPolicies();
            long n = syncRoster();
            store.putMeta(LAST_SYNC, Long.toString(clock.millis()));
            return new Result(p, n, rosterVersion());
        } finally {
            running.unlock();
        }
    }

    /** The sync the scheduler runs: an unreachable server is expected during an outage, so it is one line, not a trace. */
    public void syncQuietly() {
        try {
            Result r = syncNow();
            if (r != null && r.persons() > 0) LOG.info("synced: {} policies, {} persons changed, roster version {}", r.policies(), r.persons(), r.rosterVersion());
        } catch (AgentException e) {
            LOG.warn("sync not done: {} {}", e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sync failed: {}", e.toString(), e);
        }
    }

    public long rosterVersion() {
        return store.meta(ROSTER_VERSION).map(Long::parseLong).orElse(0L);
    }

    public long lastSyncMillis() {
        return store.meta(LAST_SYNC).map(Long::parseLong).orElse(0L);
    }

    private int syncPolicies() {
        List<PolicyDocument> all = new ArrayList<>();
        String token = "";
        for (int pages = 0; pages < MAX_STREAMS; pages++) {
            PolicySnapshot page = server.policySnapshot(PolicySnapshotRequest.newBuilder().setPageToken(token).build());
            all.addAll(page.getPoliciesList());
            token = page.getNextPageToken();
            if (token.isEmpty()) break;
        }
        for (PolicyDocument d : all) policies.check(d); // a policy the engine cannot read is not stored
        store.replacePolicies(all);
        policies.reload();
        return all.size();
    }

    private long syncRoster() {
        long total = 0;
        for (int streams = 0; streams < MAX_STREAMS; streams++) {
            long since = rosterVersion();
            List<RosterDelta> page = new ArrayList<>(PAGE);
            long[] received = {0};
            try {
                server.streamRoster(RosterRequest.newBuilder().setSinceVersion(since).setMaxPersons(STREAM_PERSONS).build(), d -> {
                    page.add(d);
                    received[0]++;
                    if (page.size() == PAGE) {
                        store.applyRoster(page, d.getVersion());
                        page.clear();
                    }
                });
            } finally {
                // what arrived before a break-off is kept: the next sync asks from after it
                if (!page.isEmpty()) store.applyRoster(page, page.get(page.size() - 1).getVersion());
            }
            total += received[0];
            if (received[0] < STREAM_PERSONS) return total;
        }
        return total;
    }
}
