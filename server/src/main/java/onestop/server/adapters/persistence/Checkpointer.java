package onestop.server.adapters.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: copies the write-ahead log into the database file from a thread of its own, so that a commit waits for the
 * log's fsync only. Left to the writer (auto-checkpoint), every few commits also copied pages and fsynced the database
 * file before their callers were answered: the slow tail of settlement latency under load. PASSIVE never blocks the
 * writer or a reader. The writer's own auto-checkpoint stays on at {@link Database#WAL_AUTOCHECKPOINT_PAGES}, a bound
 * on the log should this thread fall behind or fail.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    static final long INTERVAL_MILLIS = 100;
    private final String jdbcUrl;
    private final Thread thread;
    private volatile boolean closed;

    Checkpointer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.thread = new Thread(this::loop, "onestop-sqlite-checkpoint");
        thread.setDaemon(true);
        thread.start();
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
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next(); // busy, log frames, frames checkpointed
                }
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
