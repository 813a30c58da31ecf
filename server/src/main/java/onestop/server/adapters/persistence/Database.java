package onestop.server.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's store: one SQLite file (default, zero set-up) or PostgreSQL shared by several
 * server instances. Migrations run once at start. Writes go through {@link #inTransaction}, which
 * retries the whole unit of work on a lost race (serialization failure, deadlock, busy file,
 * duplicate key of a concurrent twin), a bounded number of times.
 *
 * <p>SQLite allows one writer: writes go to one thread with one connection ({@link GroupCommitWriter}),
 * which commits the units waiting together, so they are serialised in the JVM rather than by lock
 * timeouts and share an fsync; reads use their own connections (WAL lets them run beside the
 * writer). PostgreSQL uses one pool; transactions lock the rows they change.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /**
     * The writer's own auto-checkpoint: only a bound on the log (512 MiB) should the {@link Checkpointer} fail, which starts
     * the log again at half of this. Lower, it fired on every commit once the log was that long (the writer copying and
     * fsyncing on the commit path: the slow tail).
     */
    static final int WAL_AUTOCHECKPOINT_PAGES = 2 * Checkpointer.RESTART_FRAMES;
    /** SQLite page caches: the writer's, and each reader's (KiB). */
    static final int WRITE_CACHE_KIB = 64 * 1024;
    static final int READ_CACHE_KIB = 8 * 1024;
    static final long MMAP_BYTES = 1L << 30;
    /** How many times a unit of work is tried before its failure is reported. */
    static final int MAX_ATTEMPTS = 5;

    public enum Dialect { SQLITE, POSTGRESQL }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Dialect dialect;
    private final HikariDataSource writes;
    private final HikariDataSource reads;
    private final String description;
    private final String jdbcUrl;
    private final WalSyncer syncer; // SQLite only
    private final GroupCommitWriter groupWriter; // SQLite only
    private Checkpointer checkpointer; // SQLite only, once the store is ready
    /** SQLite only: each connection's prepared statements, by the driver's connection (see {@link StatementCache}). */
    private final Map<Connection, StatementCache> statementCaches = new ConcurrentHashMap<>();

    private Database(Dialect dialect, HikariDataSource writes, HikariDataSource reads, String description) {
        this.dialect = dialect;
        this.writes = writes;
        this.reads = reads;
        this.description = description;
        this.jdbcUrl = writes.getJdbcUrl();
        this.syncer = dialect == Dialect.SQLITE ? new WalSyncer(walFile(jdbcUrl)) : null;
        this.groupWriter = dialect == Dialect.SQLITE ? new GroupCommitWriter(writes, syncer) : null;
    }

    /**
     * The write-ahead log of a SQLite file URL ({@code jdbc:sqlite:/path/f.db}, optionally {@code file:} and
     * {@code ?options}): the database file's path plus {@code -wal}. An in-memory database has none and is refused: the
     * server's store is a file.
     */
    static java.nio.file.Path walFile(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        if (path.startsWith("file:")) path = path.substring("file:".length());
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.isEmpty() || path.startsWith(":memory:") || path.contains("mode=memory")) {
            throw new IllegalArgumentException("the SQLite store must be a file, got " + jdbcUrl);
        }
        return java.nio.file.Path.of(path + "-wal");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Opens and migrates the store at {@code jdbcUrl} ({@code jdbc:sqlite:/path/file.db} or
     * {@code jdbc:postgresql://host:port/db}).
     */
    public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        Database db;
        if (lower.startsWith("jdbc:sqlite:")) {
            db = new Database(Dialect.SQLITE, sqlitePool(jdbcUrl, false, 1), sqlitePool(jdbcUrl, true, Math.max(2, maxPoolSize)),
                    "SQLite " + jdbcUrl.substring("jdbc:sqlite:".length()));
        } else if (lower.startsWith("jdbc:postgresql:")) {
            HikariConfig c = baseConfig(jdbcUrl, "pg", maxPoolSize);
            c.setUsername(user);
            c.setPassword(password);
            c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            HikariDataSource pool = new HikariDataSource(c);
            db = new Database(Dialect.POSTGRESQL, pool, pool, "PostgreSQL " + redact(jdbcUrl));
        } else {
            throw new IllegalArgumentException("database URL must start with jdbc:sqlite: or jdbc:postgresql:, got " + redact(jdbcUrl));
        }
        try {
            db.migrate();
            db.checkWritable();
            if (db.syncer != null) db.syncer.syncNow(GroupCommitWriter.WAIT_MILLIS); // the migrations, written around the writer
            if (db.dialect == Dialect.SQLITE) {
                db.checkpointer = new Checkpointer(db.jdbcUrl);
                db.groupWriter.restartLogFor(db.checkpointer);
            }
            LOG.info("store ready: {}", db.description);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static HikariConfig baseConfig(String url, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName("onestop-" + name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(Math.min(2, size));
        c.setAutoCommit(true);
        c.setConnectionTimeout(10_000);
        return c;
    }

    private static HikariDataSource sqlitePool(String url, boolean readOnly, int size) {
        HikariConfig c = baseConfig(url, readOnly ? "sqlite-read" : "sqlite-write", size);
        // WAL: readers beside the writer. The writer's commit writes the log without forcing it to disk
        // (synchronous=NORMAL): the WalSyncer forces it on its own thread before any caller is answered, so an
        // acknowledged commit survives power loss as with FULL, and the writer is not held up by the disk meanwhile.
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", readOnly ? "FULL" : "NORMAL");
        c.addDataSourceProperty("busy_timeout", "10000");
        c.addDataSourceProperty("foreign_keys", "true");
        // the driver otherwise runs "SELECT last_insert_rowid()" on a new statement after every INSERT (a settlement
        // has three), for generated keys nothing here asks for
        c.addDataSourceProperty("jdbc.get_generated_keys", "false");
        // A page cache that holds the hot indexes (the default 2 MB thrashed: every settlement re-read pages with a
        // system call and a copy), and the database file mapped so that a read copies nothing.
        c.addDataSourceProperty("cache_size", String.valueOf(-(readOnly ? READ_CACHE_KIB : WRITE_CACHE_KIB)));
        c.addDataSourceProperty("mmap_size", String.valueOf(MMAP_BYTES));
        // Checkpoints are the Checkpointer's, beside the writer; done by the writer itself they made stalls that every
        // queued commit waited behind (measured with ./onestop bench server --timeline). The writer only copies the last
        // few frames when the checkpointer asks, so that the log starts again (see CheckpointPlan).
        if (!readOnly) c.setConnectionInitSql("PRAGMA wal_autocheckpoint=" + WAL_AUTOCHECKPOINT_PAGES);
        // A local file has no server or firewall to drop a connection, so none is retired for its age: each keeps its
        // prepared statements (StatementCache) for as long as the server runs.
        c.setMaxLifetime(0);
        return new HikariDataSource(c);
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(writes)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name().toLowerCase(Locale.ROOT))
                .load()
                .migrate();
    }

    /**
     * SQLite: the write lock can be taken now. Another process holding it (a backup tool, a second server on the same
     * file) would otherwise let the server start and then fail every settlement after the busy timeout.
     */
    private void checkWritable() {
        if (dialect != Dialect.SQLITE) return;
        try (Connection c = writes.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new StoreException("cannot take the write lock", e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public String description() {
        return description;
    }

    /**
     * Runs {@code work} in one transaction, retrying lost races; commits or rolls back whole. On
     * SQLite the one writer thread may commit it together with other waiting units (each in its
     * own savepoint); it returns only once committed.
     */
    public <T> T inTransaction(Work<T> work) {
        if (groupWriter != null) return groupWriter.submit(work);
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = writes.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!isRetryable(e) || attempt == MAX_ATTEMPTS) throw new StoreException("transaction failed", e);
                last = e;
                backOff(attempt);
            }
        }
        throw new StoreException("transaction failed", last);
    }

    /**
     * {@link #inTransaction}, answered through a future: on SQLite queued for the writer thread, which completes it
     * after the commit (no thread waits); on PostgreSQL run now on the caller's thread.
     */
    public <T> CompletableFuture<T> inTransactionLater(Work<T> work) {
        if (groupWriter != null) return groupWriter.submitLater(work);
        try {
            return CompletableFuture.completedFuture(inTransaction(work));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True when writes queue for the one writer thread and {@link #inTransactionLater} never blocks. */
    public boolean writesQueued() {
        return groupWriter != null;
    }

    /**
     * Runs read-only {@code work} outside any write transaction. On SQLite it returns only once every commit it could
     * have seen is on disk: what a read answers survives a power cut, as a write's answer does.
     */
    public <T> T read(Work<T> work) {
        T result;
        try (Connection c = reads.getConnection()) {
            result = work.run(c);
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        }
        // read after the work: any commit a statement of it saw had its number taken before that commit began
        if (syncer != null) syncer.awaitSynced(syncer.lastAssigned(), GroupCommitWriter.WAIT_MILLIS);
        return result;
    }

    /**
     * The statement cache of the connection {@code c} (as lent by the pool) on SQLite; null on PostgreSQL, whose driver
     * keeps its own server-side prepared statements. Only the holder of {@code c} may use what it returns.
     */
    StatementCache statements(Connection c) throws SQLException {
        if (dialect != Dialect.SQLITE) return null;
        Connection raw = c.unwrap(Connection.class); // the driver's connection under the pool's proxy
        StatementCache cache = statementCaches.get(raw);
        if (cache != null) return cache;
        // A new connection (the pool opened one): forget those the pool has closed since.
        statementCaches.values().removeIf(StatementCache::isClosed);
        cache = new StatementCache(raw);
        statementCaches.put(raw, cache);
        return cache;
    }

    boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.equals("23505")) return true;
                String msg = String.valueOf(s.getMessage());
                if (dialect == Dialect.SQLITE && (msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED")
                        || msg.contains("UNIQUE constraint failed: requests"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5L << attempt) + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying", null);
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    /** The URL with any password in it replaced, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        if (groupWriter != null) groupWriter.close();
        if (checkpointer != null) checkpointer.close();
        statementCaches.values().forEach(StatementCache::close);
        statementCaches.clear();
        if (reads != writes) reads.close();
        writes.close();
    }
}
