package onestop.server.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import onestop.server.application.ports.StoreBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's one writer as one thread: units of work queue up, and the thread runs as many as are
 * waiting (up to {@link #MAX_BATCH}) in one transaction, then commits once. One fsync is shared by
 * the batch; every caller is answered only after the commit, so an answer is durable. Units run one
 * after another on one connection: a later unit sees an earlier one's writes, exactly as if they had
 * committed in turn.
 *
 * <p>A unit that fails must fail alone. Failures are rare (bugs, I/O), so the batch first runs
 * without savepoints; only when a unit throws is the whole transaction rolled back and the batch run
 * again with each unit inside its own savepoint (units may run again: {@code Store} says so).
 *
 * <p>Callers either wait ({@link #submit}) or take a future ({@link #submitLater}) completed after the commit; the
 * second lets a gRPC call be answered without a thread parked on it.
 *
 * <p>With a {@link WalSyncer} the commit does not wait for the disk ({@code synchronous=NORMAL}): the answers go to the
 * syncer, which gives them once the log is on disk, while this thread goes on with the next batch. Without one (a
 * connection with {@code synchronous=FULL}) the commit itself syncs and the answers are given here.
 *
 * <p>While a commit would wait for the syncer to begin a sync, a batch stays open and units that arrive join it (up to
 * {@link #MAX_BATCH}): their answers would wait for the next sync whichever commit they were in, and one commit writes
 * each page the units share (the tables' and indexes' last leaves) once instead of once per unit. Under an open load the
 * batches held one or two settlements, so every commit wrote a dozen pages for one settlement.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 64;
    static final int MAX_QUEUED = 4096;
    /** How long a caller waits for its turn and the commit before it is told the store is too slow. */
    static final long WAIT_MILLIS = 30_000;

    /** The longest one batch stays open for the syncer, should its wake-up never come. */
    static final long MAX_LINGER_MILLIS = 50;

    private record Unit<T>(Database.Work<T> work, CompletableFuture<T> answer, long queuedAtNanos) {}

    /** Queued by the syncer when its force ends while a batch lingers: not work, only a wake-up. */
    private static final Unit<Void> SYNC_ENDED = new Unit<>(c -> null, new CompletableFuture<>(), 0);

    /** What one caller is told once its batch is durable: its result, or its unit's own failure. */
    record Answer<T>(CompletableFuture<T> future, T result, RuntimeException failure) {
        void give() {
            if (failure == null) future.complete(result);
            else future.completeExceptionally(failure);
        }

        /** The batch could not be made durable: the caller hears that instead. */
        void fail(RuntimeException why) {
            future.completeExceptionally(why);
        }
    }

    private final DataSource writes;
    private final WalSyncer syncer; // null: the connection's commit syncs
    private final BlockingQueue<Unit<?>> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean closed;
    private final long maxLingerNanos;
    private volatile boolean lingering; // a batch is open, waiting for the syncer to be ready to begin a sync
    private volatile Checkpointer checkpointer; // SQLite with a background checkpointer: asks for the log's restart

    /** Between batches, checkpoints what {@code c}'s last pass left whenever it asks, so the log starts again. */
    void restartLogFor(Checkpointer c) {
        this.checkpointer = c;
    }

    GroupCommitWriter(DataSource writes) {
        this(writes, null);
    }

    GroupCommitWriter(DataSource writes, WalSyncer syncer) {
        this(writes, syncer, MAX_LINGER_MILLIS);
    }

    GroupCommitWriter(DataSource writes, WalSyncer syncer, long maxLingerMillis) {
        this.writes = writes;
        this.syncer = syncer;
        this.maxLingerNanos = TimeUnit.MILLISECONDS.toNanos(maxLingerMillis);
        if (syncer != null) {
            // Lingering is set before the writer looks at the syncer, and the syncer counts a force as ended before it
            // looks at lingering: one of the two sees the other, so a lingering batch is never left waiting for a
            // wake-up. (The overlap's time needs none: the writer waits for it by the clock.)
            syncer.afterEachForce(() -> {
                if (lingering) queue.offer(SYNC_ENDED);
            });
        }
        this.thread = new Thread(this::loop, "onestop-sqlite-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} in the next batch and waits for the commit (at most {@link #WAIT_MILLIS} in all). */
    <T> T submit(Database.Work<T> work) {
        if (closed) throw new StoreException("store is closed", null);
        if (syncer != null && syncer.broken() != null) throw syncer.stopped();
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            if (!queue.offer(new Unit<>(work, answer, System.nanoTime()), WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new StoreBusy("the write queue stayed full for " + WAIT_MILLIS + " ms");
            }
            return answer.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        } catch (TimeoutException e) {
            throw new StoreException("the store did not answer within " + WAIT_MILLIS + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new StoreException("write failed", e.getCause());
        }
    }

    /**
     * Queues {@code work} without waiting: the future completes on the writer thread once the batch is committed (or
     * fails with the unit's exception). A full queue fails it at once rather than block the caller, which may be a
     * network thread; a unit that waited in the queue longer than {@link #WAIT_MILLIS} fails without running.
     */
    <T> CompletableFuture<T> submitLater(Database.Work<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new StoreException("store is closed", null));
        } else if (syncer != null && syncer.broken() != null) {
            answer.completeExceptionally(syncer.stopped());
        } else if (!queue.offer(new Unit<>(work, answer, System.nanoTime()))) {
            answer.completeExceptionally(new StoreBusy("the write queue is full (" + MAX_QUEUED + " waiting)"));
        }
        return answer;
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first == SYNC_ENDED) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(u -> u == SYNC_ENDED);
                dropStale(batch);
                runBatch(batch);
                restartLogIfAsked();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("writer failed: {}", e.toString(), e);
                for (Unit<?> u : batch) u.answer().completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * The checkpointer's last pass copied almost the whole log: this checkpoint copies the few frames committed since,
     * with no transaction open, so the log is all copied when the next batch begins and SQLite starts it again from its
     * beginning. A checkpoint that fails or is not complete (a reader holds the log) only means no restart this time.
     */
    private void restartLogIfAsked() {
        Checkpointer c = checkpointer;
        if (c == null || !c.takeRestartRequest()) return;
        try (Connection conn = writes.getConnection(); java.sql.Statement s = conn.createStatement();
                java.sql.ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
        } catch (SQLException e) {
            LOG.warn("checkpoint before the log's restart failed: {}", e.getMessage());
        } finally {
            c.restartCopyDone();
        }
    }

    /** Units that waited past their callers' patience are answered as such and not run. */
    private static void dropStale(List<Unit<?>> batch) {
        long now = System.nanoTime();
        batch.removeIf(u -> stale(u, now));
    }

    /** True, and {@code u} answered as such, when it waited past its caller's patience. */
    private static boolean stale(Unit<?> u, long nowNanos) {
        if (nowNanos - u.queuedAtNanos() <= TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS)) return false;
        u.answer().completeExceptionally(new StoreBusy("the store did not start this write within " + WAIT_MILLIS + " ms"));
        return true;
    }

    private void runBatch(List<Unit<?>> batch) {
        if (batch.isEmpty()) return;
        List<Answer<?>> answers = new ArrayList<>(batch.size());
        long seq = 0;
        boolean committed = false;
        try (Connection c = writes.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!(runTogether(c, batch, answers) && lingerWhileSyncing(c, batch, answers))) {
                    c.rollback(); // one unit failed: none of the batch stands; again, each alone in a savepoint
                    answers.clear();
                    for (Unit<?> u : batch) answers.add(runInSavepoint(c, u));
                }
                if (syncer != null) seq = syncer.nextSequence();
                c.commit();
                committed = true;
            } catch (SQLException | RuntimeException e) {
                Database.rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            for (Unit<?> u : batch) u.answer().completeExceptionally(new StoreException("commit failed", e));
        } finally {
            // a sequence taken is always handed back, with the answers only if the commit held: readers may wait for it
            if (seq != 0) syncer.committed(seq, committed ? answers : List.of());
        }
        if (syncer == null) answers.forEach(Answer::give); // only now: what each caller is told is committed
    }

    /** Runs the batch's units in turn on the open transaction; false as soon as one throws. */
    private static boolean runTogether(Connection c, List<Unit<?>> batch, List<Answer<?>> answers) {
        for (Unit<?> u : batch) {
            Answer<?> answer = runBare(c, u);
            if (answer == null) return false;
            answers.add(answer);
        }
        return true;
    }

    /**
     * While a commit would wait for a sync to begin, runs the units that arrive in this open transaction; returns when a
     * sync may begin (one ended, or the running one is slow enough for another beside it), the batch is full or
     * {@link #MAX_LINGER_MILLIS} have passed (true), or as soon as a unit throws (false).
     */
    private boolean lingerWhileSyncing(Connection c, List<Unit<?>> batch, List<Answer<?>> answers) {
        if (syncer == null) return true;
        long deadline = System.nanoTime() + maxLingerNanos;
        lingering = true; // before each look at the syncer (see the constructor)
        try {
            while (batch.size() < MAX_BATCH) {
                long untilSync = syncer.nanosUntilNextSync();
                if (untilSync == 0) return true;
                long left = deadline - System.nanoTime();
                if (left <= 0) return true;
                Unit<?> u = queue.poll(Math.min(left, untilSync), TimeUnit.NANOSECONDS);
                if (u == SYNC_ENDED) return true;
                if (u == null) continue; // a sync may begin beside the running one now, or the bound has passed
                if (stale(u, System.nanoTime())) continue;
                batch.add(u);
                Answer<?> answer = runBare(c, u);
                if (answer == null) return false;
                answers.add(answer);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the loop ends after this batch's commit
            return true;
        } finally {
            lingering = false;
        }
    }

    private static <T> Answer<T> runBare(Connection c, Unit<T> u) {
        try {
            return new Answer<>(u.answer(), u.work().run(c), null);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private <T> Answer<T> runInSavepoint(Connection c, Unit<T> u) throws SQLException {
        Savepoints sp = savepoints(c);
        sp.set();
        try {
            T result = u.work().run(c);
            sp.release();
            return new Answer<>(u.answer(), result, null);
        } catch (SQLException | RuntimeException e) {
            sp.rollback();
            RuntimeException failure = e instanceof RuntimeException r ? r : new StoreException("transaction failed", e);
            return new Answer<>(u.answer(), null, failure);
        }
    }

    private Savepoints savepoints; // of the writer's connection: only the writer thread touches it

    private Savepoints savepoints(Connection c) throws SQLException {
        Connection raw = c.unwrap(Connection.class);
        if (savepoints == null || savepoints.raw != raw) {
            if (savepoints != null) savepoints.close();
            savepoints = new Savepoints(raw);
        }
        return savepoints;
    }

    /**
     * Each unit's savepoint, by statements prepared once on the writer's connection (the driver's own
     * {@code setSavepoint} prepares, runs and frees a new statement for each, twice per unit). One unit at a time, so
     * one name serves: ROLLBACK TO then RELEASE leaves the transaction as it was before the unit.
     */
    private static final class Savepoints {
        final Connection raw;
        private final PreparedStatement set;
        private final PreparedStatement release;
        private final PreparedStatement rollbackTo;

        Savepoints(Connection raw) throws SQLException {
            this.raw = raw;
            this.set = raw.prepareStatement("SAVEPOINT onestop_unit");
            this.release = raw.prepareStatement("RELEASE SAVEPOINT onestop_unit");
            this.rollbackTo = raw.prepareStatement("ROLLBACK TO SAVEPOINT onestop_unit");
        }

        void set() throws SQLException {
            set.execute();
        }

        void release() throws SQLException {
            release.execute();
        }

        void rollback() throws SQLException {
            rollbackTo.execute();
            release.execute();
        }

        void close() {
            for (PreparedStatement ps : new PreparedStatement[] {set, release, rollbackTo}) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // its connection is gone; so is the statement
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (syncer != null) syncer.close(); // after the writer: its last batches are synced and answered
    }
}
