package onestop.server.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import onestop.server.adapters.persistence.Database;

/**
 * The statements of one settlement, by plain JDBC: one SQLite connection of its own (WAL, synchronous=FULL, the
 * server's schema), shared by the threads under a fair lock since SQLite has one writer, one transaction and one
 * commit per settlement. No gRPC, no engine, no hashing, no read-back, no batching of commits: the rate a plain
 * JDBC application gets from the same storage.
 */
final class PlainJdbcLoad {
    private static final String ACCUMULATORS_ZERO = "bi=0;bo=0;cb=0;cp=0;ab=0;ap=0;qa=0;op=0;ad=0";
    private static final String SCOPE = "H:" + BenchData.HOSPITAL;

    private final Database db;
    private final List<String> persons;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();

    PlainJdbcLoad(Database db, List<String> persons) {
        this.db = db;
        this.persons = persons;
    }

    /** N threads, each running its next transaction when the last has committed; counts commits in the measured window. */
    GrpcLoad.Result run(int threads, long warmupNanos, long measureNanos, Errors errors, Runnable window) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        Latencies[] perThread = new Latencies[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int me = t;
            perThread[t] = new Latencies();
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < start) LockSupport.parkNanos(start - System.nanoTime());
                    while (true) {
                        long began = System.nanoTime();
                        if (began >= end) break;
                        try {
                            plainTransaction();
                            long committed = System.nanoTime();
                            if (committed >= measureFrom && committed < end) perThread[me].add(committed - began);
                        } catch (RuntimeException e) {
                            errors.record("jdbc: " + e + (e.getCause() == null ? "" : " / " + e.getCause()));
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-jdbc-" + t);
            th.setDaemon(true);
            th.start();
        }
        while (System.nanoTime() < measureFrom) LockSupport.parkNanos(measureFrom - System.nanoTime());
        window.run();
        while (System.nanoTime() < end) LockSupport.parkNanos(end - System.nanoTime());
        window.run();
        long waitNanos = end - System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) throw new IllegalStateException("jdbc phase: threads did not stop");
        Latencies all = new Latencies();
        for (Latencies l : perThread) all.addAll(l);
        return new GrpcLoad.Result(all.size(), measureNanos / 1e9, all.sorted());
    }

    private final java.util.concurrent.locks.ReentrantLock writer = new java.util.concurrent.locks.ReentrantLock(true);
    private Connection connection;

    private void plainTransaction() {
        writer.lock();
        try {
            if (connection == null) {
                java.util.Properties props = new java.util.Properties();
                props.setProperty("journal_mode", "WAL");
                props.setProperty("synchronous", "FULL");
                props.setProperty("busy_timeout", "10000");
                connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), props);
                connection.setAutoCommit(false);
            }
            try {
                settlement(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            writer.unlock();
        }
    }

    /**
     * The reads and writes LedgerService.settle makes through JdbcStoreTx, in its order (as of V3__person_year_sequence):
     * hospital, request id, person and identities, settlement id, accumulators (read; update or insert; version),
     * settlement row, request, audit. Keep in step when the server's statements change.
     */
    private Void settlement(Connection c) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String id = "j" + runTag + "-" + sequence.incrementAndGet();
        String person = persons.get(r.nextInt(persons.size()));
        long total = 50_000 + r.nextLong(1_950_000);
        long now = System.currentTimeMillis();
        int year = BenchData.YEAR;

        readAll(c, "SELECT * FROM hospitals WHERE code = ?", BenchData.HOSPITAL);
        readAll(c, "SELECT * FROM requests WHERE scope = ? AND request_id = ?", SCOPE, id);
        if (readAll(c, "SELECT * FROM persons WHERE id_number = ?", person) != 1) throw new SQLException("no person " + person);
        readAll(c, "SELECT * FROM identity_periods WHERE id_number = ? ORDER BY seq", person);
        if (readAll(c, "SELECT * FROM settlements WHERE hospital_code = ? AND settlement_id = ?", BenchData.HOSPITAL, id) != 0) {
            throw new SQLException("settlement " + id + " exists");
        }
        // lockAccumulators: the person-year's row, if any (SQLite: the single write connection is the lock)
        String totals = ACCUMULATORS_ZERO;
        try (PreparedStatement ps = c.prepareStatement("SELECT totals FROM accumulators WHERE id_number = ? AND insurance_year = ?")) {
            ps.setString(1, person);
            ps.setInt(2, year);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) totals = rs.getString(1);
            }
        }
        long fund = total * 6 / 10;
        String after = "bi=" + (fund + totals.length()) + ";bo=0;cb=0;cp=0;ab=0;ap=0;qa=0;op=" + (total - fund) + ";ad=1";
        // saveAccumulators: update, or insert the first of the year; then the row's version orders the person-year
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE accumulators SET totals = ?, version = version + 1 WHERE id_number = ? AND insurance_year = ?")) {
            ps.setString(1, after);
            ps.setString(2, person);
            ps.setInt(3, year);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO accumulators (id_number, insurance_year, totals, version) VALUES (?, ?, ?, 1)")) {
                    ins.setString(1, person);
                    ins.setInt(2, year);
                    ins.setString(3, after);
                    ins.executeUpdate();
                }
            }
        }
        long version;
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM accumulators WHERE id_number = ? AND insurance_year = ?")) {
            ps.setString(1, person);
            ps.setInt(2, year);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("no accumulators row");
                version = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlements (hospital_code, settlement_id, request_id, id_number, "
                + "insurance_year, settlement_date, policy_id, policy_sha256, visit_type, hospital_level, special_disease, mode, "
                + "total_fen, out_of_scope_fen, prior_self_pay_fen, compliant_fen, basic_pay_fen, ci_pay_fen, supplementary_pay, "
                + "supplementary_pay_fen, assistance_pay_fen, assistance_category, fund_pay_fen, hospital_absorbed_fen, patient_pay_fen, "
                + "alert, delta, totals_after, status, settled_at_millis, reversed_at_millis, reverse_reason, offline_made_at_millis, "
                + "year_seq, reversed_seq) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, BenchData.HOSPITAL);
            ps.setString(i++, id);
            ps.setString(i++, id);
            ps.setString(i++, person);
            ps.setInt(i++, year);
            ps.setString(i++, BenchData.DATE);
            ps.setString(i++, "huangshan-2024");
            ps.setString(i++, "0".repeat(64));
            ps.setString(i++, "INPATIENT");
            ps.setString(i++, "TERTIARY");
            ps.setString(i++, null);
            ps.setString(i++, "STANDARD");
            ps.setLong(i++, total);
            ps.setLong(i++, 0);
            ps.setLong(i++, 0);
            ps.setLong(i++, total);
            ps.setLong(i++, fund);
            ps.setLong(i++, 0);
            ps.setString(i++, "");
            ps.setLong(i++, 0);
            ps.setLong(i++, 0);
            ps.setString(i++, null);
            ps.setLong(i++, fund);
            ps.setLong(i++, 0);
            ps.setLong(i++, total - fund);
            ps.setBoolean(i++, false);
            ps.setString(i++, after);
            ps.setString(i++, after);
            ps.setString(i++, "SETTLED");
            ps.setLong(i++, now);
            ps.setLong(i++, 0);
            ps.setString(i++, "");
            ps.setLong(i++, 0);
            ps.setLong(i++, version);
            ps.setLong(i, 0);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (scope, request_id, operation, body_sha256, outcome_code, "
                + "outcome_field, outcome_message, result_ref, created_at_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, SCOPE);
            ps.setString(2, id);
            ps.setString(3, "settle");
            ps.setString(4, "f".repeat(64));
            ps.setString(5, null);
            ps.setString(6, null);
            ps.setString(7, null);
            ps.setString(8, id);
            ps.setLong(9, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (at_millis, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, now);
            ps.setString(2, BenchData.HOSPITAL);
            ps.setString(3, "settle");
            ps.setString(4, id + " " + person.substring(0, 6) + "********" + person.substring(14));
            ps.setString(5, "total " + total + " fund " + fund + " patient " + (total - fund) + " policy huangshan-2024");
            ps.executeUpdate();
        }
        return null;
    }

    /** Runs a query and reads every column of every row, as the store's row mappers do; returns the row count. */
    private static int readAll(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int col = 1; col <= columns; col++) rs.getString(col);
                    n++;
                }
                return n;
            }
        }
    }
}
