package onestop.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import onestop.engine.application.SettlementEngine;
import onestop.engine.domain.Category;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Scheme;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.settlement.LedgerService;
import onestop.server.domain.Hospital;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;

/**
 * A store (SQLite file or PostgreSQL database), the example policies and a few hospitals and
 * persons: what the application tests run against.
 */
public final class ServerFixture implements AutoCloseable {
    public static final String HUANGSHAN_HOSPITAL = "H3410021";   // tertiary, county 341002
    public static final String OTHER_HOSPITAL = "H3410032";       // secondary, county 341003
    public static final String SHANXI_HOSPITAL = "H1401051";      // tertiary, county 140105
    public static final String ORDINARY = Ids.id("341002", "19560312", 123);
    public static final String MINIMUM_LIVING = Ids.id("341002", "19800101", 4);
    public static final String SHANXI_MINIMUM_LIVING = Ids.id("140105", "19700505", 11);
    public static final String NOT_INSURED_2024 = Ids.id("341002", "19900202", 22);

    public final Database db;
    public final JdbcStore store;
    public final Clock clock;
    public final PolicyRegistry policies;
    public final LedgerService ledger;

    private ServerFixture(String jdbcUrl) {
        db = Database.open(jdbcUrl, "postgres", "", 16);
        store = new JdbcStore(db);
        clock = new TickingClock(Instant.parse("2024-06-10T08:00:00Z"));
        policies = new PolicyRegistry(store, clock);
        policies.loadFolder(projectRoot().resolve("examples/policies"));
        ledger = new LedgerService(store, policies, new SettlementEngine(), clock);
        seed();
    }

    public static ServerFixture sqlite(Path dir) {
        return new ServerFixture("jdbc:sqlite:" + dir.resolve("onestop.db"));
    }

    public static ServerFixture postgres(String testName) {
        return new ServerFixture(PostgresServer.get().newDatabase(testName));
    }

    private void seed() {
        long now = clock.millis();
        store.write(tx -> {
            tx.upsertHospital(new Hospital(HUANGSHAN_HOSPITAL, "黄山市人民医院", HospitalLevel.TERTIARY, "341002", true), now);
            tx.upsertHospital(new Hospital(OTHER_HOSPITAL, "黄山区人民医院", HospitalLevel.SECONDARY, "341003", true), now);
            tx.upsertHospital(new Hospital(SHANXI_HOSPITAL, "太原市第一医院", HospitalLevel.TERTIARY, "140105", true), now);
            tx.upsertPerson(new PersonRecord(ORDINARY, "张三", Scheme.RESIDENT, "341002", new java.util.TreeSet<>(Set.of(2023, 2024)),
                    List.of(), 0), now);
            tx.upsertPerson(new PersonRecord(MINIMUM_LIVING, "李四", Scheme.RESIDENT, "341002", new java.util.TreeSet<>(Set.of(2024)),
                    List.of(new IdentityPeriod(Category.MINIMUM_LIVING, java.time.LocalDate.of(2024, 1, 1), null, "民政局", "seed")), 0), now);
            tx.upsertPerson(new PersonRecord(SHANXI_MINIMUM_LIVING, "王五", Scheme.RESIDENT, "140105", new java.util.TreeSet<>(Set.of(2019)),
                    List.of(new IdentityPeriod(Category.MINIMUM_LIVING, null, null, "民政局", "seed")), 0), now);
            tx.upsertPerson(new PersonRecord(NOT_INSURED_2024, "赵六", Scheme.RESIDENT, "341002", new java.util.TreeSet<>(Set.of(2023)),
                    List.of(), 0), now);
            return null;
        });
    }

    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/policies")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no examples/policies above the working directory");
    }

    @Override
    public void close() {
        db.close();
    }
}
