package onestop.server.application.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.server.domain.AuditEntry;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListAudit's filters on every store (a SQLite and a PostgreSQL subclass): each alone and together, paged, dates checked. */
abstract class AuditFilterContract {
    static final Caller AUDITOR = Caller.office("aud", Role.AUDITOR);

    ServerFixture f;
    AdminService admin;
    final List<AuditEntry> written = new ArrayList<>();

    abstract ServerFixture fixture();

    @BeforeEach
    void setUp() {
        f = fixture();
        admin = new AdminService(f.store, f.policies, f.clock);
        // 2023-03-01..05 in the office's zone (+08:00); the half-hour after local midnight is the day before in UTC
        String[] actors = {"filter-a", "filter-b", "filter-c"};
        String[] actions = {"settle", "reverse"};
        int n = 0;
        for (int day = 1; day <= 5; day++) {
            for (String time : List.of("00:30", "12:00", "23:59")) {
                long at = Instant.parse("2023-03-0" + day + "T" + time + ":00+08:00").toEpochMilli();
                String actor = actors[n % 3];
                String action = actions[n % 2];
                n++;
                f.store.write(tx -> {
                    tx.audit(at, actor, action, "t", "d");
                    return null;
                });
            }
        }
        written.addAll(f.store.read(tx -> tx.auditPage(onestop.server.domain.AuditFilter.ALL, Long.MAX_VALUE, 1000)).stream()
                .filter(e -> e.actor().startsWith("filter-")).toList());
        assertEquals(15, written.size());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Every page of a filtered listing, two entries a page. */
    List<AuditEntry> all(String actor, String action, String from, String to) {
        List<AuditEntry> seen = new ArrayList<>();
        String token = "";
        do {
            Outcome<AdminService.AuditPage> page = admin.audit(AUDITOR, actor, action, from, to, 2, token);
            assertTrue(page.isOk(), () -> String.valueOf(page.rejection()));
            assertTrue(page.value().entries().size() <= 2);
            seen.addAll(page.value().entries());
            token = page.value().nextPageToken();
        } while (!token.isEmpty());
        return seen.stream().filter(e -> e.actor().startsWith("filter-")).toList();
    }

    List<AuditEntry> expected(Predicate<AuditEntry> p) {
        return written.stream().filter(p).sorted(Comparator.comparingLong(AuditEntry::id).reversed()).toList();
    }

    static long at(String isoOffsetDateTime) {
        return Instant.parse(isoOffsetDateTime).toEpochMilli();
    }

    @Test
    void eachFilterAloneAndAllTogetherPageCorrectly() {
        assertEquals(expected(e -> true), all("", "", "", ""));
        assertEquals(expected(e -> e.actor().equals("filter-b")), all("filter-b", "", "", ""));
        assertEquals(expected(e -> e.action().equals("reverse")), all("", "reverse", "", ""));
        List<AuditEntry> days = all("", "", "2023-03-02", "2023-03-03");
        assertEquals(expected(e -> e.atMillis() >= at("2023-03-02T00:00:00+08:00") && e.atMillis() < at("2023-03-04T00:00:00+08:00")), days);
        assertEquals(6, days.size(), "three entries a day, the office's days");
        assertEquals(expected(e -> e.actor().equals("filter-a") && e.action().equals("settle") && e.atMillis() >= at("2023-03-02T00:00:00+08:00")),
                all("filter-a", "settle", "2023-03-02", ""));
        assertEquals(expected(e -> e.atMillis() < at("2023-03-02T00:00:00+08:00")), all("", "", "", "2023-03-01"));
        assertEquals(List.of(), all("filter-a", "", "2023-03-06", "2023-03-31"));
        assertEquals(List.of(), all("nobody", "", "", ""));
    }

    @Test
    void badFiltersAreNamed() {
        assertRejected(ResultCode.INVALID_DATE, "from_date", admin.audit(AUDITOR, "", "", "2023-13-01", "", 0, ""));
        assertRejected(ResultCode.INVALID_DATE, "to_date", admin.audit(AUDITOR, "", "", "", "2023/03/01", 0, ""));
        assertRejected(ResultCode.INVALID_DATE, "to_date", admin.audit(AUDITOR, "", "", "2023-03-02", "2023-03-01", 0, ""));
        assertRejected(ResultCode.INVALID_ARGUMENT, "actor", admin.audit(AUDITOR, "a".repeat(81), "", "", "", 0, ""));
        assertRejected(ResultCode.INVALID_ARGUMENT, "action", admin.audit(AUDITOR, "", "x\u0000", "", "", 0, ""));
        assertRejected(ResultCode.INVALID_ARGUMENT, "page_token", admin.audit(AUDITOR, "filter-a", "", "", "", 0, "zz"));
        assertRejected(ResultCode.PERMISSION_DENIED, "", admin.audit(Caller.office("mz", Role.CIVIL_AFFAIRS), "", "", "", "", 0, ""));
    }

    static void assertRejected(ResultCode code, String field, Outcome<?> o) {
        assertTrue(!o.isOk(), "rejected");
        assertEquals(code, o.rejection().code(), o.rejection().toString());
        assertEquals(field, o.rejection().field(), o.rejection().toString());
    }
}
