package onestop.server.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import onestop.engine.domain.Category;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Scheme;
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

    /** Registers the hospital (tertiary, county 341002) and {@code ids} as RESIDENT persons insured for 2024. */
    static void seed(Store store, List<String> ids) {
        long now = System.currentTimeMillis();
        store.write(tx -> {
            tx.upsertHospital(new Hospital(HOSPITAL, "基准测试医院", HospitalLevel.TERTIARY, COUNTY, true), now);
            return null;
        });
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
}
