package onestop.server.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The log's sync off the writer thread: nobody is answered before the log is on disk, the writer goes on meanwhile,
 * reads wait for what they could see, and a failed sync stops the store. The disk is a fake whose force is held or
 * fails on command; the database is a real SQLite file.
 */
class WalSyncerTest {
    @TempDir
    Path dir;
    private String url;
    private final Semaphore forcesAllowed = new Semaphore(0);
    private final AtomicInteger forces = new AtomicInteger();
    private volatile IOException nextFailure;
    private WalSyncer syncer;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:sqlite:" + dir.resolve("s.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)");
        }
        SQLiteDataSource ds = newDataSource();
        syncer = newSyncer();
        writer = new GroupCommitWriter(ds, syncer, 60_000); // a batch lingers until the force ends, however slow the test
    }

    /**
     * A syncer whose force waits for {@link #forcesAllowed} and then fails with {@link #nextFailure}, if set; one force
     * at a time, so that a held force holds every later commit.
     */
    private WalSyncer newSyncer() {
        return newSyncer(1);
    }

    private WalSyncer newSyncer(int maxInFlight) {
        return new WalSyncer(() -> {
            try {
                if (!forcesAllowed.tryAcquire(10, TimeUnit.SECONDS)) throw new IOException("test: force never allowed");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            forces.incrementAndGet();
            IOException failure = nextFailure;
            if (failure != null) throw failure;
        }, maxInFlight, WalSyncer.OVERLAP_AFTER_MILLIS);
    }

    /** A disk whose every force waits for its own gate: the test ends them in any order, each well or failing. */
    private static final class GatedLog implements WalSyncer.LogFile {
        final java.util.List<CountDownLatch> gates = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Map<Integer, IOException> failures = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();

        GatedLog() {
            for (int i = 0; i < 10; i++) gates.add(new CountDownLatch(1));
        }

        @Override
        public void force() throws IOException {
            int i = started.getAndIncrement();
            try {
                if (!gates.get(i).await(10, TimeUnit.SECONDS)) throw new IOException("test: force " + i + " never ended");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            ended.incrementAndGet();
            IOException failure = failures.get(i);
            if (failure != null) throw failure;
        }

        void end(int i) {
            gates.get(i).countDown();
        }

        void endAll() {
            gates.forEach(CountDownLatch::countDown);
        }
    }

    private GatedLog gated; // when a test uses one: its forces are all let end after the test

    /** The writer over a syncer of a new gated log: up to {@code maxInFlight} forces at once, the next after 20 ms. */
    private GatedLog overlappingSyncs(int maxInFlight) {
        writer.close();
        gated = new GatedLog();
        syncer = new WalSyncer(gated, maxInFlight, 20);
        writer = new GroupCommitWriter(newDataSource(), syncer, 60_000);
        return gated;
    }

    private SQLiteDataSource newDataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    @AfterEach
    void close() {
        forcesAllowed.release(1000);
        if (gated != null) gated.endAll();
        writer.close();
    }

    private CompletableFuture<Integer> insertLater(int n) {
        return insertLater(n, new CountDownLatch(1));
    }

    /** Inserts {@code n}; {@code ran} counts down once the insert has run (committed or not). */
    private CompletableFuture<Integer> insertLater(int n, CountDownLatch ran) {
        return writer.submitLater(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (n) VALUES (" + n + ")");
            } finally {
                ran.countDown();
            }
            return n;
        });
    }

    private int committedRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new TimeoutException("condition not met in 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void theAnswerWaitsForTheSyncWhileTheWriterCommitsTheNextBatch() throws Exception {
        CompletableFuture<Integer> first = insertLater(1);
        awaitTrue(() -> {
            try {
                return committedRows() == 1;
            } catch (SQLException e) {
                return false;
            }
        });
        // committed, but the log is not on disk yet: nobody is told
        Thread.sleep(50);
        assertFalse(first.isDone(), "answered before the log was forced to disk");

        // the writer is not held by the pending sync: the next unit runs meanwhile, its batch open until the force ends
        CountDownLatch secondRan = new CountDownLatch(1);
        CompletableFuture<Integer> second = insertLater(2, secondRan);
        assertTrue(secondRan.await(10, TimeUnit.SECONDS));
        assertFalse(second.isDone());

        forcesAllowed.release(); // the first sync: answers the first batch; its end lets the second batch commit
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        awaitTrue(() -> {
            try {
                return committedRows() == 2;
            } catch (SQLException e) {
                return false;
            }
        });
        assertFalse(second.isDone(), "answered before its own sync");
        forcesAllowed.release(); // the second sync covers the second batch
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
        assertTrue(forces.get() <= 2, "one sync per waiting group, not per unit: " + forces.get());
    }

    @Test
    void unitsThatArriveWhileTheLogIsForcedShareOneCommit() throws Exception {
        CompletableFuture<Integer> first = insertLater(1);
        awaitTrue(() -> syncer.forcing()); // committed; its force is held
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch thirdRan = new CountDownLatch(1);
        CompletableFuture<Integer> second = insertLater(2, secondRan);
        assertTrue(secondRan.await(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> third = insertLater(3, thirdRan); // queued after the second ran: a batch of its own, once
        assertTrue(thirdRan.await(10, TimeUnit.SECONDS));
        assertEquals(1, syncer.lastAssigned(), "no commit while the force runs");
        assertEquals(1, committedRows());

        forcesAllowed.release(2);
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
        assertEquals(3, third.get(10, TimeUnit.SECONDS));
        assertEquals(2, syncer.lastAssigned(), "the second and third units committed together, once the force ended");
        assertEquals(3, committedRows());
        assertEquals(2, forces.get());
    }

    @Test
    void aBatchLingersNoLongerThanItsBoundWhenTheForceDoesNotEnd() throws Exception {
        writer.close();
        syncer = newSyncer();
        writer = new GroupCommitWriter(newDataSource(), syncer, 20);
        CompletableFuture<Integer> first = insertLater(1);
        awaitTrue(() -> syncer.forcing());
        CompletableFuture<Integer> second = insertLater(2);
        awaitTrue(() -> syncer.lastAssigned() == 2); // committed after 20 ms, the force still held
        assertFalse(first.isDone() || second.isDone(), "answered before the log was on disk");
        forcesAllowed.release(2);
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aUnitThatFailsWhileItsBatchLingersFailsAlone() throws Exception {
        CompletableFuture<Integer> first = insertLater(1);
        awaitTrue(() -> syncer.forcing());
        CountDownLatch secondRan = new CountDownLatch(1);
        CompletableFuture<Integer> second = insertLater(2, secondRan);
        assertTrue(secondRan.await(10, TimeUnit.SECONDS));
        CountDownLatch duplicateRan = new CountDownLatch(1);
        CompletableFuture<Integer> duplicate = insertLater(2, duplicateRan); // joins the lingering batch, breaks its key
        assertTrue(duplicateRan.await(10, TimeUnit.SECONDS));
        awaitTrue(() -> syncer.lastAssigned() == 2); // the batch ran again, each unit alone, and committed at once
        assertFalse(second.isDone() || duplicate.isDone(), "answered before the log was on disk");
        forcesAllowed.release(2);
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> duplicate.get(10, TimeUnit.SECONDS));
        assertEquals(2, committedRows());
    }

    @Test
    void aReadWaitsForTheSyncOfEveryCommitItCouldHaveSeen() throws Exception {
        insertLater(1);
        awaitTrue(() -> syncer.lastAssigned() >= 1);
        long seen = syncer.lastAssigned();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> syncer.awaitSynced(seen, 10_000));
        Thread.sleep(50);
        assertFalse(read.isDone(), "a read answered what is not on disk yet");
        forcesAllowed.release();
        read.get(10, TimeUnit.SECONDS);
        // nothing newer pending: a read passes at once
        long t0 = System.nanoTime();
        syncer.awaitSynced(syncer.lastAssigned(), 10_000);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aFailedSyncFailsTheWaitingAnswersAndStopsTheStore() throws Exception {
        nextFailure = new IOException("test: EIO");
        CompletableFuture<Integer> waiting = insertLater(1);
        forcesAllowed.release();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StoreException && e.getCause().getMessage().contains("could not be synced"), e.toString());

        // later writes are refused without running; reads are refused too
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Object> later = writer.submitLater(c -> ran.incrementAndGet());
        assertThrows(ExecutionException.class, () -> later.get(10, TimeUnit.SECONDS));
        assertEquals(0, ran.get());
        assertThrows(StoreException.class, () -> writer.submit(c -> 1));
        StoreException read = assertThrows(StoreException.class, () -> syncer.awaitSynced(syncer.lastAssigned(), 1_000));
        assertTrue(read.getMessage().contains("restart the server"), read.getMessage());
    }

    @Test
    void aFailedCommitIsNotAnsweredAsASuccessAndReadersAreNotLeftWaiting() throws Exception {
        forcesAllowed.release(100);
        assertEquals(5, insertLater(5).get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> duplicate = insertLater(5); // primary key: the unit fails alone
        ExecutionException e = assertThrows(ExecutionException.class, () -> duplicate.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SQLException || e.getCause() instanceof RuntimeException, e.toString());
        syncer.awaitSynced(syncer.lastAssigned(), 10_000);
        assertEquals(1, committedRows());
    }

    @Test
    void theStoreSyncsTheLogOfItsOwnFileAndItsWriterDoesNotWaitForTheDisk() throws Exception {
        Path db = dir.resolve("store.db");
        try (Database store = Database.open("jdbc:sqlite:" + db, "", "", 2)) {
            assertEquals(Path.of(db + "-wal"), Database.walFile("jdbc:sqlite:" + db));
            assertEquals(Path.of(db + "-wal"), Database.walFile("jdbc:sqlite:file:" + db + "?cache=shared"));
            assertTrue(Files.exists(Path.of(db + "-wal")), "the log the syncer forces exists once the store is open");
            int synchronous = store.inTransaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(1, synchronous, "the writer commits with synchronous=NORMAL (1); the syncer forces the log");
            int read = store.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertTrue(read > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> Database.walFile("jdbc:sqlite::memory:"));
    }

    @Test
    void readsOnTheSyncThreadAreABugNotADeadlock() throws Exception {
        writer.close();
        syncer = newSyncer(WalSyncer.MAX_IN_FLIGHT); // the answer's dependent runs on whichever sync thread ended the force
        writer = new GroupCommitWriter(newDataSource(), syncer, 60_000);
        CountDownLatch holdFirst = new CountDownLatch(1);
        CountDownLatch dependentRunning = new CountDownLatch(1);
        CompletableFuture<Integer> first = insertLater(1);
        CompletableFuture<String> dependent = first.thenApply(n -> {
            // on the sync thread: a newer batch is committed but not synced, so a read here would wait for itself
            dependentRunning.countDown();
            try {
                holdFirst.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                syncer.awaitSynced(syncer.lastAssigned(), 10_000);
                return "waited";
            } catch (IllegalStateException e) {
                return "refused";
            }
        });
        forcesAllowed.release();
        assertTrue(dependentRunning.await(10, TimeUnit.SECONDS));
        insertLater(2);
        awaitTrue(() -> syncer.lastAssigned() >= 2);
        holdFirst.countDown();
        assertEquals("refused", dependent.get(10, TimeUnit.SECONDS));
    }

    /**
     * Inserts 1, whose force is held (like one behind a checkpoint's burst), then 2, whose batch commits once the first
     * force has run past the overlap and gets a force of its own beside it.
     */
    private TwoBatches twoBatchesInTwoForces(GatedLog log) throws Exception {
        CompletableFuture<Integer> first = insertLater(1);
        awaitTrue(() -> log.started.get() == 1);
        CompletableFuture<Integer> second = insertLater(2);
        awaitTrue(() -> log.started.get() == 2);
        return new TwoBatches(first, second);
    }

    private record TwoBatches(CompletableFuture<Integer> first, CompletableFuture<Integer> second) {}

    @Test
    void aLaterSyncThatEndsFirstAnswersTheBatchesOfAnEarlierSlowerOne() throws Exception {
        GatedLog log = overlappingSyncs(3);
        TwoBatches b = twoBatchesInTwoForces(log);
        assertEquals(2, syncer.lastAssigned());
        Thread.sleep(50);
        assertFalse(b.first().isDone() || b.second().isDone(), "answered before any force ended");

        log.end(1); // the later force ends first: it began after both commits, so it covers both
        assertEquals(1, b.first().get(10, TimeUnit.SECONDS));
        assertEquals(2, b.second().get(10, TimeUnit.SECONDS));
        assertEquals(1, log.ended.get(), "the first force still runs");
        syncer.awaitSynced(2, 1_000); // and reads see both as on disk

        log.end(0); // the slow force's end changes nothing
        log.end(2);
        assertEquals(3, insertLater(3).get(10, TimeUnit.SECONDS));
        assertEquals(3, committedRows());
    }

    @Test
    void anEarlierSyncThatEndsAnswersOnlyTheBatchesCommittedBeforeItBegan() throws Exception {
        GatedLog log = overlappingSyncs(3);
        TwoBatches b = twoBatchesInTwoForces(log);

        log.end(0); // began before the second commit: answers the first batch only
        assertEquals(1, b.first().get(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertFalse(b.second().isDone(), "answered by a force that began before its commit");
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> syncer.awaitSynced(2, 10_000));
        Thread.sleep(50);
        assertFalse(read.isDone(), "a read saw the second batch as on disk");

        log.end(1);
        assertEquals(2, b.second().get(10, TimeUnit.SECONDS));
        read.get(10, TimeUnit.SECONDS);
    }

    @Test
    void noMoreSyncsRunAtOnceThanTheBoundAndTheNextCommitWaitsForOneToEnd() throws Exception {
        GatedLog log = overlappingSyncs(2);
        TwoBatches b = twoBatchesInTwoForces(log);
        CountDownLatch thirdRan = new CountDownLatch(1);
        CompletableFuture<Integer> third = insertLater(3, thirdRan);
        assertTrue(thirdRan.await(10, TimeUnit.SECONDS));
        Thread.sleep(100); // five times the overlap: still two forces, the third batch open
        assertEquals(2, log.started.get(), "a third force beside two");
        assertEquals(2, syncer.lastAssigned(), "the third batch committed though no force could begin for it");
        assertTrue(syncer.forcing());

        log.end(0); // a place is free: the third batch commits and its force begins
        assertEquals(1, b.first().get(10, TimeUnit.SECONDS));
        awaitTrue(() -> log.started.get() == 3);
        assertEquals(3, syncer.lastAssigned());
        log.end(1);
        log.end(2);
        assertEquals(2, b.second().get(10, TimeUnit.SECONDS));
        assertEquals(3, third.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSyncThatFailsBesideARunningOneFailsEveryWaitingAnswerAndALaterSuccessProvesNothing() throws Exception {
        GatedLog log = overlappingSyncs(3);
        TwoBatches b = twoBatchesInTwoForces(log);

        log.failures.put(1, new IOException("test: EIO"));
        log.end(1); // the later force fails: the first batch's state is unknown too, though its own force runs on
        for (CompletableFuture<Integer> f : java.util.List.of(b.first(), b.second())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof StoreException && e.getCause().getMessage().contains("could not be synced"), e.toString());
        }
        log.end(0); // ends well, after the failure: the store stays stopped
        awaitTrue(() -> log.ended.get() == 2);
        assertThrows(StoreException.class, () -> writer.submit(c -> 1));
        StoreException read = assertThrows(StoreException.class, () -> syncer.awaitSynced(syncer.lastAssigned(), 1_000));
        assertTrue(read.getMessage().contains("restart the server"), read.getMessage());
    }
}
