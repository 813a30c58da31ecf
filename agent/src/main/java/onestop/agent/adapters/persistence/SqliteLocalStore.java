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
import onestop.agent.application.OfflineJournal;
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
public final class SqliteLocalStore implements LocalStore, OfflineJournal {
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
                // the outage journal, in order (seq), and the person-years' accumulators as this agent knows them
                s.execute("CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                        + " request_id TEXT NOT NULL UNIQUE, settlement_id TEXT NOT NULL, id_number TEXT NOT NULL, year INTEGER NOT NULL,"
                        + " request BLOB NOT NULL, provisional BLOB NOT NULL, made_at_millis INTEGER NOT NULL, total_fen INTEGER NOT NULL,"
                        + " fund_fen INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, answer BLOB, rejection TEXT,"
                        + " done_at_millis INTEGER NOT NULL DEFAULT 0, patient_diff_fen INTEGER NOT NULL DEFAULT 0)");
                s.execute("CREATE INDEX IF NOT EXISTS journal_by_state ON journal (state, seq)");
                s.execute("CREATE INDEX IF NOT EXISTS journal_by_settlement ON journal (settlement_id, seq)");
                s.execute("CREATE INDEX IF NOT EXISTS journal_by_person ON journal (id_number, year, state, seq)");
                s.execute("CREATE TABLE IF NOT EXISTS accumulators (id_number TEXT NOT NULL, year INTEGER NOT NULL,"
                        + " totals BLOB NOT NULL, PRIMARY KEY (id_number, year))");
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
        tx(() -> setMeta(key, value));
    }

    @Override
    public void putMeta(java.util.Map<String, String> entries) {
        tx(() -> {
            for (var e : entries.entrySet()) setMeta(e.getKey(), e.getValue());
            return null;
        });
    }

    private int setMeta(String key, String value) throws SQLException {
        return update("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
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
        tx(() -> setSettlement(s));
    }

    private int setSettlement(Settlement s) throws SQLException {
        return update("INSERT INTO settlements (settlement_id, settlement) VALUES (?, ?) ON CONFLICT (settlement_id)"
                + " DO UPDATE SET settlement = excluded.settlement", s.getSettlementId(), s.toByteArray());
    }

    @Override
    public void answered(String requestId, Settlement s) {
        tx(() -> {
            setSettlement(s);
            return update("UPDATE requests SET answer = ?, rejection = NULL WHERE request_id = ?", s.toByteArray(), requestId);
        });
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

    // ---- the outage journal ----

    private static final String ENTRY_COLUMNS = "seq, kind, request_id, settlement_id, id_number, year, request, provisional,"
            + " made_at_millis, total_fen, fund_fen, state, attempts, answer, rejection, done_at_millis";

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getBytes(7), rs.getBytes(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), State.valueOf(rs.getString(12)),
                rs.getInt(13), rs.getBytes(14), rs.getString(15), rs.getLong(16));
    }

    private List<Entry> entries(String where, Object... args) {
        return tx(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM journal " + where)) {
                bind(ps, args);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(entry(rs));
                }
                return out;
            }
        });
    }

    private void setAccumulators(String idNumber, int year, byte[] totals) throws SQLException {
        update("INSERT INTO accumulators (id_number, year, totals) VALUES (?, ?, ?)"
                + " ON CONFLICT (id_number, year) DO UPDATE SET totals = excluded.totals", idNumber, year, totals);
    }

    @Override
    public long append(Entry e, byte[] accumulatorsAfter, java.util.Map<String, String> meta, StoredCall unsent) {
        return tx(() -> {
            if (unsent != null) {
                update("INSERT OR IGNORE INTO requests (request_id, operation, body_sha256, created_at_millis) VALUES (?, ?, ?, ?)",
                        unsent.requestId(), unsent.operation(), unsent.bodySha256(), unsent.createdAtMillis());
            }
            for (var m : meta.entrySet()) setMeta(m.getKey(), m.getValue());
            update("INSERT INTO journal (kind, request_id, settlement_id, id_number, year, request, provisional, made_at_millis,"
                    + " total_fen, fund_fen, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')", e.kind().name(), e.requestId(),
                    e.settlementId(), e.idNumber(), e.year(), e.request(), e.provisional(), e.madeAtMillis(), e.totalFen(), e.fundFen());
            setAccumulators(e.idNumber(), e.year(), accumulatorsAfter);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<Entry> byRequestId(String requestId) {
        return entries("WHERE request_id = ?", requestId).stream().findFirst();
    }

    @Override
    public List<Entry> bySettlementId(String settlementId) {
        return entries("WHERE settlement_id = ? ORDER BY seq", settlementId);
    }

    @Override
    public List<Entry> pending(int limit) {
        return entries("WHERE state = 'PENDING' ORDER BY seq LIMIT ?", limit);
    }

    @Override
    public List<Entry> pendingOf(String idNumber, int year) {
        return entries("WHERE id_number = ? AND year = ? AND state = 'PENDING' ORDER BY seq", idNumber, year);
    }

    @Override
    public void forwarded(Entry e, Settlement answer, long patientDifferenceFen, long nowMillis, byte[] accumulatorsAfter) {
        tx(() -> {
            byte[] bytes = answer.toByteArray();
            if (update("UPDATE journal SET state = 'FORWARDED', answer = ?, patient_diff_fen = ?, done_at_millis = ?"
                    + " WHERE seq = ? AND state = 'PENDING'", bytes, patientDifferenceFen, nowMillis, e.seq()) != 1) {
                throw new IllegalStateException("journal entry " + e.seq() + " is not pending");
            }
            setSettlement(answer);
            update("UPDATE requests SET answer = ?, rejection = NULL WHERE request_id = ?", bytes, e.requestId());
            if (accumulatorsAfter != null) setAccumulators(e.idNumber(), e.year(), accumulatorsAfter);
            return null;
        });
    }

    @Override
    public void rejected(long seq, String rejection, long nowMillis) {
        tx(() -> update("UPDATE journal SET state = 'REJECTED', rejection = ?, done_at_millis = ? WHERE seq = ? AND state = 'PENDING'",
                rejection, nowMillis, seq));
    }

    @Override
    public void attempted(long seq) {
        tx(() -> update("UPDATE journal SET attempts = attempts + 1 WHERE seq = ?", seq));
    }

    @Override
    public Totals totals() {
        return tx(() -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT"
                    + " (SELECT count(*) FROM journal WHERE state = 'PENDING'),"
                    + " (SELECT coalesce(sum(fund_fen), 0) FROM journal WHERE state = 'PENDING'),"
                    + " (SELECT coalesce(min(made_at_millis), 0) FROM journal WHERE state = 'PENDING'),"
                    + " (SELECT count(*) FROM journal WHERE state = 'REJECTED')")) {
                rs.next();
                return new Totals(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
            }
        });
    }

    @Override
    public int pruneForwarded(long beforeMillis) {
        return tx(() -> update("DELETE FROM journal WHERE state = 'FORWARDED' AND done_at_millis < ?", beforeMillis));
    }

    @Override
    public Differences differencesSince(long sinceMillis) {
        return one("SELECT count(*), coalesce(sum(diff <> 0 AND NOT reversed), 0), coalesce(sum(CASE WHEN reversed THEN 0 ELSE max(diff, 0) END), 0),"
                + " coalesce(sum(CASE WHEN reversed THEN 0 ELSE max(-diff, 0) END), 0) FROM (SELECT j.patient_diff_fen AS diff,"
                + " EXISTS (SELECT 1 FROM journal r WHERE r.settlement_id = j.settlement_id AND r.kind = 'REVERSE' AND r.state <> 'REJECTED')"
                + " AS reversed FROM journal j WHERE j.state = 'FORWARDED' AND j.kind = 'SETTLE' AND j.done_at_millis >= ?)",
                new Object[] {sinceMillis}, rs -> new Differences(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4))).orElseThrow();
    }

    @Override
    public List<Entry> recent(State state, int limit) {
        return entries("WHERE state = ? ORDER BY seq DESC LIMIT ?", state.name(), limit);
    }

    @Override
    public Optional<byte[]> accumulators(String idNumber, int year) {
        return one("SELECT totals FROM accumulators WHERE id_number = ? AND year = ?", new Object[] {idNumber, year}, rs -> rs.getBytes(1));
    }

    @Override
    public void putAccumulators(String idNumber, int year, byte[] totals) {
        tx(() -> {
            setAccumulators(idNumber, year, totals);
            return null;
        });
    }

    @Override
    public synchronized void close() {
        synchronized (reader) {
            closeQuietly(reader); // closing at shutdown: nothing left to save
        }
        closeQuietly(c);
    }
}
