package onestop.server.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SQLite file written without a pause, as under load: the log must still start again from its beginning well
 * before the writer's own auto-checkpoint bound, because the checkpointer asks the writer to copy the last frames
 * between two batches. Without that, the background pass never ends in a gap between the writer's transactions and the
 * log grows to the bound (then the writer checkpoints on every commit).
 */
class LogRestartTest {
    private static final int RESTART_FRAMES = 128;
    private static final int WRITER_BOUND_FRAMES = 16384;
    private static final long FRAME_BYTES = 4096 + 24;

    @TempDir
    Path dir;

    @Test
    void theLogStartsAgainLongBeforeTheWritersOwnBound() throws Exception {
        Path db = dir.resolve("r.db");
        String url = "jdbc:sqlite:" + db;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL)");
            s.execute("CREATE INDEX t_by_k ON t (k)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.setConnectionInitSql("PRAGMA wal_autocheckpoint=" + WRITER_BOUND_FRAMES);
        Path wal = Database.walFile(url);
        long largestLogBytes = 0;
        int transactions = 8_000;
        try (HikariDataSource writes = new HikariDataSource(config);
                GroupCommitWriter writer = new GroupCommitWriter(writes);
                Checkpointer checkpointer = new Checkpointer(url, RESTART_FRAMES)) {
            writer.restartLogFor(checkpointer);
            for (int i = 0; i < transactions; i++) {
                writer.submit(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                        for (int row = 0; row < 4; row++) { // keys at random: several index pages dirtied per commit
                            ps.setString(1, Long.toHexString(ThreadLocalRandom.current().nextLong()));
                            ps.setString(2, "x".repeat(200));
                            ps.executeUpdate();
                        }
                    }
                    return null;
                });
                largestLogBytes = Math.max(largestLogBytes, Files.size(wal));
            }
        }
        long frames = largestLogBytes / FRAME_BYTES;
        // the log's file keeps its largest length: had the log never started again it would reach the writer's bound
        assertTrue(frames < WRITER_BOUND_FRAMES / 2, "the log grew to " + frames + " frames (bound " + WRITER_BOUND_FRAMES
                + ", restart asked at " + RESTART_FRAMES + ") over " + transactions + " transactions");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertTrue(rs.getInt(1) == 4 * transactions, "every row committed: " + rs.getInt(1));
        }
    }
}
