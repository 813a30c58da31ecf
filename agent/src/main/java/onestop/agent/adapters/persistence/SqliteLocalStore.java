package onestop.agent.adapters.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import onestop.agent.application.LocalStore;
import onestop.agent.application.RosterSyncer;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.agent.application.RosterEntry;
import onestop.v1.Settlement;

/**
 * {@link LocalStore} in one SQLite file: WAL, synchronous=FULL (a committed write survives a power cut). Writes go
 * through one connection under the store's lock (the agent serves one counter: its writes are few, besides the roster
 * sync's batches). Person look-ups, the counter's hot path, have a connection of their own: in WAL mode they read the
 * last committed state without waiting for a sync's transaction. Persons, policies and settlements are kept as the
 * server's protobuf bytes, exactly as received.
 */
public final class SqliteLocalStore implements LocalStore {
    static final int SCHEMA_VERSION = 1;
    /**
     * The writer's page cache while a roster sync applies its batches (KiB): a batch's persons land all over the ID index
     * (about 25 MB at a million persons), which then stays cached instead of being read back for each batch. Between
     * syncs it is SQLite's default, 2 MB, and the sync's pages are given back.
     */
    static final int SYNC_CACHE_KIB = 32 * 1024;
    static final int CACHE_KIB = 2_000;

    private final Connection c;
    private final Connection reader;
    /** Prepared once: the statements of the hot paths (a person's look-up, a roster batch). */
    private final PreparedStatement personLookup;
    private final PreparedStatement rosterUpsert;
    private final PreparedStatement rosterVersionPut;
    /** Guarded by this store's lock: the writer's cache is the sync's. */
    private boolean syncCache;

    private SqliteLocalStore(Connection c, Connection reader) throws SQLException {
        this.c = c;
        this.reader = reader;
        this.personLookup = reader.prepareStatement("SELECT person FROM persons WHERE id_number = ?");
        this.rosterUpsert = c.prepareStatement("INSERT INTO persons (id_number, person, roster_version) VALUES (?, ?, ?)"
                + " ON CONFLICT (id_number) DO UPDATE SET person = excluded.person, roster_version = excluded.roster_version");
        this.rosterVersionPut = c.prepareStatement("INSERT INTO meta (key, value) VALUES ('" + RosterSyncer.ROSTER_VERSION + "', ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }

    public static SqliteLocalStore open(Path file) {
        NativeLibrary.keepNextTo(file);
        Connection c = null;
        Connection reader = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA cache_size=-" + CACHE_KIB);
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS persons (id_number TEXT PRIMARY KEY, person BLOB NOT NULL, roster_version INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS policies (policy_id TEXT NOT NULL, sha256 TEXT NOT NULL, region TEXT NOT NULL,"
                        + " policy_year INTEGER NOT NULL, document BLOB NOT NULL, PRIMARY KEY (policy_id, sha256))");
                s.execute("CREATE TABLE IF NOT EXISTS requests (request_id TEXT PRIMARY KEY, operation TEXT NOT NULL, body_sha256 TEXT NOT NULL,"
                        + " created_at_millis INTEGER NOT NULL, answer BLOB, rejection TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS settlements (settlement_id TEXT PRIMARY KEY, settlement BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS admissions (id INTEGER PRIMARY KEY AUTOINCREMENT, id_number TEXT NOT NULL,"
                        + " name TEXT NOT NULL, document TEXT NOT NULL, admitted_on TEXT NOT NULL, deposit_waiver INTEGER NOT NULL,"
                        + " pay_after_treatment INTEGER NOT NULL, category TEXT NOT NULL, reasons TEXT NOT NULL, source TEXT NOT NULL,"
                        + " agreement_signed INTEGER NOT NULL, admitted_at_millis INTEGER NOT NULL)");
                s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
            }
            reader = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA query_only=true");
            }
            return new SqliteLocalStore(c, reader);
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(c);
            throw new IllegalStateException("local store " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing: the first error is the one reported
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** One unit in one transaction, under the store's lock. */
    private synchronized <T> T tx(Work<T> work) {
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("local store: " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> one(String sql, Object[] args, RowMapper<T> map) {
        return tx(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map.map(rs)) : Optional.empty();
                }
            }
        });
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<String> meta(String key) {
        return one("SELECT value FROM meta WHERE key = ?", new Object[] {key}, rs -> rs.getString(1));
    }

    @Override
    public void putMeta(String key, String value) {
        tx(() -> update("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value));
    }

    /** On the reader connection: a look-up never waits for a roster batch being written. */
    @Override
    public Optional<Person> person(String idNumber) {
        synchronized (reader) {
            try {
                personLookup.setString(1, idNumber);
                try (ResultSet rs = personLookup.executeQuery()) {
                    return rs.next() ? Optional.of(parse(rs.getBytes(1), Person.parser())) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("local store: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void applyRoster(List<RosterEntry> page, long version) {
        tx(() -> {
            if (!syncCache) {
                pragma("cache_size=-" + SYNC_CACHE_KIB);
                syncCache = true;
            }
            rosterUpsert.clearBatch(); // nothing left over from a batch that failed part way
            for (RosterEntry e : page) {
                rosterUpsert.setString(1, e.idNumber());
                rosterUpsert.setBytes(2, e.person());
                rosterUpsert.setLong(3, e.version());
                rosterUpsert.addBatch();
            }
            rosterUpsert.executeBatch();
            rosterVersionPut.setString(1, Long.toString(version));
            rosterVersionPut.executeUpdate();
            return null;
        });
    }

    /** The writer's cache back to its size between syncs, its pages freed (tens of MB after a large sync). */
    @Override
    public synchronized void endRosterSync() {
        if (!syncCache) return;
        try {
            pragma("cache_size=-" + CACHE_KIB);
            pragma("shrink_memory");
            syncCache = false;
        } catch (SQLException e) {
            throw new IllegalStateException("local store: " + e.getMessage(), e);
        }
    }

    private void pragma(String p) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA " + p);
        }
    }

    /** On the reader connection (a million rows are counted without holding up writes). */
    @Override
    public long rosterSize() {
        synchronized (reader) {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM persons")) {
                return rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new IllegalStateException("local store: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void replacePolicies(List<PolicyDocument> policies) {
        tx(() -> {
            update("DELETE FROM policies");
            for (PolicyDocument d : policies) {
                update("INSERT INTO policies (policy_id, sha256, region, policy_year, document) VALUES (?, ?, ?, ?, ?)",
                        d.getPolicyId(), d.getSha256(), d.getRegion(), d.getYear(), d.toByteArray());
            }
            return null;
        });
    }

    @Override
    public List<PolicyDocument> policies() {
        return tx(() -> {
            List<PolicyDocument> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT document FROM policies ORDER BY region, policy_year")) {
                while (rs.next()) out.add(parse(rs.getBytes(1), PolicyDocument.parser()));
            }
            return out;
        });
    }

    @Override
    public Optional<StoredCall> call(String requestId) {
        return one("SELECT * FROM requests WHERE request_id = ?", new Object[] {requestId}, rs -> new StoredCall(rs.getString("request_id"),
                rs.getString("operation"), rs.getString("body_sha256"), rs.getLong("created_at_millis"), rs.getBytes("answer"),
                rs.getString("rejection")));
    }

    @Override
    public boolean beginCall(String requestId, String operation, String bodySha256, long nowMillis) {
        return tx(() -> update("INSERT OR IGNORE INTO requests (request_id, operation, body_sha256, created_at_millis) VALUES (?, ?, ?, ?)",
                requestId, operation, bodySha256, nowMillis) == 1);
    }

    @Override
    public void answerCall(String requestId, byte[] answer, String rejection) {
        tx(() -> update("UPDATE requests SET answer = ?, rejection = ? WHERE request_id = ?", answer, rejection, requestId));
    }

    @Override
    public void forgetCall(String requestId) {
        tx(() -> update("DELETE FROM requests WHERE request_id = ? AND answer IS NULL AND rejection IS NULL", requestId));
    }

    @Override
    public int pendingCalls() {
        return one("SELECT COUNT(*) FROM requests WHERE answer IS NULL AND rejection IS NULL", new Object[0], rs -> rs.getInt(1)).orElse(0);
    }

    @Override
    public void putSettlement(Settlement s) {
        tx(() -> update("INSERT INTO settlements (settlement_id, settlement) VALUES (?, ?) ON CONFLICT (settlement_id)"
                + " DO UPDATE SET settlement = excluded.settlement", s.getSettlementId(), s.toByteArray()));
    }

    @Override
    public Optional<Settlement> settlement(String settlementId) {
        return one("SELECT settlement FROM settlements WHERE settlement_id = ?", new Object[] {settlementId},
                rs -> parse(rs.getBytes(1), Settlement.parser()));
    }

    @Override
    public long insertAdmission(Admission a) {
        return tx(() -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO admissions (id_number, name, document, admitted_on, deposit_waiver,"
                    + " pay_after_treatment, category, reasons, source, agreement_signed, admitted_at_millis) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, new Object[] {a.idNumber(), a.name(), a.document(), a.admittedOn(), a.depositWaiver() ? 1 : 0,
                    a.payAfterTreatment() ? 1 : 0, a.category(), a.reasons(), a.source(), a.agreementSigned() ? 1 : 0, a.admittedAtMillis()});
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Admission> admission(long id) {
        return one("SELECT * FROM admissions WHERE id = ?", new Object[] {id}, rs -> new Admission(rs.getLong("id"), rs.getString("id_number"),
                rs.getString("name"), rs.getString("document"), rs.getString("admitted_on"), rs.getInt("deposit_waiver") == 1,
                rs.getInt("pay_after_treatment") == 1, rs.getString("category"), rs.getString("reasons"), rs.getString("source"),
                rs.getInt("agreement_signed") == 1, rs.getLong("admitted_at_millis")));
    }

    private static <M> M parse(byte[] bytes, com.google.protobuf.Parser<M> parser) throws SQLException {
        try {
            return parser.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new SQLException("a stored message does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        synchronized (reader) {
            closeQuietly(reader); // closing at shutdown: nothing left to save
        }
        closeQuietly(c);
    }
}
