package onestop.server.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import onestop.engine.domain.Category;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Scheme;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.ports.Store;
import onestop.server.domain.Hospital;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;

/** The benchmark's hospital and insured persons, and the store they are written to. */
final class BenchData {
    static final String COUNTY = "341002";
    static final String HOSPITAL = "HBENCH341002";
    static final int YEAR = 2024;
    static final String DATE = "2024-06-10";
    /** One person in this many holds MINIMUM_LIVING (低保) for 2024, so the assistance tier is exercised too. */
    static final int MINIMUM_LIVING_EVERY = 10;
    private static final int BATCH = 1000;
    /** Persons per transaction of {@link #seedRoster}: well inside the store writer's 30 s wait for one unit. */
    static final int ROSTER_BATCH = 50_000;
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final LocalDate FIRST_BIRTH = LocalDate.of(1940, 1, 1);

    private BenchData() {}

    /** A valid GB 11643 number: area, birth date, 3-digit sequence, check character. */
    static String idNumber(String area, LocalDate birth, int sequence) {
        String body = area + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), sequence % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (body.charAt(i) - '0') * WEIGHTS[i];
        return body + CHECK[sum % 11];
    }

    /** The i-th person's ID number: 900 persons per birth day from 1940-01-01, all distinct. */
    static String person(int i) {
        return idNumber(COUNTY, FIRST_BIRTH.plusDays(i / 900), 100 + i % 900);
    }

    static List<String> persons(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) ids.add(person(i));
        return ids;
    }

    /** Registers the hospital: tertiary, designated, county 341002 (region 3410, policy region 341000). */
    static void seedHospital(Store store) {
        long now = System.currentTimeMillis();
        store.write(tx -> {
            tx.upsertHospital(new Hospital(HOSPITAL, "基准测试医院", HospitalLevel.TERTIARY, COUNTY, true), now);
            return null;
        });
    }

    /** Registers the hospital (tertiary, county 341002) and {@code ids} as RESIDENT persons insured for 2024. */
    static void seed(Store store, List<String> ids) {
        long now = System.currentTimeMillis();
        seedHospital(store);
        for (int from = 0; from < ids.size(); from += BATCH) {
            int start = from;
            int end = Math.min(ids.size(), from + BATCH);
            store.write(tx -> {
                for (int i = start; i < end; i++) {
                    List<IdentityPeriod> identities = i % MINIMUM_LIVING_EVERY == 0
                            ? List.of(new IdentityPeriod(Category.MINIMUM_LIVING, LocalDate.of(YEAR, 1, 1), null, "民政局", "bench"))
                            : List.of();
                    tx.upsertPerson(new PersonRecord(ids.get(i), "参保人" + i, Scheme.RESIDENT, COUNTY, new TreeSet<>(List.of(YEAR)),
                            identities, 0), now);
                }
                return null;
            });
        }
    }

    /**
     * The first {@code count} persons ({@link #person}) of county 341002 written straight into the server's tables, in
     * transactions of {@link #ROSTER_BATCH} with batched prepared statements (the store's one-person-at-a-time upsert
     * would take minutes for a million). Roster versions 1..count go to the persons in a shuffled order, as an import's
     * rows come, so an agent receives them in no particular ID order. The same variety as a real area: one in
     * {@link #MINIMUM_LIVING_EVERY} holds 低保 for 2024, one in 25 is 特困 for 2023-2024, one in 40 held 低收入 until
     * 2023-12-31 (no longer in force), one in 50 is insured for 2023 only.
     */
    static void seedRoster(Database db, int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        java.util.SplittableRandom random = new java.util.SplittableRandom(20240610L);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long now = System.currentTimeMillis();
        for (int from = 0; from < count; from += ROSTER_BATCH) {
            int start = from;
            int end = Math.min(count, from + ROSTER_BATCH);
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO persons (id_number, name, scheme, county, insured_years,"
                        + " roster_version, updated_at_millis) VALUES (?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement is = c.prepareStatement("INSERT INTO identity_periods (id_number, seq, category, from_date,"
                             + " to_date, department, source) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int v = start; v < end; v++) {
                        int i = order[v];
                        String id = person(i);
                        ps.setString(1, id);
                        ps.setString(2, "参保人" + i);
                        ps.setString(3, Scheme.RESIDENT.name());
                        ps.setString(4, COUNTY);
                        ps.setString(5, i % 50 == 1 ? "2023" : "2023,2024");
                        ps.setLong(6, v + 1L);
                        ps.setLong(7, now);
                        ps.addBatch();
                        int seq = 0;
                        if (i % MINIMUM_LIVING_EVERY == 0) identity(is, id, seq++, Category.MINIMUM_LIVING, YEAR + "-01-01", null);
                        if (i % 25 == 3) identity(is, id, seq++, Category.DESTITUTE, "2023-01-01", "2024-12-31");
                        if (i % 40 == 7) identity(is, id, seq, Category.LOW_INCOME, "2022-01-01", "2023-12-31");
                        if ((v + 1) % 1000 == 0) {
                            ps.executeBatch();
                            is.executeBatch();
                        }
                    }
                    ps.executeBatch();
                    is.executeBatch();
                }
                return null;
            });
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE roster_counter SET version = ? WHERE id = 1")) {
                ps.setLong(1, count);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void identity(PreparedStatement is, String id, int seq, Category c, String from, String to) throws SQLException {
        is.setString(1, id);
        is.setInt(2, seq);
        is.setString(3, c.name());
        is.setString(4, from);
        is.setString(5, to);
        is.setString(6, "民政局");
        is.setString(7, "bench");
        is.addBatch();
    }
}
