package onestop.server.adapters.bootstrap;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import onestop.engine.domain.Category;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Scheme;
import onestop.server.application.ports.Store;
import onestop.server.application.security.OfficeUsers;
import onestop.server.domain.Hospital;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hospitals, a small roster for the example regions and the console's demo logins, loaded by {@code ./onestop up}
 * ({@code --demo}) on a new store.
 */
public final class DemoData {
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {}

    static void loadIfEmpty(Store store, Clock clock) {
        long now = clock.millis();
        boolean loaded = store.write(tx -> {
            if (!tx.hospitals().isEmpty()) return false;
            for (Hospital h : HOSPITALS) tx.upsertHospital(h, now);
            for (PersonRecord p : PERSONS) tx.upsertPerson(p, now);
            tx.audit(now, "system", "demo-data", "hospitals and roster", HOSPITALS.size() + " hospitals, " + PERSONS.size() + " persons");
            return true;
        });
        if (loaded) LOG.info("demo data loaded: {} hospitals, {} persons", HOSPITALS.size(), PERSONS.size());
    }

    /** A console login of the demo. */
    public record DemoLogin(String name, Role role, String password) {}

    /**
     * The demo's office users, one per role, made at a {@code --demo} start when missing. DEMO ONLY: these passwords
     * are public (printed by {@code ./onestop up}); a real deployment makes its users with {@code ./onestop server user add}.
     */
    public static final List<DemoLogin> LOGINS = List.of(
            new DemoLogin("admin", Role.ADMIN, "admin-demo-2024"),
            new DemoLogin("auditor", Role.AUDITOR, "auditor-demo-2024"),
            new DemoLogin("civil", Role.CIVIL_AFFAIRS, "civil-demo-2024"));

    /** The demo logins that are missing, made (audited as the system's). */
    static void ensureLogins(OfficeUsers users) {
        for (DemoLogin l : LOGINS) users.ensure("system", l.name(), l.role(), l.password());
    }

    static final List<Hospital> HOSPITALS = List.of(
            new Hospital("H341002001", "黄山市人民医院", HospitalLevel.TERTIARY, "341002", true),
            new Hospital("H341003001", "黄山区人民医院", HospitalLevel.SECONDARY, "341003", true),
            new Hospital("H441602001", "河源市人民医院", HospitalLevel.TERTIARY, "441602", true),
            new Hospital("H140105001", "太原市中心医院", HospitalLevel.TERTIARY, "140105", true),
            new Hospital("H140105009", "太原市某民营诊所", HospitalLevel.PRIMARY, "140105", false));

    private static PersonRecord person(String id, String name, Scheme scheme, String county, Set<Integer> years, IdentityPeriod... ids) {
        return new PersonRecord(id, name, scheme, county, new TreeSet<>(years), List.of(ids), 0);
    }

    private static IdentityPeriod since(Category c, String from) {
        return new IdentityPeriod(c, from == null ? null : LocalDate.parse(from), null, "民政局", "demo");
    }

    // ID numbers from the shared vectors (valid GB 11643) and a few more made the same way.
    static final List<PersonRecord> PERSONS = List.of(
            person("341002195603121237", "张秀英", Scheme.RESIDENT, "341002", Set.of(2024), since(Category.MINIMUM_LIVING, "2024-01-01")),
            person("34100219800101004X", "王建国", Scheme.RESIDENT, "341002", Set.of(2024)),
            person("441622200112310047", "李小红", Scheme.RESIDENT, "441602", Set.of(2019), since(Category.ORPHAN, null)),
            person("360721196501010012", "陈志强", Scheme.EMPLOYEE, "441602", Set.of(2019), since(Category.REGISTERED_POOR, "2018-06-01")),
            person("14010519870228551X", "赵丽", Scheme.RESIDENT, "140105", Set.of(2019), since(Category.DESTITUTE, null)));
}
