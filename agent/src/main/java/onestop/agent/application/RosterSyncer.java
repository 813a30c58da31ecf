package onestop.agent.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import onestop.agent.domain.AgentException;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
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
    /**
     * Deltas per local transaction. Persons arrive in version order, not ID order, so each transaction touches index
     * pages all over the table: 2,000 a transaction rewrote about one 4 KiB page per person (a 1M roster took 88-145 s);
     * 20,000 share most of their pages (15-18 s for the store alone). Two batches are in memory at most (one applied,
     * one arriving): about 4 MB each ({@link RosterEntry}).
     */
    static final int PAGE = 20_000;
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
    private final int page;
    private final int streamPersons;
    private final ReentrantLock running = new ReentrantLock();
    /** Persons in the local roster: counted at the first ask and after each sync, not per status answer (1M rows). */
    private volatile long rosterSize = -1;
    /** The version applied last and the last sync's end, as stored: read once, then kept here as they are written. */
    private final AtomicLong rosterVersion = new AtomicLong(-1);
    private final AtomicLong lastSyncMillis = new AtomicLong(-1);

    public RosterSyncer(CentralServer server, LocalStore store, LocalPolicies policies, Clock clock) {
        this(server, store, policies, clock, PAGE, STREAM_PERSONS);
    }

    /** With other batch and stream sizes (tests: a few persons cross the same boundaries as a million). */
    RosterSyncer(CentralServer server, LocalStore store, LocalPolicies policies, Clock clock, int page, int streamPersons) {
        this.server = server;
        this.store = store;
        this.policies = policies;
        this.clock = clock;
        this.page = page;
        this.streamPersons = streamPersons;
    }

    public record Result(int policies, long persons, long rosterVersion) {}

    /** One sync now; a sync already running is not started twice (the caller gets null). */
    public Result syncNow() {
        if (!running.tryLock()) return null;
        try {
            int p = syncPolicies();
            long n;
            try {
                n = syncRoster();
            } finally {
                store.endRosterSync();
                rosterSize = store.rosterSize(); // a sync broken off midway has kept what arrived
            }
            long now = clock.millis();
            store.putMeta(LAST_SYNC, Long.toString(now));
            lastSyncMillis.set(now);
            return new Result(p, n, rosterVersion());
        } finally {
            running.unlock();
        }
    }

    /** The sync the scheduler runs: an unreachable server is expected during an outage, so it is one line, not a trace. */
    public void syncQuietly() {
        try {
            long t0 = System.nanoTime();
            Result r = syncNow();
            if (r != null && r.persons() > 0) {
                LOG.info("synced: {} policies, {} persons changed, roster version {}, {} ms", r.policies(), r.persons(), r.rosterVersion(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (AgentException e) {
            LOG.warn("sync not done: {} {}", e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sync failed: {}", e.toString(), e);
        }
    }

    /** The roster version applied last (0: none), for the status answer, the report and the metrics. */
    public long rosterVersion() {
        long v = rosterVersion.get();
        if (v >= 0) return v;
        rosterVersion.compareAndSet(-1, storedVersion()); // not over a version a sync has set meanwhile
        return rosterVersion.get();
    }

    private long storedVersion() {
        return store.meta(ROSTER_VERSION).map(Long::parseLong).orElse(0L);
    }

    public long rosterSize() {
        long n = rosterSize;
        if (n < 0) rosterSize = n = store.rosterSize();
        return n;
    }

    /** Read by every answer of the HIS API: from memory, never waiting for the store while a sync writes. */
    public long lastSyncMillis() {
        long t = lastSyncMillis.get();
        if (t >= 0) return t;
        lastSyncMillis.compareAndSet(-1, store.meta(LAST_SYNC).map(Long::parseLong).orElse(0L));
        return lastSyncMillis.get();
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
            long since = storedVersion(); // exactly what the last committed batch recorded
            long[] received = {0};
            // each batch is one transaction with its last version: what arrived before a break-off is kept, and the
            // next sync asks from after it
            server.streamRoster(RosterRequest.newBuilder().setSinceVersion(since).setMaxPersons(streamPersons).build(), page, batch -> {
                long version = batch.get(batch.size() - 1).version();
                store.applyRoster(batch, version);
                rosterVersion.set(version);
                received[0] += batch.size();
            });
            total += received[0];
            if (received[0] < streamPersons) return total;
        }
        return total;
    }
}
