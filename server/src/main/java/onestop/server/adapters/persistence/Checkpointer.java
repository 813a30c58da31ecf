package onestop.server.adapters.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: copies the write-ahead log into the database file from a thread of its own, so that a commit waits for the
 * log's fsync only. PASSIVE never blocks the writer or a reader. When the log is long ({@link CheckpointPlan}), it asks
 * the writer ({@link #takeRestartRequest}) to copy the last few frames itself between two batches, which lets the
 * writer's next transaction start the log again from its beginning. The writer's own auto-checkpoint stays on at
 * {@link Database#WAL_AUTOCHECKPOINT_PAGES}, a bound on the log should this thread fall behind or fail.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /**
     * Between passes. Each pass ends with an fsync of the database file, which the log's own sync waits behind: shorter
     * copies fewer pages at a time (measured: passes of 3.9 ms on average instead of 5.4, the longest 57 ms instead of
     * 63), at the cost of rewriting the tables' last leaves more often.
     */
    static final long INTERVAL_MILLIS = 10;
    /**
     * A log this long (4 KiB pages: 256 MiB) is started again. Each restart stalls the writer for its own last copy and
     * the database file's fsync (5-47 ms measured); at 32 MiB an open load of 2,200 settlements a second restarted the log
     * 1.7 times a second, and two thirds of its slowest 1% of answers had waited for one. The file keeps its length once
     * grown, so the log's syncs never extend it again.
     */
    static final int RESTART_FRAMES = 65_536;

    /** The longest this thread waits, after asking, for the writer to take the request and copy: an idle writer never does. */
    static final long MAX_WAIT_FOR_WRITER_MILLIS = 200;

    /** A restart of the log: none due, asked of the writer, or the writer copying for it (no pass runs then). */
    private enum Restart { NONE, WANTED, COPYING }

    private final String jdbcUrl;
    private final CheckpointPlan plan;
    private final AtomicReference<Restart> restart = new AtomicReference<>(Restart.NONE);
    private final Thread thread;
    private volatile boolean closed;

    Checkpointer(String jdbcUrl) {
        this(jdbcUrl, RESTART_FRAMES);
    }

    Checkpointer(String jdbcUrl, int restartFrames) {
        this.jdbcUrl = jdbcUrl;
        this.plan = new CheckpointPlan(restartFrames);
        this.thread = new Thread(this::loop, "onestop-sqlite-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The writer, between batches: true once for each time the log is due to start again; the writer then copies and
     * says when it is done ({@link #restartCopyDone}). No pass of this thread runs meanwhile: the writer's checkpoint
     * would find the pass's lock taken and copy nothing, and the log would grow on to the writer's bound.
     */
    boolean takeRestartRequest() {
        return restart.get() == Restart.WANTED && restart.compareAndSet(Restart.WANTED, Restart.COPYING);
    }

    /** The writer's copy for a restart is over (done or not): passes may run again. */
    void restartCopyDone() {
        restart.set(Restart.NONE);
    }

    private void loop() {
        Connection c = null;
        while (!closed) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(jdbcUrl);
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout=1000");
                    }
                }
                CheckpointPlan.Step step;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next(); // busy, log frames, frames checkpointed
                    step = plan.after(rs.getInt(2), rs.getInt(3));
                }
                if (step == CheckpointPlan.Step.AGAIN) continue;
                if (step == CheckpointPlan.Step.ASK_WRITER) awaitWriterCopy();
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                break;
            } catch (SQLException e) {
                // The writer's auto-checkpoint bounds the log meanwhile; try again on a fresh connection.
                LOG.warn("background checkpoint failed: {}", e.getMessage());
                closeQuietly(c);
                c = null;
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        closeQuietly(c);
    }

    /**
     * Asks the writer, then waits until it has taken the request and copied; a request not taken within
     * {@link #MAX_WAIT_FOR_WRITER_MILLIS} (an idle writer) is withdrawn, and passes go on: the plan asks again later.
     */
    private void awaitWriterCopy() throws InterruptedException {
        restart.set(Restart.WANTED);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_FOR_WRITER_MILLIS);
        while (restart.get() == Restart.WANTED && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(1);
        if (restart.compareAndSet(Restart.WANTED, Restart.NONE)) return;
        while (restart.get() == Restart.COPYING && !closed) TimeUnit.MILLISECONDS.sleep(1);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // going away
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
