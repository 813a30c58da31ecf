package onestop.server.adapters.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's commit durability, off the writer thread. The writer commits with {@code synchronous=NORMAL} (the log's
 * frames are written, not yet forced to disk) and hands the batch's answers here; a sync thread forces the write-ahead
 * log to disk ({@code fdatasync}) and only then gives the answers. While it syncs, the writer already runs and commits
 * the next batch, so a slow sync (a disk stall, a checkpoint's own sync) holds answers back but not the work: one
 * sync serves every batch committed before it began.
 *
 * <p>Syncs overlap. A sync that has run {@link #OVERLAP_AFTER_MILLIS} without ending is most likely queued behind the
 * checkpoint's burst of the database file's pages; the batches committed meanwhile need not wait for its end and then
 * a whole sync of their own: a second sync starts (at most {@link #MAX_IN_FLIGHT} at once). A sync that ends covers
 * every commit made before it began, whatever other syncs are still running, so the log is on disk up to the highest
 * batch of any sync that has ended, and that sync gives the answers of every batch up to there, also those an earlier,
 * slower sync took. Fast syncs (the usual 1-2 ms) never overlap: one at a time serves more batches each.
 *
 * <p>Nothing unsynced is told to anyone: a writer's answer waits for a sync begun after its commit, and a read waits
 * for the sync of every commit it could have seen ({@link #awaitSynced}). A process killed with {@code kill -9} loses
 * nothing the kernel holds; a power cut loses only commits nobody was told about, which SQLite's log recovery rolls
 * back whole. Sequence numbers come from the one writer in commit order ({@link #syncNow} only at start, before it
 * has work), so a batch's number taken means every lower one is committed.
 *
 * <p>The log is opened afresh for each sync, so the sync always reaches the file SQLite writes (whatever happened to
 * it since) — fsync acts on the file, not on the descriptor that wrote it. A failed sync leaves the state of the
 * unsynced commits unknown (Linux may drop the dirty pages after reporting the error once, so a later sync's success
 * proves nothing), so the store stops: every waiting and later answer fails, also those of syncs still running, and
 * the operator restarts the server, whose recovery reads what the disk has.
 */
final class WalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalSyncer.class);

    /** How many syncs may run at once: a bound on the threads that wait on the disk. */
    static final int MAX_IN_FLIGHT = 3;
    /** How long a sync runs before the next may start beside it: longer than the usual sync, short against a stall. */
    static final long OVERLAP_AFTER_MILLIS = 2;

    /** A committed batch waiting for its sync: its sequence number and its callers' answers. */
    private record Committed(long seq, List<GroupCommitWriter.Answer<?>> answers) {}

    /** Opens, forces and closes the log: a seam for tests that make the disk fail. */
    interface LogFile {
        void force() throws IOException;
    }

    private final LogFile log;
    private final int maxInFlight;
    private final long overlapAfterNanos;
    private final Object lock = new Object();
    private final List<Committed> waiting = new ArrayList<>(); // guarded by lock: committed, no sync begun since
    private final List<Committed> taken = new ArrayList<>();   // guarded by lock: a sync begun since, not answered yet
    private int inFlight;                                       // guarded by lock
    private long newestStartNanos;                              // guarded by lock: when the latest running sync began
    private volatile long assigned;                             // written under lock: the last sequence handed out
    private volatile long synced;                               // written under lock: every batch up to it is on disk
    private volatile IOException broken;
    private volatile boolean closed;
    private volatile Runnable afterEachForce = () -> {};
    private final List<Thread> threads = new ArrayList<>();

    WalSyncer(Path walFile) {
        this(() -> {
            try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.WRITE)) {
                ch.force(false); // fdatasync: the frames and the file's length, what reading them back needs
            }
        }, MAX_IN_FLIGHT, OVERLAP_AFTER_MILLIS);
    }

    /** {@code maxInFlight} 1: one sync at a time (tests that hold a sync and look at what waits for it). */
    WalSyncer(LogFile log, int maxInFlight, long overlapAfterMillis) {
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        this.log = log;
        this.maxInFlight = maxInFlight;
        this.overlapAfterNanos = TimeUnit.MILLISECONDS.toNanos(overlapAfterMillis);
        for (int i = 0; i < maxInFlight; i++) {
            Thread t = new Thread(this::loop, "onestop-sqlite-sync-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /**
     * The writer, just before it commits a batch: the batch's sequence number. Taken before the commit so that a reader
     * that could see the batch's rows also sees its number ({@link #lastAssigned}).
     */
    long nextSequence() {
        synchronized (lock) {
            return ++assigned;
        }
    }

    /** The writer, after the commit: {@code answers} are given once the log is on disk. */
    void committed(long seq, List<GroupCommitWriter.Answer<?>> answers) {
        synchronized (lock) {
            waiting.add(new Committed(seq, answers));
            lock.notifyAll();
        }
    }

    /** Forces the log now and waits: for what was written around the writer (migrations at start). */
    void syncNow(long timeoutMillis) {
        long seq = nextSequence();
        committed(seq, List.of());
        awaitSynced(seq, timeoutMillis);
    }

    /**
     * How long a commit made now would still wait for a sync to begin: 0 when one may begin at once (none running, or
     * the newest has run past the overlap and there is room); the time left to the overlap; or {@link Long#MAX_VALUE}
     * while {@link #MAX_IN_FLIGHT} run (the end of one is announced by {@link #afterEachForce}).
     */
    long nanosUntilNextSync() {
        synchronized (lock) {
            return nanosUntilNextSync(System.nanoTime());
        }
    }

    private long nanosUntilNextSync(long nowNanos) { // under lock
        if (inFlight == 0) return 0;
        if (inFlight >= maxInFlight) return Long.MAX_VALUE;
        return Math.max(0, overlapAfterNanos - (nowNanos - newestStartNanos));
    }

    /** True while a commit made now would wait for a sync to begin (see {@link #nanosUntilNextSync}). */
    boolean forcing() {
        return nanosUntilNextSync() > 0;
    }

    /** {@code r} runs on a sync thread after each force, once it no longer counts as running (the writer's wake-up). */
    void afterEachForce(Runnable r) {
        this.afterEachForce = r;
    }

    /** The sequence number of the last batch the writer began to commit. */
    long lastAssigned() {
        return assigned; // every read asks: a volatile read, not the writer's and syncer's lock
    }

    /** Null while syncs succeed; else why the store stopped. */
    IOException broken() {
        return broken;
    }

    /**
     * Waits until every batch up to {@code seq} is on disk: a read answers only what survives a power cut. Not from a
     * sync thread (a dependent of an answer that reads the store), which could wait for itself.
     */
    void awaitSynced(long seq, long timeoutMillis) {
        if (synced >= seq) return;
        if (threads.contains(Thread.currentThread())) {
            throw new IllegalStateException("a read on the log's sync thread would wait for itself: answer dependents must not read the store");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (synced < seq) {
                if (broken != null) throw stopped();
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new StoreException("the write-ahead log was not on disk within " + timeoutMillis + " ms", null);
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for the log to reach the disk", e);
                }
            }
        }
    }

    StoreException stopped() {
        return new StoreException("the store stopped: the write-ahead log could not be synced to disk (" + broken.getMessage()
                + "); restart the server", broken);
    }

    private void loop() {
        List<Committed> done = new ArrayList<>();
        while (true) {
            long upTo;
            synchronized (lock) {
                if (!awaitTurn()) return;
                upTo = waiting.get(waiting.size() - 1).seq();
                taken.addAll(waiting);
                waiting.clear();
                inFlight++;
                newestStartNanos = System.nanoTime();
            }
            IOException failure = broken == null ? force() : broken;
            synchronized (lock) {
                inFlight--;
                if (failure != null && broken == null) {
                    LOG.error("the write-ahead log could not be synced to disk; the store stops taking writes: {}", failure.toString());
                    broken = failure;
                }
                if (broken == null) {
                    synced = Math.max(synced, upTo);
                    long onDisk = synced;
                    taken.removeIf(c -> c.seq() <= onDisk && done.add(c));
                } else {
                    done.addAll(taken); // also what running syncs took: after a failure their success proves nothing
                    taken.clear();
                }
                lock.notifyAll();
            }
            afterEachForce.run();
            if (broken == null) {
                for (Committed c : done) c.answers().forEach(GroupCommitWriter.Answer::give);
            } else {
                StoreException stopped = stopped();
                for (Committed c : done) c.answers().forEach(a -> a.fail(stopped));
            }
            done.clear();
        }
    }

    /**
     * Under lock: waits until this thread may begin a sync of what waits (true), or until closed with nothing left to
     * take (false).
     */
    private boolean awaitTurn() {
        while (true) {
            long wait = waiting.isEmpty() ? Long.MAX_VALUE : nanosUntilNextSync(System.nanoTime());
            if (wait == 0) return true;
            if (waiting.isEmpty() && closed) return false;
            try {
                if (wait == Long.MAX_VALUE) lock.wait();
                else TimeUnit.NANOSECONDS.timedWait(lock, wait);
            } catch (InterruptedException e) {
                closed = true; // drains what waits, then ends
            }
        }
    }

    private IOException force() {
        try {
            log.force();
            return null;
        } catch (IOException e) {
            return e;
        } catch (RuntimeException e) {
            return new IOException(e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GroupCommitWriter.WAIT_MILLIS);
        try {
            for (Thread t : threads) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
