package onestop.server.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import onestop.engine.domain.Category;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.server.application.identity.ImportProblem;
import onestop.server.application.identity.ImportSummary;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.AgentCounts;
import onestop.server.domain.AgentReportRecord;
import onestop.server.domain.AlertRow;
import onestop.server.domain.AuditEntry;
import onestop.server.domain.AuditFilter;
import onestop.server.domain.FundTotals;
import onestop.server.domain.Hospital;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.OfficeUser;
import onestop.server.domain.OfflineTotals;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.server.domain.Provisional;
import onestop.server.domain.SettlementQuery;
import onestop.server.domain.StoredRequest;
import onestop.server.domain.StoredSettlement;

/** The SQL of every {@link StoreTx} operation, portable between SQLite and PostgreSQL. */
final class JdbcStoreTx implements StoreTx {
    /** Carries a SQLException through the functional interfaces so the retry loop can inspect it. */
    static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(Row rs) throws SQLException;
    }

    private final Connection c;
    private final Database.Dialect dialect;
    private final StatementCache statements; // null: prepare and close each statement (PostgreSQL)

    JdbcStoreTx(Connection c, Database.Dialect dialect, StatementCache statements) {
        this.c = c;
        this.dialect = dialect;
        this.statements = statements;
    }

    // ---- helpers ----

    private PreparedStatement prepare(String sql) throws SQLException {
        return statements == null ? c.prepareStatement(sql) : statements.prepare(sql);
    }

    private void release(String sql, PreparedStatement ps, boolean failed) throws SQLException {
        if (ps == null) return;
        if (statements == null) ps.close();
        else statements.release(sql, ps, failed);
    }

    private int update(String sql, Binder binder) {
        PreparedStatement ps = null;
        boolean failed = true;
        try {
            ps = prepare(sql);
            binder.bind(ps);
            int n = ps.executeUpdate();
            failed = false;
            release(sql, ps, false);
            return n;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        } finally {
            if (failed) releaseQuietly(sql, ps);
        }
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        PreparedStatement ps = null;
        boolean failed = true;
        try {
            ps = prepare(sql);
            binder.bind(ps);
            List<T> r = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) { // closing it ends the statement's read (SQLite: its snapshot)
                Row row = Row.of(sql, rs);
                while (rs.next()) r.add(mapper.map(row));
            }
            failed = false;
            release(sql, ps, false);
            return r;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        } finally {
            if (failed) releaseQuietly(sql, ps);
        }
    }

    private void releaseQuietly(String sql, PreparedStatement ps) {
        try {
            release(sql, ps, true);
        } catch (SQLException ignored) {
            // the failure being thrown says more than this one
        }
    }

    private <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) {
        List<T> r = query(sql, binder, mapper);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private String forUpdate() {
        return dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }

    // ---- hospitals ----

    private static Hospital hospitalRow(Row rs) throws SQLException {
        return new Hospital(rs.getString("code"), rs.getString("name"), HospitalLevel.valueOf(rs.getString("level")),
                rs.getString("county"), rs.getBoolean("designated"));
    }

    @Override
    public Optional<Hospital> hospital(String code) {
        return one("SELECT * FROM hospitals WHERE code = ?", ps -> ps.setString(1, code), JdbcStoreTx::hospitalRow);
    }

    @Override
    public List<Hospital> hospitals() {
        return query("SELECT * FROM hospitals ORDER BY code", ps -> {}, JdbcStoreTx::hospitalRow);
    }

    @Override
    public List<Hospital> hospitalsAfter(String afterCode, int limit) {
        return query("SELECT * FROM hospitals WHERE code > ? ORDER BY code LIMIT ?", ps -> {
            ps.setString(1, afterCode);
            ps.setInt(2, limit);
        }, JdbcStoreTx::hospitalRow);
    }

    @Override
    public void upsertHospital(Hospital h, long nowMillis) {
        update("INSERT INTO hospitals (code, name, level, county, designated, updated_at_millis) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, county = excluded.county, "
                + "designated = excluded.designated, updated_at_millis = excluded.updated_at_millis", ps -> {
                    ps.setString(1, h.code());
                    ps.setString(2, h.name());
                    ps.setString(3, h.level().name());
                    ps.setString(4, h.county());
                    ps.setBoolean(5, h.designated());
                    ps.setLong(6, nowMillis);
                });
    }

    // ---- persons ----

    private PersonRecord personRow(Row rs) throws SQLException {
        TreeSet<Integer> years = new TreeSet<>();
        String y = rs.getString("insured_years");
        if (!y.isEmpty()) for (String s : y.split(",")) years.add(Integer.parseInt(s));
        String id = rs.getString("id_number");
        return new PersonRecord(id, rs.getString("name"), Scheme.valueOf(rs.getString("scheme")), rs.getString("county"),
                years, List.of(), rs.getLong("roster_version"));
    }

    private static IdentityPeriod identityRow(Row rs) throws SQLException {
        return new IdentityPeriod(Category.valueOf(rs.getString("category")), date(rs.getString("from_date")),
                date(rs.getString("to_date")), rs.getString("department"), rs.getString("source"));
    }

    /** A person's row beside one of their identity periods (null when they have none): one row per period. */
    private record PersonWithPeriod(PersonRecord person, IdentityPeriod period) {}

    @Override
    public Optional<PersonRecord> person(String idNumber) {
        // one statement, not two: a settlement reads its person inside the writer's transaction
        List<PersonWithPeriod> rows = query("SELECT p.id_number, p.name, p.scheme, p.county, p.insured_years, p.roster_version, "
                + "i.seq, i.category, i.from_date, i.to_date, i.department, i.source FROM persons p "
                + "LEFT JOIN identity_periods i ON i.id_number = p.id_number WHERE p.id_number = ? ORDER BY i.seq",
                ps -> ps.setString(1, idNumber),
                rs -> new PersonWithPeriod(personRow(rs), rs.getString("category") == null ? null : identityRow(rs)));
        if (rows.isEmpty()) return Optional.empty();
        List<IdentityPeriod> periods = new ArrayList<>(rows.size());
        for (PersonWithPeriod r : rows) if (r.period() != null) periods.add(r.period());
        return Optional.of(rows.get(0).person().withIdentities(periods));
    }

    @Override
    public PersonRecord upsertPerson(PersonRecord p, long nowMillis) {
        update("UPDATE roster_counter SET version = version + 1 WHERE id = 1", ps -> {});
        long version = one("SELECT version FROM roster_counter WHERE id = 1", ps -> {}, rs -> rs.getLong(1)).orElseThrow();
        String years = String.join(",", p.insuredYears().stream().map(String::valueOf).toList());
        update("INSERT INTO persons (id_number, name, scheme, county, insured_years, roster_version, updated_at_millis) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, "
                + "scheme = excluded.scheme, county = excluded.county, insured_years = excluded.insured_years, "
                + "roster_version = excluded.roster_version, updated_at_millis = excluded.updated_at_millis", ps -> {
                    ps.setString(1, p.idNumber());
                    ps.setString(2, p.name());
                    ps.setString(3, p.scheme().name());
                    ps.setString(4, p.county());
                    ps.setString(5, years);
                    ps.setLong(6, version);
                    ps.setLong(7, nowMillis);
                });
        update("DELETE FROM identity_periods WHERE id_number = ?", ps -> ps.setString(1, p.idNumber()));
        int seq = 0;
        for (IdentityPeriod i : p.identities()) {
            int s = seq++;
            update("INSERT INTO identity_periods (id_number, seq, category, from_date, to_date, department, source) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, p.idNumber());
                        ps.setInt(2, s);
                        ps.setString(3, i.category().name());
                        ps.setString(4, iso(i.from()));
                        ps.setString(5, iso(i.to()));
                        ps.setString(6, i.department());
                        ps.setString(7, i.source());
                    });
        }
        return new PersonRecord(p.idNumber(), p.name(), p.scheme(), p.county(), p.insuredYears(), p.identities(), version);
    }

    @Override
    public List<PersonRecord> personsChangedSince(String areaPrefix, long sinceVersion, int limit) {
        List<PersonRecord> page = query("SELECT * FROM persons WHERE county LIKE ? AND roster_version > ? ORDER BY roster_version LIMIT ?", ps -> {
            ps.setString(1, areaPrefix + "%");
            ps.setLong(2, sinceVersion);
            ps.setInt(3, limit);
        }, this::personRow);
        if (page.isEmpty()) return page;
        // The page's identities in one query, not one per person: the same persons are those of the
        // area whose version lies between the one asked from and the page's last.
        long last = page.get(page.size() - 1).rosterVersion();
        java.util.Map<String, List<IdentityPeriod>> ids = new java.util.HashMap<>();
        query("SELECT i.* FROM identity_periods i JOIN persons p ON p.id_number = i.id_number "
                + "WHERE p.county LIKE ? AND p.roster_version > ? AND p.roster_version <= ? ORDER BY i.id_number, i.seq", ps -> {
                    ps.setString(1, areaPrefix + "%");
                    ps.setLong(2, sinceVersion);
                    ps.setLong(3, last);
                }, rs -> ids.computeIfAbsent(rs.getString("id_number"), k -> new ArrayList<>()).add(identityRow(rs)));
        return page.stream().map(p -> p.withIdentities(ids.getOrDefault(p.idNumber(), List.of()))).toList();
    }

    // ---- policies ----

    private static PolicyDocument policyRow(Row rs) throws SQLException {
        return new PolicyDocument(rs.getString("policy_id"), rs.getString("sha256"), rs.getString("region"),
                rs.getInt("policy_year"), rs.getString("file_name"), rs.getString("yaml"), rs.getBoolean("active"),
                rs.getLong("loaded_at_millis"));
    }

    @Override
    public void storePolicy(PolicyDocument p) {
        if (p.active()) {
            update("UPDATE policies SET active = ? WHERE region = ? AND policy_year = ?", ps -> {
                ps.setBoolean(1, false);
                ps.setString(2, p.region());
                ps.setInt(3, p.year());
            });
        }
        update("INSERT INTO policies (policy_id, sha256, region, policy_year, file_name, yaml, active, loaded_at_millis) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (policy_id, sha256) DO UPDATE SET active = excluded.active, "
                + "file_name = excluded.file_name", ps -> {
                    ps.setString(1, p.policyId());
                    ps.setString(2, p.sha256());
                    ps.setString(3, p.region());
                    ps.setInt(4, p.year());
                    ps.setString(5, p.fileName());
                    ps.setString(6, p.yaml());
                    ps.setBoolean(7, p.active());
                    ps.setLong(8, p.loadedAtMillis());
                });
    }

    @Override
    public List<PolicyDocument> policies(String regionOrEmpty) {
        if (regionOrEmpty.isEmpty()) {
            return query("SELECT * FROM policies ORDER BY region, policy_year, loaded_at_millis", ps -> {}, JdbcStoreTx::policyRow);
        }
        return query("SELECT * FROM policies WHERE region = ? ORDER BY policy_year, loaded_at_millis",
                ps -> ps.setString(1, regionOrEmpty), JdbcStoreTx::policyRow);
    }

    @Override
    public List<PolicyDocument> policyVersions(String policyId, int limit) {
        return query("SELECT * FROM policies WHERE policy_id = ? ORDER BY loaded_at_millis DESC, sha256 LIMIT ?", ps -> {
            ps.setString(1, policyId);
            ps.setInt(2, limit);
        }, JdbcStoreTx::policyRow);
    }

    // ---- ledger ----

    /** Person-years this transaction found without an accumulators row: their save must INSERT, never UPDATE. */
    private final java.util.Set<String> lockedAbsent = new java.util.HashSet<>();
    /** The version each locked person-year had when it was locked: the save writes the next one, checked. */
    private final java.util.Map<String, Long> lockedVersions = new java.util.HashMap<>();

    private record LockedRow(Accumulators totals, long version) {}

    @Override
    public Accumulators lockAccumulators(String idNumber, int year) {
        // No row yet: nothing to lock, and nothing is written here (a rejected settlement leaves no
        // trace). Two first settlements of a person-year racing both INSERT in saveAccumulators; the
        // loser's duplicate key makes its whole transaction run again, now on the winner's row.
        Optional<LockedRow> found = one("SELECT totals, version FROM accumulators WHERE id_number = ? AND insurance_year = ?" + forUpdate(), ps -> {
            ps.setString(1, idNumber);
            ps.setInt(2, year);
        }, rs -> new LockedRow(AccumulatorsCodec.decode(rs.getString(1)), rs.getLong(2)));
        String key = idNumber + "/" + year;
        if (found.isEmpty()) {
            lockedAbsent.add(key);
            return Accumulators.ZERO;
        }
        lockedVersions.put(key, found.get().version());
        return found.get().totals();
    }

    @Override
    public Accumulators accumulators(String idNumber, int year) {
        return one("SELECT totals FROM accumulators WHERE id_number = ? AND insurance_year = ?", ps -> {
            ps.setString(1, idNumber);
            ps.setInt(2, year);
        }, rs -> AccumulatorsCodec.decode(rs.getString(1))).orElse(Accumulators.ZERO);
    }

    @Override
    public long saveAccumulators(String idNumber, int year, Accumulators totals) {
        totals.checkNonNegative();
        if (lockedAbsent.remove(idNumber + "/" + year)) {
            // Computed from zero: only an INSERT is right. Had a twin inserted meanwhile, an UPDATE
            // would overwrite its totals (a lost update); the INSERT fails instead and the unit re-runs.
            update("INSERT INTO accumulators (id_number, insurance_year, totals, version) VALUES (?, ?, ?, 1)", ps -> {
                ps.setString(1, idNumber);
                ps.setInt(2, year);
                ps.setString(3, AccumulatorsCodec.encode(totals));
            });
            return 1;
        }
        Long locked = lockedVersions.remove(idNumber + "/" + year);
        if (locked == null) throw new IllegalStateException("accumulators of " + year + " not locked before saving");
        long next = locked + 1;
        // the version read under the lock must still be there: anything else is a lost update, and rolls back
        int n = update("UPDATE accumulators SET totals = ?, version = ? WHERE id_number = ? AND insurance_year = ? AND version = ?", ps -> {
            ps.setString(1, AccumulatorsCodec.encode(totals));
            ps.setLong(2, next);
            ps.setString(3, idNumber);
            ps.setInt(4, year);
            ps.setLong(5, locked);
        });
        if (n != 1) throw new IllegalStateException("accumulators of " + year + " changed after they were locked");
        return next;
    }

    /** The columns of a settlement's result: the same in {@code settlements} and {@code provisional_settlements}. */
    private static final List<String> RESULT_COLUMNS = List.of("policy_id", "mode", "total_fen", "compliant_fen", "basic_pay_fen",
            "ci_pay_fen", "supplementary_pay", "supplementary_pay_fen", "assistance_pay_fen", "assistance_category", "fund_pay_fen",
            "hospital_absorbed_fen", "patient_pay_fen", "alert", "delta", "totals_after");
    /** Authoritative − provisional, in the order of {@link Provisional.Difference}'s components. */
    private static final List<String> DIFFERENCE_COLUMNS = List.of("diff_basic_fen", "diff_ci_fen", "diff_supplementary_fen",
            "diff_assistance_fen", "diff_hospital_absorbed_fen", "diff_patient_fen");
    private static final List<String> PROVISIONAL_COLUMNS = Stream.of(List.of("offline_made_at_millis", "with_settlement", "differs"),
            RESULT_COLUMNS, DIFFERENCE_COLUMNS).flatMap(List::stream).toList();
    /** A settlement's columns, then its provisional result's (all NULL when it has none), those prefixed {@code p_}. */
    private static final String SELECT_SETTLEMENT = "SELECT s.*, "
            + PROVISIONAL_COLUMNS.stream().map(c -> "p." + c + " AS p_" + c).collect(Collectors.joining(", "));
    private static final String SETTLEMENTS = SELECT_SETTLEMENT + " FROM settlements s LEFT JOIN provisional_settlements p "
            + "ON p.hospital_code = s.hospital_code AND p.settlement_id = s.settlement_id ";

    /** Every column of a settlement's row, in the order {@link #bindSettlement} binds them. */
    private static final List<String> SETTLEMENT_COLUMNS = Stream.of(List.of("hospital_code", "settlement_id", "request_id",
            "id_number", "insurance_year", "settlement_date", "policy_sha256", "visit_type", "hospital_level", "special_disease",
            "out_of_scope_fen", "prior_self_pay_fen"), RESULT_COLUMNS, List.of("status", "settled_at_millis", "reversed_at_millis",
            "reverse_reason", "offline_made_at_millis", "year_seq", "reversed_seq")).flatMap(List::stream).toList();
    private static final String INSERT_SETTLEMENT = "INSERT INTO settlements (" + String.join(", ", SETTLEMENT_COLUMNS)
            + ") VALUES (" + "?, ".repeat(SETTLEMENT_COLUMNS.size() - 1) + "?)";
    /** The money of one settlement, found only if every column is as bound ({@code equal} is the dialect's NULL-safe =). */
    private static String settlementStoredAs(String equal) {
        return "SELECT total_fen, basic_pay_fen, ci_pay_fen, supplementary_pay_fen, assistance_pay_fen, fund_pay_fen, "
                + "hospital_absorbed_fen, patient_pay_fen FROM settlements WHERE hospital_code = ? AND settlement_id = ? AND "
                + SETTLEMENT_COLUMNS.stream().map(c -> c + " " + equal + " ?").collect(Collectors.joining(" AND "));
    }
    private static final String SETTLEMENT_STORED_AS_SQLITE = settlementStoredAs("IS");
    private static final String SETTLEMENT_STORED_AS_POSTGRESQL = settlementStoredAs("IS NOT DISTINCT FROM");
    private static final String INSERT_PROVISIONAL = "INSERT INTO provisional_settlements (hospital_code, settlement_id, "
            + "settlement_date, settled_at_millis, recorded_at_millis, " + String.join(", ", PROVISIONAL_COLUMNS) + ") VALUES ("
            + "?, ".repeat(5 + PROVISIONAL_COLUMNS.size() - 1) + "?)";

    /** Binds a result to {@link #RESULT_COLUMNS} from parameter {@code i}; returns the next parameter's index. */
    private static int bindResult(PreparedStatement ps, int i, SettlementResult r) throws SQLException {
        ps.setString(i++, r.policyId());
        ps.setString(i++, r.mode().name());
        ps.setLong(i++, r.totalFen());
        ps.setLong(i++, r.compliantFen());
        ps.setLong(i++, r.basicPayFen());
        ps.setLong(i++, r.ciPayFen());
        ps.setString(i++, AccumulatorsCodec.encodePays(r.supplementaryPayFen()));
        ps.setLong(i++, r.supplementaryTotalFen());
        ps.setLong(i++, r.assistancePayFen());
        ps.setString(i++, r.assistanceCategory());
        ps.setLong(i++, r.fundPayFen());
        ps.setLong(i++, r.hospitalAbsorbedFen());
        ps.setLong(i++, r.patientPayFen());
        ps.setBoolean(i++, r.alert());
        ps.setString(i++, AccumulatorsCodec.encode(r.delta()));
        ps.setString(i++, AccumulatorsCodec.encode(r.after()));
        return i;
    }

    /** The result in {@link #RESULT_COLUMNS}, each prefixed; rebuilding it checks every invariant again on read-back. */
    private static SettlementResult resultRow(Row rs, String prefix, String settlementId) throws SQLException {
        return new SettlementResult(settlementId, rs.getString(prefix + "policy_id"), Mode.valueOf(rs.getString(prefix + "mode")),
                rs.getLong(prefix + "total_fen"), rs.getLong(prefix + "compliant_fen"), rs.getLong(prefix + "basic_pay_fen"),
                rs.getLong(prefix + "ci_pay_fen"), AccumulatorsCodec.decodePays(rs.getString(prefix + "supplementary_pay")),
                rs.getLong(prefix + "assistance_pay_fen"), rs.getString(prefix + "assistance_category"), rs.getLong(prefix + "fund_pay_fen"),
                rs.getLong(prefix + "hospital_absorbed_fen"), rs.getLong(prefix + "patient_pay_fen"), rs.getBoolean(prefix + "alert"),
                AccumulatorsCodec.decode(rs.getString(prefix + "delta")), AccumulatorsCodec.decode(rs.getString(prefix + "totals_after")));
    }

    /** A row of {@link #SETTLEMENTS}: the settlement, and its provisional result when it has one. */
    private static StoredSettlement settlementRow(Row rs) throws SQLException {
        String id = rs.getString("settlement_id");
        Visit visit = Visit.of(id, LocalDate.parse(rs.getString("settlement_date")), VisitType.valueOf(rs.getString("visit_type")),
                HospitalLevel.valueOf(rs.getString("hospital_level")), rs.getLong("total_fen"), rs.getLong("out_of_scope_fen"),
                rs.getLong("prior_self_pay_fen"), rs.getString("special_disease")).value();
        // the settlement's constructor checks that the stored difference is authoritative − provisional
        return new StoredSettlement(rs.getString("hospital_code"), rs.getString("request_id"), rs.getString("id_number"), visit,
                rs.getString("policy_sha256"), resultRow(rs, "", id), StoredSettlement.Status.valueOf(rs.getString("status")),
                rs.getLong("settled_at_millis"), rs.getLong("reversed_at_millis"), rs.getString("reverse_reason"),
                rs.getLong("offline_made_at_millis"), rs.getLong("year_seq"), rs.getLong("reversed_seq"),
                rs.getString("p_mode") == null ? null : provisionalRow(rs, id));
    }

    private static Provisional provisionalRow(Row rs, String settlementId) throws SQLException {
        long[] d = new long[DIFFERENCE_COLUMNS.size()];
        for (int i = 0; i < d.length; i++) d[i] = rs.getLong("p_" + DIFFERENCE_COLUMNS.get(i));
        Provisional p = new Provisional(rs.getLong("p_offline_made_at_millis"), resultRow(rs, "p_", settlementId),
                rs.getBoolean("p_with_settlement"), new Provisional.Difference(d[0], d[1], d[2], d[3], d[4], d[5]));
        if (p.differs() != rs.getBoolean("p_differs")) {
            throw new IllegalStateException("provisional result of " + settlementId + ": differs is stored as " + !p.differs());
        }
        return p;
    }

    @Override
    public List<StoredSettlement> settlementsOfPersonYear(String idNumber, int year) {
        return query(SETTLEMENTS + "WHERE s.id_number = ? AND s.insurance_year = ? ORDER BY s.year_seq",
                ps -> {
                    ps.setString(1, idNumber);
                    ps.setInt(2, year);
                }, JdbcStoreTx::settlementRow);
    }

    @Override
    public Optional<StoredSettlement> settlement(String hospitalCode, String settlementId) {
        return one(SETTLEMENTS + "WHERE s.hospital_code = ? AND s.settlement_id = ?", ps -> {
            ps.setString(1, hospitalCode);
            ps.setString(2, settlementId);
        }, JdbcStoreTx::settlementRow);
    }

    @Override
    public boolean settlementExists(String hospitalCode, String settlementId) {
        return one("SELECT 1 FROM settlements WHERE hospital_code = ? AND settlement_id = ?", ps -> {
            ps.setString(1, hospitalCode);
            ps.setString(2, settlementId);
        }, rs -> Boolean.TRUE).isPresent();
    }

    @Override
    public void insertSettlement(StoredSettlement s) {
        SettlementResult r = s.result();
        r.checkInvariants();
        if (r.totalFen() != s.visit().totalFen()) throw new IllegalStateException("settlement " + s.settlementId() + ": total is not the bill's");
        update(INSERT_SETTLEMENT, ps -> bindSettlement(ps, 1, s));
    }

    /** Binds {@code s} to {@link #SETTLEMENT_COLUMNS} from parameter {@code i}. */
    private static void bindSettlement(PreparedStatement ps, int i, StoredSettlement s) throws SQLException {
        Visit v = s.visit();
        ps.setString(i++, s.hospitalCode());
        ps.setString(i++, s.settlementId());
        ps.setString(i++, s.requestId());
        ps.setString(i++, s.idNumber());
        ps.setInt(i++, s.insuranceYear());
        ps.setString(i++, v.date().toString());
        ps.setString(i++, s.policySha256());
        ps.setString(i++, v.type().name());
        ps.setString(i++, v.hospitalLevel().name());
        ps.setString(i++, v.specialDisease());
        ps.setLong(i++, v.outOfScopeFen());
        ps.setLong(i++, v.priorSelfPayFen());
        i = bindResult(ps, i, s.result());
        ps.setString(i++, s.status().name());
        ps.setLong(i++, s.settledAtMillis());
        ps.setLong(i++, s.reversedAtMillis());
        ps.setString(i++, s.reverseReason());
        ps.setLong(i++, s.offlineMadeAtMillis());
        ps.setLong(i++, s.yearSeq());
        ps.setLong(i, s.reversedSeq());
    }

    /**
     * The database compares every column with what was bound, so nothing is decoded: reading the row back whole and
     * rebuilding it was a fifth of the writer's time under load (the driver fetches each column's name again for every
     * query). The money is read as numbers and its sums checked again; a provisional result is read whole and compared.
     */
    @Override
    public void checkStoredAs(StoredSettlement written) {
        String id = written.settlementId();
        String sql = dialect == Database.Dialect.POSTGRESQL ? SETTLEMENT_STORED_AS_POSTGRESQL : SETTLEMENT_STORED_AS_SQLITE;
        Optional<Boolean> found = one(sql, ps -> {
            ps.setString(1, written.hospitalCode());
            ps.setString(2, id);
            bindSettlement(ps, 3, written);
        }, rs -> {
            SettlementResult.checkSums(id, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8));
            return Boolean.TRUE;
        });
        if (found.isEmpty()) {
            throw new IllegalStateException("settlement " + id + " is missing or reads back different from what was written");
        }
        if (written.provisional() != null) {
            Provisional read = settlement(written.hospitalCode(), id).map(StoredSettlement::provisional).orElse(null);
            if (!written.provisional().equals(read)) {
                throw new IllegalStateException("settlement " + id + ": its provisional result reads back different from what was written");
            }
        }
    }

    @Override
    public void markReversed(String hospitalCode, String settlementId, long atMillis, String reason, long reversedSeq) {
        int n = update("UPDATE settlements SET status = 'REVERSED', reversed_at_millis = ?, reverse_reason = ?, reversed_seq = ? "
                + "WHERE hospital_code = ? AND settlement_id = ? AND status = 'SETTLED'", ps -> {
                    ps.setLong(1, atMillis);
                    ps.setString(2, reason);
                    ps.setLong(3, reversedSeq);
                    ps.setString(4, hospitalCode);
                    ps.setString(5, settlementId);
                });
        if (n != 1) throw new IllegalStateException("settlement " + settlementId + " was not SETTLED when reversed");
    }

    @Override
    public List<StoredSettlement> settlementsOfDay(String hospitalCode, LocalDate date, String afterSettlementId, long afterMillis, int limit) {
        return query(SETTLEMENTS + "WHERE s.hospital_code = ? AND s.settlement_date = ? "
                + "AND (s.settled_at_millis > ? OR (s.settled_at_millis = ? AND s.settlement_id > ?)) "
                + "ORDER BY s.settled_at_millis, s.settlement_id LIMIT ?", ps -> {
                    ps.setString(1, hospitalCode);
                    ps.setString(2, date.toString());
                    ps.setLong(3, afterMillis);
                    ps.setLong(4, afterMillis);
                    ps.setString(5, afterSettlementId);
                    ps.setInt(6, limit);
                }, JdbcStoreTx::settlementRow);
    }

    // ---- offline settlements forwarded by agents ----

    @Override
    public void insertProvisional(StoredSettlement s, long nowMillis) {
        Provisional p = java.util.Objects.requireNonNull(s.provisional(), "provisional");
        p.result().checkInvariants(); // and the settlement's constructor checked the difference
        update(INSERT_PROVISIONAL, ps -> {
                    int i = 1;
                    ps.setString(i++, s.hospitalCode());
                    ps.setString(i++, s.settlementId());
                    ps.setString(i++, s.date().toString());
                    ps.setLong(i++, s.settledAtMillis());
                    ps.setLong(i++, nowMillis);
                    ps.setLong(i++, p.offlineMadeAtMillis());
                    ps.setBoolean(i++, p.withSettlement());
                    ps.setBoolean(i++, p.differs());
                    i = bindResult(ps, i, p.result());
                    Provisional.Difference d = p.difference();
                    for (long fen : new long[] {d.basicFen(), d.criticalIllnessFen(), d.supplementaryFen(), d.assistanceFen(),
                            d.hospitalAbsorbedFen(), d.patientFen()}) {
                        ps.setLong(i++, fen);
                    }
                });
    }

    /**
     * A day's settlements forwarded from agents' offline journals (not reversed), summed as an {@link OfflineTotals}:
     * made offline (an older agent may forward without its provisional result), or with a provisional result recorded
     * (also against a settlement whose online attempt had reached the server). Binds 1: true, 2: the date.
     */
    private static final String OFFLINE_SUMS = "COUNT(*), COALESCE(SUM(CASE WHEN p.differs = ? THEN 1 ELSE 0 END), 0), "
            + "COALESCE(SUM(CASE WHEN p.diff_patient_fen > 0 THEN p.diff_patient_fen ELSE 0 END), 0), "
            + "COALESCE(SUM(CASE WHEN p.diff_patient_fen < 0 THEN -p.diff_patient_fen ELSE 0 END), 0) "
            + "FROM settlements s LEFT JOIN provisional_settlements p "
            + "ON p.hospital_code = s.hospital_code AND p.settlement_id = s.settlement_id "
            + "WHERE s.settlement_date = ? AND s.status = 'SETTLED' AND (s.offline_made_at_millis > 0 OR p.settlement_id IS NOT NULL) ";

    private static OfflineTotals offlineTotals(Row rs, int first) throws SQLException {
        return new OfflineTotals(rs.getInt(first), rs.getInt(first + 1), rs.getLong(first + 2), rs.getLong(first + 3));
    }

    @Override
    public OfflineTotals offlineTotals(String hospitalCode, LocalDate date) {
        return one("SELECT " + OFFLINE_SUMS + "AND s.hospital_code = ?", ps -> {
            ps.setBoolean(1, true);
            ps.setString(2, date.toString());
            ps.setString(3, hospitalCode);
        }, rs -> offlineTotals(rs, 1)).orElseThrow();
    }

    @Override
    public Map<String, OfflineTotals> offlineTotalsByHospital(LocalDate date, String fromCode, String toCode) {
        Map<String, OfflineTotals> byHospital = new HashMap<>();
        query("SELECT s.hospital_code, " + OFFLINE_SUMS + "AND s.hospital_code >= ? AND s.hospital_code <= ? GROUP BY s.hospital_code", ps -> {
            ps.setBoolean(1, true);
            ps.setString(2, date.toString());
            ps.setString(3, fromCode);
            ps.setString(4, toCode);
        }, rs -> byHospital.put(rs.getString(1), offlineTotals(rs, 2)));
        return byHospital;
    }

    /** Forwarded settlements (not reversed) whose provisional result differs: what ListOfflineDifferences lists. Binds 1: true. */
    private static final String DIFFERING = " FROM provisional_settlements p JOIN settlements s "
            + "ON s.hospital_code = p.hospital_code AND s.settlement_id = p.settlement_id WHERE p.differs = ? AND s.status = 'SETTLED' ";

    @Override
    public List<StoredSettlement> offlineDifferences(String hospitalCodeOrAll, LocalDate date, long afterMillis, String afterHospital,
                                                     String afterSettlementId, int limit) {
        boolean all = hospitalCodeOrAll.isEmpty();
        return query(SELECT_SETTLEMENT + DIFFERING + (all ? "" : "AND p.hospital_code = ? ") + "AND p.settlement_date = ? "
                + "AND (p.settled_at_millis > ? OR (p.settled_at_millis = ? AND (p.hospital_code > ? "
                + "OR (p.hospital_code = ? AND p.settlement_id > ?)))) "
                + "ORDER BY p.settled_at_millis, p.hospital_code, p.settlement_id LIMIT ?", ps -> {
                    int i = 1;
                    ps.setBoolean(i++, true);
                    if (!all) ps.setString(i++, hospitalCodeOrAll);
                    ps.setString(i++, date.toString());
                    ps.setLong(i++, afterMillis);
                    ps.setLong(i++, afterMillis);
                    ps.setString(i++, afterHospital);
                    ps.setString(i++, afterHospital);
                    ps.setString(i++, afterSettlementId);
                    ps.setInt(i, limit);
                }, JdbcStoreTx::settlementRow);
    }

    @Override
    public int offlineDifferingCount(LocalDate from, LocalDate to) {
        return one("SELECT COUNT(*)" + DIFFERING + "AND p.settlement_date >= ? AND p.settlement_date <= ?", ps -> {
            ps.setBoolean(1, true);
            ps.setString(2, from.toString());
            ps.setString(3, to.toString());
        }, rs -> rs.getInt(1)).orElse(0);
    }

    /** The amounts a day's summary, a clearing row and the dashboard sum, in the order of {@link FundTotals}. */
    private static final List<String> FUND_COLUMNS = List.of("total_fen", "basic_pay_fen", "ci_pay_fen", "supplementary_pay_fen",
            "assistance_pay_fen", "fund_pay_fen", "hospital_absorbed_fen", "patient_pay_fen");
    /** Settled ones counted and summed per fund, reversed ones counted apart, in one pass; read by {@link #totals}. */
    private static final String SUMS = "COALESCE(SUM(CASE WHEN status = 'SETTLED' THEN 1 ELSE 0 END), 0), "
            + "COALESCE(SUM(CASE WHEN status = 'REVERSED' THEN 1 ELSE 0 END), 0), "
            + FUND_COLUMNS.stream().map(c -> "COALESCE(SUM(CASE WHEN status = 'SETTLED' THEN " + c + " ELSE 0 END), 0)")
                    .collect(Collectors.joining(", "));

    private static FundTotals totals(String hospital, Row rs, int first) throws SQLException {
        int i = first;
        return new FundTotals(hospital, rs.getInt(i++), rs.getInt(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i));
    }

    @Override
    public FundTotals dailyTotals(String hospitalCode, LocalDate date) {
        return one("SELECT " + SUMS + " FROM settlements WHERE hospital_code = ? AND settlement_date = ?", ps -> {
            ps.setString(1, hospitalCode);
            ps.setString(2, date.toString());
        }, rs -> totals(hospitalCode, rs, 1)).orElseThrow();
    }

    @Override
    public List<FundTotals> totalsByHospital(LocalDate from, LocalDate to, boolean reversedOnlyToo, String afterCode, int limit) {
        return query("SELECT hospital_code, " + SUMS + " FROM settlements WHERE settlement_date >= ? AND settlement_date <= ? "
                + "AND hospital_code > ? GROUP BY hospital_code "
                + (reversedOnlyToo ? "" : "HAVING SUM(CASE WHEN status = 'SETTLED' THEN 1 ELSE 0 END) > 0 ")
                + "ORDER BY hospital_code LIMIT ?", ps -> {
                    ps.setString(1, from.toString());
                    ps.setString(2, to.toString());
                    ps.setString(3, afterCode);
                    ps.setInt(4, limit);
                }, rs -> totals(rs.getString(1), rs, 2));
    }

    @Override
    public FundTotals totals(LocalDate from, LocalDate to) {
        return one("SELECT " + SUMS + " FROM settlements WHERE settlement_date >= ? AND settlement_date <= ?", ps -> {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
        }, rs -> totals("", rs, 1)).orElseThrow();
    }

    @Override
    public SortedMap<LocalDate, FundTotals> totalsByDate(LocalDate from, LocalDate to) {
        SortedMap<LocalDate, FundTotals> byDate = new TreeMap<>();
        query("SELECT settlement_date, " + SUMS + " FROM settlements WHERE settlement_date >= ? AND settlement_date <= ? "
                + "GROUP BY settlement_date", ps -> {
                    ps.setString(1, from.toString());
                    ps.setString(2, to.toString());
                }, rs -> byDate.put(LocalDate.parse(rs.getString(1)), totals("", rs, 2)));
        return byDate;
    }

    /** High-cost settlements (not reversed) dated in [from, to]: the alert report's rows. Binds 1: true, 2: from, 3: to. */
    private static final String ALERTS = " FROM settlements s JOIN persons p ON p.id_number = s.id_number "
            + "WHERE s.alert = ? AND s.status = 'SETTLED' AND s.settlement_date >= ? AND s.settlement_date <= ? ";

    private static void bindAlerts(PreparedStatement ps, LocalDate from, LocalDate to) throws SQLException {
        ps.setBoolean(1, true);
        ps.setString(2, from.toString());
        ps.setString(3, to.toString());
    }

    @Override
    public List<AlertRow> alerts(LocalDate from, LocalDate to, AlertRow.Key after, int limit) {
        AlertRow.Key a = after != null ? after : new AlertRow.Key("", "", "");
        return query("SELECT s.id_number, p.name, p.county, s.hospital_code, s.settlement_id, s.settlement_date, s.totals_after"
                + ALERTS + "AND (s.settlement_date > ? OR (s.settlement_date = ? AND (s.hospital_code > ? "
                + "OR (s.hospital_code = ? AND s.settlement_id > ?)))) "
                + "ORDER BY s.settlement_date, s.hospital_code, s.settlement_id LIMIT ?", ps -> {
                    bindAlerts(ps, from, to);
                    ps.setString(4, a.settlementDate());
                    ps.setString(5, a.settlementDate());
                    ps.setString(6, a.hospitalCode());
                    ps.setString(7, a.hospitalCode());
                    ps.setString(8, a.settlementId());
                    ps.setInt(9, limit);
                }, rs -> new AlertRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), AccumulatorsCodec.decode(rs.getString(7)).outOfPocketFen()));
    }

    @Override
    public int alertCount(LocalDate from, LocalDate to) {
        return one("SELECT COUNT(*)" + ALERTS, ps -> bindAlerts(ps, from, to), rs -> rs.getInt(1)).orElse(0);
    }

    // ---- the office's settlement search ----

    /**
     * The search's conditions on {@code s}, bound from parameter 1 by {@link #bindSearch}. {@code newestFirst}: for a page
     * of every hospital's settlements, SQLite is told not to use the date index ({@code +}), so that it walks
     * settlements_by_settled_at from its end and stops after the page (it would otherwise read and sort the whole range,
     * measured 1.4 s for a year of 300,000; PostgreSQL's statistics choose by themselves).
     */
    private String searchWhere(SettlementQuery q, boolean newestFirst) {
        boolean steer = newestFirst && dialect == Database.Dialect.SQLITE && q.hospitalCodeOrAll().isEmpty() && q.idNumberOrAll().isEmpty();
        String date = steer ? "+s.settlement_date" : "s.settlement_date";
        StringBuilder w = new StringBuilder("WHERE " + date + " >= ? AND " + date + " <= ? ");
        if (!q.hospitalCodeOrAll().isEmpty()) w.append("AND s.hospital_code = ? ");
        // the insurance year is the settlement date's: bounding it lets one person's search use settlements_by_person whole
        if (!q.idNumberOrAll().isEmpty()) w.append("AND s.id_number = ? AND s.insurance_year >= ? AND s.insurance_year <= ? ");
        if (q.statusOrAll() != null) w.append("AND s.status = ? ");
        return w.toString();
    }

    /** Binds {@link #searchWhere}'s parameters; returns the next parameter's index. */
    private static int bindSearch(PreparedStatement ps, SettlementQuery q) throws SQLException {
        int i = 1;
        ps.setString(i++, q.from().toString());
        ps.setString(i++, q.to().toString());
        if (!q.hospitalCodeOrAll().isEmpty()) ps.setString(i++, q.hospitalCodeOrAll());
        if (!q.idNumberOrAll().isEmpty()) {
            ps.setString(i++, q.idNumberOrAll());
            ps.setInt(i++, q.from().getYear());
            ps.setInt(i++, q.to().getYear());
        }
        if (q.statusOrAll() != null) ps.setString(i++, q.statusOrAll().name());
        return i;
    }

    @Override
    public List<StoredSettlement> searchSettlements(SettlementQuery q, SettlementQuery.Key before, int limit) {
        return query(SETTLEMENTS + searchWhere(q, true) + "AND s.settled_at_millis <= ? " // the key as a range, so an index walk starts there
                + "AND (s.settled_at_millis < ? OR (s.settled_at_millis = ? AND (s.hospital_code < ? "
                + "OR (s.hospital_code = ? AND s.settlement_id < ?)))) "
                + "ORDER BY s.settled_at_millis DESC, s.hospital_code DESC, s.settlement_id DESC LIMIT ?", ps -> {
                    int i = bindSearch(ps, q);
                    ps.setLong(i++, before.settledAtMillis());
                    ps.setLong(i++, before.settledAtMillis());
                    ps.setLong(i++, before.settledAtMillis());
                    ps.setString(i++, before.hospitalCode());
                    ps.setString(i++, before.hospitalCode());
                    ps.setString(i++, before.settlementId());
                    ps.setInt(i, limit);
                }, JdbcStoreTx::settlementRow);
    }

    @Override
    public int countSettlements(SettlementQuery q) {
        return one("SELECT COUNT(*) FROM settlements s " + searchWhere(q, false), ps -> bindSearch(ps, q), rs -> rs.getInt(1)).orElse(0);
    }

    // ---- idempotency ----

    @Override
    public Optional<StoredRequest> request(String scope, String requestId) {
        return one("SELECT * FROM requests WHERE scope = ? AND request_id = ?", ps -> {
            ps.setString(1, scope);
            ps.setString(2, requestId);
        }, rs -> {
            String code = rs.getString("outcome_code");
            Rejection rejection = code == null ? null
                    : new Rejection(ResultCode.valueOf(code), rs.getString("outcome_field"), rs.getString("outcome_message"));
            return new StoredRequest(rs.getString("scope"), rs.getString("request_id"), rs.getString("operation"),
                    rs.getString("body_sha256"), rejection, rs.getString("result_ref"), rs.getLong("created_at_millis"));
        });
    }

    @Override
    public void insertRequest(StoredRequest r) {
        update("INSERT INTO requests (scope, request_id, operation, body_sha256, outcome_code, outcome_field, outcome_message, "
                + "result_ref, created_at_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, r.scope());
                    ps.setString(2, r.requestId());
                    ps.setString(3, r.operation());
                    ps.setString(4, r.bodySha256());
                    ps.setString(5, r.rejection() == null ? null : r.rejection().code().name());
                    ps.setString(6, r.rejection() == null ? null : r.rejection().field());
                    ps.setString(7, r.rejection() == null ? null : truncate(r.rejection().message(), 500));
                    ps.setString(8, r.resultRef());
                    ps.setLong(9, r.createdAtMillis());
                });
    }

    // ---- audit ----

    @Override
    public void audit(long atMillis, String actor, String action, String target, String detail) {
        update("INSERT INTO audit (at_millis, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, atMillis);
            ps.setString(2, truncate(actor, 80));
            ps.setString(3, truncate(action, 40));
            ps.setString(4, truncate(target, 200));
            ps.setString(5, truncate(detail, 1000));
        });
    }

    @Override
    public List<AuditEntry> auditPage(AuditFilter filter, long beforeId, int limit) {
        // only the parts given are in the SQL, so that an index on actor, action or time can serve the query
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE id < ?");
        if (!filter.actor().isEmpty()) sql.append(" AND actor = ?");
        if (!filter.action().isEmpty()) sql.append(" AND action = ?");
        if (filter.fromMillis() != Long.MIN_VALUE) sql.append(" AND at_millis >= ?");
        if (filter.toMillis() != Long.MAX_VALUE) sql.append(" AND at_millis < ?");
        sql.append(" ORDER BY id DESC LIMIT ?");
        return query(sql.toString(), ps -> {
            int i = 1;
            ps.setLong(i++, beforeId);
            if (!filter.actor().isEmpty()) ps.setString(i++, filter.actor());
            if (!filter.action().isEmpty()) ps.setString(i++, filter.action());
            if (filter.fromMillis() != Long.MIN_VALUE) ps.setLong(i++, filter.fromMillis());
            if (filter.toMillis() != Long.MAX_VALUE) ps.setLong(i++, filter.toMillis());
            ps.setInt(i, limit);
        }, rs -> new AuditEntry(rs.getLong("id"), rs.getLong("at_millis"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail")));
    }

    // ---- office users ----

    @Override
    public Optional<OfficeUser> officeUser(String name) {
        return one("SELECT * FROM office_users WHERE name = ?", ps -> ps.setString(1, name),
                rs -> new OfficeUser(rs.getString("name"), onestop.server.domain.Role.valueOf(rs.getString("role")),
                        rs.getString("password_hash"), rs.getLong("created_at_millis"), rs.getBoolean("disabled")));
    }

    @Override
    public void insertOfficeUser(OfficeUser u) {
        update("INSERT INTO office_users (name, role, password_hash, created_at_millis, disabled) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, u.name());
            ps.setString(2, u.role().name());
            ps.setString(3, u.passwordHash());
            ps.setLong(4, u.createdAtMillis());
            ps.setBoolean(5, u.disabled());
        });
    }

    @Override
    public void updateOfficeUser(OfficeUser u) {
        update("UPDATE office_users SET role = ?, password_hash = ?, disabled = ? WHERE name = ?", ps -> {
            ps.setString(1, u.role().name());
            ps.setString(2, u.passwordHash());
            ps.setBoolean(3, u.disabled());
            ps.setString(4, u.name());
        });
    }

    @Override
    public int loginFailures(String subject, long sinceMillis) {
        return query("SELECT COUNT(*) AS n FROM office_login_failures WHERE subject = ? AND at_millis >= ?", ps -> {
            ps.setString(1, subject);
            ps.setLong(2, sinceMillis);
        }, rs -> rs.getInt("n")).get(0);
    }

    @Override
    public void recordLoginFailure(List<String> subjects, long atMillis, long forgetBeforeMillis) {
        update("DELETE FROM office_login_failures WHERE at_millis < ?", ps -> ps.setLong(1, forgetBeforeMillis));
        for (String subject : subjects) {
            update("INSERT INTO office_login_failures (subject, at_millis) VALUES (?, ?)", ps -> {
                ps.setString(1, truncate(subject, 100));
                ps.setLong(2, atMillis);
            });
        }
    }

    // ---- counter agents ----

    @Override
    public void upsertAgentReport(AgentReportRecord r) {
        update("INSERT INTO agent_reports (hospital_code, agent_id, counter_name, version, roster_version, last_sync_millis, pending,"
                + " journal_rejected, journal_oldest_millis, reported_at_millis) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (hospital_code, agent_id)"
                + " DO UPDATE SET counter_name = excluded.counter_name, version = excluded.version, roster_version = excluded.roster_version,"
                + " last_sync_millis = excluded.last_sync_millis, pending = excluded.pending, journal_rejected = excluded.journal_rejected,"
                + " journal_oldest_millis = excluded.journal_oldest_millis, reported_at_millis = excluded.reported_at_millis",
                ps -> {
                    ps.setString(1, r.hospitalCode());
                    ps.setString(2, r.agentId());
                    ps.setString(3, r.counterName());
                    ps.setString(4, r.version());
                    ps.setLong(5, r.rosterVersion());
                    ps.setLong(6, r.lastSyncMillis());
                    ps.setInt(7, r.pending());
                    ps.setInt(8, r.journalRejected());
                    ps.setLong(9, r.journalOldestMillis());
                    ps.setLong(10, r.reportedAtMillis());
                });
    }

    @Override
    public List<AgentReportRecord> agentReports(String afterHospital, String afterAgent, int limit) {
        return query("SELECT * FROM agent_reports WHERE hospital_code > ? OR (hospital_code = ? AND agent_id > ?)"
                + " ORDER BY hospital_code, agent_id LIMIT ?", ps -> {
                    ps.setString(1, afterHospital);
                    ps.setString(2, afterHospital);
                    ps.setString(3, afterAgent);
                    ps.setInt(4, limit);
                }, JdbcStoreTx::agentReportRow);
    }

    private static AgentReportRecord agentReportRow(Row rs) throws SQLException {
        return new AgentReportRecord(rs.getString("hospital_code"), rs.getString("agent_id"), rs.getString("counter_name"),
                rs.getString("version"), rs.getLong("roster_version"), rs.getLong("last_sync_millis"), rs.getInt("pending"),
                rs.getInt("journal_rejected"), rs.getLong("journal_oldest_millis"), rs.getLong("reported_at_millis"));
    }

    @Override
    public List<AgentReportRecord> latestAgentReports(int limit) {
        return query("SELECT * FROM agent_reports ORDER BY reported_at_millis DESC, hospital_code, agent_id LIMIT ?",
                ps -> ps.setInt(1, limit), JdbcStoreTx::agentReportRow);
    }

    @Override
    public AgentCounts agentCounts(long reportedSinceMillis) {
        return one("SELECT COUNT(*), COALESCE(SUM(CASE WHEN reported_at_millis >= ? THEN 1 ELSE 0 END), 0) FROM agent_reports",
                ps -> ps.setLong(1, reportedSinceMillis), rs -> new AgentCounts(rs.getInt(1), rs.getInt(2))).orElseThrow();
    }

    // ---- identity imports ----

    @Override
    public void insertImport(ImportSummary m, List<ImportProblem> problems) {
        update("INSERT INTO identity_imports (import_id, actor, source_name, department, mode, rows_total, clean_rows, applied,"
                + " applied_rows, problem_count, problems_kept, counts_by_kind, at_millis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", ps -> {
                    ps.setString(1, m.importId());
                    ps.setString(2, truncate(m.actor(), 80));
                    ps.setString(3, truncate(m.sourceName(), 200));
                    ps.setString(4, truncate(m.department(), 100));
                    ps.setString(5, m.mode());
                    ps.setInt(6, m.rows());
                    ps.setInt(7, m.cleanRows());
                    ps.setBoolean(8, m.applied());
                    ps.setInt(9, m.appliedRows());
                    ps.setInt(10, m.problemCount());
                    ps.setInt(11, m.problemsKept());
                    ps.setString(12, m.countsText());
                    ps.setLong(13, m.atMillis());
                });
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_import_problems (import_id, seq, line, column_name,"
                + " id_number_masked, kind, problem) VALUES (?,?,?,?,?,?,?)")) {
            int kept = Math.min(m.problemsKept(), problems.size());
            for (int i = 0; i < kept; i++) {
                ImportProblem p = problems.get(i);
                ps.setString(1, m.importId());
                ps.setInt(2, i);
                ps.setInt(3, p.line());
                ps.setString(4, p.column());
                ps.setString(5, truncate(p.idNumberMasked(), 120));
                ps.setString(6, p.kind().name());
                ps.setString(7, truncate(p.problem(), 1000));
                ps.addBatch();
                if (i % 1000 == 999) ps.executeBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private static ImportSummary importRow(Row rs) throws SQLException {
        return new ImportSummary(rs.getString("import_id"), rs.getString("actor"), rs.getString("source_name"),
                rs.getString("department"), rs.getString("mode"), rs.getInt("rows_total"), rs.getInt("clean_rows"),
                rs.getBoolean("applied"), rs.getInt("applied_rows"), rs.getInt("problem_count"), rs.getInt("problems_kept"),
                ImportSummary.parseCounts(rs.getString("counts_by_kind")), rs.getLong("at_millis"));
    }

    @Override
    public Optional<ImportSummary> identityImport(String importId) {
        return one("SELECT * FROM identity_imports WHERE import_id = ?", ps -> ps.setString(1, importId), JdbcStoreTx::importRow);
    }

    @Override
    public List<ImportSummary> importsBefore(long atMillis, String importId, int limit) {
        // a row-value comparison: one range of the (at_millis, import_id) index, read backwards
        return query("SELECT * FROM identity_imports WHERE (at_millis, import_id) < (?, ?) ORDER BY at_millis DESC, import_id DESC LIMIT ?",
                ps -> {
                    ps.setLong(1, atMillis);
                    ps.setString(2, importId);
                    ps.setInt(3, limit);
                }, JdbcStoreTx::importRow);
    }

    @Override
    public List<ImportProblem> importProblems(String importId, int fromSeq, int limit) {
        return query("SELECT * FROM identity_import_problems WHERE import_id = ? AND seq >= ? ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, importId);
            ps.setInt(2, fromSeq);
            ps.setInt(3, limit);
        }, rs -> new ImportProblem(rs.getInt("line"), rs.getString("column_name"), rs.getString("id_number_masked"),
                rs.getString("problem"), ImportProblem.Kind.valueOf(rs.getString("kind"))));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
