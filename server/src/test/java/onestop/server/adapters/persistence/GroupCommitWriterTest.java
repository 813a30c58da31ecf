package onestop.server.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The one writer's batches: a failing unit fails alone, the others commit once, answers come after the commit. */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private String url;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:sqlite:" + dir.resolve("w.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)");
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        writer = new GroupCommitWriter(ds);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private static void insert(Connection c, int n) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t (n) VALUES (" + n + ")");
        }
    }

    private static List<Integer> rows(Connection c) throws SQLException {
        List<Integer> r = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT n FROM t ORDER BY n")) {
            while (rs.next()) r.add(rs.getInt(1));
        }
        return r;
    }

    private List<Integer> committedRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return rows(c);
        }
    }

    /** Holds the writer inside a unit until released, so that what is submitted meanwhile forms one batch. */
    private CountDownLatch holdWriter() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submitLater(c -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void aFailingUnitIsRolledBackAloneAndTheRestOfItsBatchCommits() throws Exception {
        CountDownLatch release = holdWriter();
        AtomicInteger firstRuns = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("unit two fails after its insert");
        CompletableFuture<List<Integer>> one = writer.submitLater(c -> {
            firstRuns.incrementAndGet();
            insert(c, 1);
            return rows(c);
        });
        CompletableFuture<Object> two = writer.submitLater(c -> {
            insert(c, 2);
            throw boom;
        });
        CompletableFuture<List<Integer>> three = writer.submitLater(c -> {
            insert(c, 3);
            return rows(c); // sees unit one's row, not unit two's
        });
        release.countDown();

        assertEquals(List.of(1), one.get(10, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> two.get(10, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause());
        assertEquals(List.of(1, 3), three.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 3), committedRows());
        assertEquals(2, firstRuns.get(), "the batch ran once without savepoints, failed, and ran again unit by unit");
    }

    @Test
    void aBatchWithoutFailuresRunsEachUnitOnceAndAnswersOnlyAfterTheCommit() throws Exception {
        CountDownLatch release = holdWriter();
        AtomicInteger runs = new AtomicInteger();
        List<CompletableFuture<List<Integer>>> seenByOthers = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            int value = n;
            // the dependent runs when the answer is given: another connection must already see the row
            seenByOthers.add(writer.submitLater(c -> {
                runs.incrementAndGet();
                insert(c, value);
                return null;
            }).thenApply(x -> {
                try {
                    return committedRows();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        release.countDown();
        for (CompletableFuture<List<Integer>> f : seenByOthers) assertEquals(List.of(1, 2, 3, 4, 5), f.get(10, TimeUnit.SECONDS));
        assertEquals(5, runs.get());
    }

    @Test
    void theWaitingCallerGetsTheUnitsOwnException() {
        IllegalArgumentException bad = new IllegalArgumentException("bad unit");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> writer.submit(c -> {
            insert(c, 7);
            throw bad;
        }));
        assertSame(bad, thrown);
        assertEquals(Integer.valueOf(7), writer.<Integer>submit(c -> {
            insert(c, 7); // the failed unit left nothing behind
            return 7;
        }));
    }

    @Test
    void aFullQueueRefusesAtOnceAsBusyAndWritesNothing() throws Exception {
        CountDownLatch release = holdWriter();
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < GroupCommitWriter.MAX_QUEUED; i++) queued.add(writer.submitLater(c -> null));
        CompletableFuture<Object> refused = writer.submitLater(c -> {
            insert(c, 99);
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS), "not waiting for the writer");
        assertTrue(e.getCause() instanceof onestop.server.application.ports.StoreBusy, e.toString());
        release.countDown();
        for (CompletableFuture<Object> f : queued) f.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), committedRows());
    }

    @Test
    void aClosedWriterRefusesAtOnce() {
        writer.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> writer.submitLater(c -> 1).get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StoreException, e.toString());
    }
}
