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
 * frames are written, not yet forced to disk) and hands the batch's answers here; this thread forces the write-ahead
 * log to disk ({@code fdatasync}) and only then gives the answers. While it syncs, the writer already runs and commits
 * the next batch, so a slow sync (a disk stall, a checkpoint's own sync) holds answers back but not the work: one
 * sync serves every batch committed before it began.
 *
 * <p>Nothing unsynced is told to anyone: a writer's answer waits for the sync after its commit, and a read waits for
 * the sync of every commit it could have seen ({@link #awaitSynced}). A process killed with {@code kill -9} loses
 * nothing the kernel holds; a power cut loses only commits nobody was told about, which SQLite's log recovery rolls
 * back whole.
 *
 * <p>The log is opened afresh for each sync, so the sync always reaches the file SQLite writes (whatever happened to
 * it since) — fsync acts on the file, not on the descriptor that wrote it. A failed sync leaves the state of the
 * unsynced commits unknown (Linux may drop the dirty pages after reporting the error once), so the store stops:
 * every waiting and later answer fails, and the operator restarts the server, whose recovery reads what the disk has.
 */
final class WalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalSyncer.class);

    /** A committed batch waiting for its sync: its sequence number and its callers' answers. */
    private record Committed(long seq, List<GroupCommitWriter.Answer<?>> answers) {}

    /** Opens, forces and closes the log: a seam for tests that make the disk fail. */
    interface LogFile {
        void force() throws IOException;
    }

    private final LogFile log;
    private final Object lock = new Object();
    private final List<Committed> waiting = new ArrayList<>(); // guarded by lock
    private volatile long assigned;                             // written under lock: the last sequence handed out
    private volatile long synced;
    private volatile IOException broken;
    private volatile boolean closed;
    private volatile boolean forcing;                           // between taking a batch and its force's end
    private volatile Runnable afterEachForce = () -> {};
    private final Thread thread;

    WalSyncer(Path walFile) {
        this(() -> {
            try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.WRITE)) {
                ch.force(false); // fdatasync: the frames and the file's length, what reading them back needs
            }
        });
    }

    WalSyncer(LogFile log) {
        this.log = log;
        this.thread = new Thread(this::loop, "onestop-sqlite-sync");
        thread.setDaemon(true);
        thread.start();
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

    /** True while this thread forces the log for the batches it took: a commit now waits for the next force. */
    boolean forcing() {
        return forcing;
    }

    /** {@code r} runs on this thread after each force, once {@link #forcing} is false again (the writer's wake-up). */
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
     * Waits until every batch up to {@code seq} is on disk: a read answers only what survives a power cut. Not from this
     * syncer's own thread (a dependent of an answer that reads the store), which would wait for itself.
     */
    void awaitSynced(long seq, long timeoutMillis) {
        if (synced >= seq) return;
        if (Thread.currentThread() == thread) {
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
        List<Committed> batch = new ArrayList<>();
        while (true) {
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (waiting.isEmpty()) return; // closed and drained
                batch.addAll(waiting);
                waiting.clear();
                forcing = true;
            }
            long upTo = batch.get(batch.size() - 1).seq();
            if (broken == null) {
                try {
                    log.force();
                } catch (IOException | RuntimeException e) {
                    IOException cause = e instanceof IOException io ? io : new IOException(e);
                    LOG.error("the write-ahead log could not be synced to disk; the store stops taking writes: {}", e.toString());
                    broken = cause;
                }
            }
            forcing = false;
            afterEachForce.run();
            if (broken == null) {
                synced = upTo;
                synchronized (lock) {
                    lock.notifyAll();
                }
                for (Committed c : batch) c.answers().forEach(GroupCommitWriter.Answer::give);
            } else {
                synchronized (lock) {
                    lock.notifyAll();
                }
                StoreException failure = stopped();
                for (Committed c : batch) c.answers().forEach(a -> a.fail(failure));
            }
            batch.clear();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(GroupCommitWriter.WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
