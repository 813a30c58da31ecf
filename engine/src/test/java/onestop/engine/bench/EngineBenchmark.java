package onestop.engine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Settlements per second on one thread, over a mix of standard, tilted, supplementary and quota
 * visits against the example policies, with realistic year-to-date accumulators.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EngineBenchmark {
    record Case(Policy policy, Person person, Visit visit, Accumulators ytd) {}

    private final SettlementEngine engine = new SettlementEngine();
    private Case[] cases;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Path.of(System.getProperty("onestop.policies", "examples/policies"));
        Policy huangshan = PolicyReader.read("huangshan-2024.yaml", Files.readString(dir.resolve("huangshan-2024.yaml")));
        Policy heyuan = PolicyReader.read("heyuan-2019.yaml", Files.readString(dir.resolve("heyuan-2019.yaml")));
        Policy shanxi = PolicyReader.read("shanxi-taiyuan-2019.yaml", Files.readString(dir.resolve("shanxi-taiyuan-2019.yaml")));
        Accumulators ytd = new Accumulators(1_200_000, 20_000, 800_000, 0, Map.of("poverty-insurance", new TierTotals(300_000, 150_000)),
                200_000, 150_000, 0, 400_000, 1);
        List<Case> list = new ArrayList<>();
        // standard, ordinary person
        list.add(new Case(huangshan, person(Scheme.RESIDENT), visit(2024, VisitType.INPATIENT, HospitalLevel.TERTIARY, 12_000_000, null), ytd));
        list.add(new Case(huangshan, person(Scheme.EMPLOYEE), visit(2024, VisitType.OUTPATIENT, HospitalLevel.PRIMARY, 99_999, null), ytd));
        // tilted critical illness with assistance
        list.add(new Case(huangshan, person(Scheme.RESIDENT, Category.MINIMUM_LIVING), visit(2024, VisitType.INPATIENT, HospitalLevel.TERTIARY, 20_000_000, null), ytd));
        list.add(new Case(shanxi, person(Scheme.RESIDENT, Category.DESTITUTE), visit(2019, VisitType.INPATIENT, HospitalLevel.SECONDARY, 5_000_000, null), ytd));
        // supplementary tiers
        list.add(new Case(heyuan, person(Scheme.RESIDENT, Category.REGISTERED_POOR), visit(2019, VisitType.INPATIENT, HospitalLevel.SECONDARY, 5_000_000, null), ytd));
        list.add(new Case(heyuan, person(Scheme.EMPLOYEE, Category.REGISTERED_POOR), visit(2019, VisitType.INPATIENT, HospitalLevel.TERTIARY, 8_000_000, null), ytd));
        // quota
        list.add(new Case(shanxi, person(Scheme.RESIDENT, Category.MINIMUM_LIVING), visit(2019, VisitType.INPATIENT, HospitalLevel.TERTIARY, 4_500_000, "SX04"), ytd));
        list.add(new Case(shanxi, person(Scheme.RESIDENT, Category.LOW_INCOME), visit(2019, VisitType.INPATIENT, HospitalLevel.TERTIARY, 1_234_567, "SX15"), ytd));
        cases = list.toArray(Case[]::new);
        for (Case c : cases) { // every case must settle, or the benchmark measures rejections
            Outcome<SettlementResult> o = engine.settle(c.policy(), c.person(), c.visit(), c.ytd());
            if (!o.isOk()) throw new IllegalStateException("benchmark case rejected: " + o.rejection());
        }
    }

    @Benchmark
    public SettlementResult settle() {
        Case c = cases[next];
        next = next + 1 == cases.length ? 0 : next + 1;
        return engine.settle(c.policy(), c.person(), c.visit(), c.ytd()).value();
    }

    private static Person person(Scheme scheme, Category... categories) {
        List<CategoryHolding> h = new ArrayList<>();
        for (Category c : categories) h.add(new CategoryHolding(c, LocalDate.of(2000, 1, 1), null));
        return new Person(scheme, h);
    }

    private static Visit visit(int year, VisitType type, HospitalLevel level, long totalFen, String disease) {
        return Visit.of("bench", LocalDate.of(year, 6, 10), type, level, totalFen, totalFen / 20, totalFen / 50, disease).value();
    }
}
