package onestop.engine.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import onestop.engine.TestFiles;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.policy.SupplementaryTier;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random persons, bills and years with reversals, over the example policies (fixed
 * seed, so a failure repeats): the money always adds up, no tier pays more than it was handed, and
 * reversing everything brings every accumulator back to zero.
 */
class SettlementPropertyTest {
    private static final long SEED = 20261122L;
    private static final int PERSONS = 3000;

    private final SettlementEngine engine = new SettlementEngine();
    private final List<Policy> policies = List.of(
            PolicyReader.read("heyuan-2019.yaml", TestFiles.policyText("heyuan-2019.yaml")),
            PolicyReader.read("huangshan-2024.yaml", TestFiles.policyText("huangshan-2024.yaml")),
            PolicyReader.read("shanxi-taiyuan-2019.yaml", TestFiles.policyText("shanxi-taiyuan-2019.yaml")));

    @Test
    void moneyAddsUpAndReversalsReturnToZero() {
        Random random = new Random(SEED);
        int settled = 0;
        int quota = 0;
        int reversed = 0;
        int rejected = 0;
        for (int i = 0; i < PERSONS; i++) {
            Policy policy = policies.get(random.nextInt(policies.size()));
            Person person = randomPerson(random, policy.year());
            YearLedger ledger = new YearLedger(engine, policy, person, Accumulators.ZERO);
            List<String> live = new ArrayList<>();
            int visits = 1 + random.nextInt(12);
            for (int v = 0; v < visits; v++) {
                Visit visit = randomVisit(random, policy, "p" + i + "v" + v);
                Accumulators before = ledger.totals();
                Outcome<SettlementResult> outcome = ledger.settle(visit);
                if (!outcome.isOk()) {
                    rejected++;
                    assertEquals(before, ledger.totals(), "a rejection changes nothing");
                    assertTrue(outcome.rejection().code() == ResultCode.NO_POLICY_FOR_SCHEME, outcome.rejection().toString());
                    continue;
                }
                SettlementResult r = outcome.value();
                checkSettlement(policy, person.scheme(), visit, before, r);
                settled++;
                if (r.mode() == Mode.QUOTA) quota++;
                live.add(visit.id());
                if (random.nextInt(5) == 0) { // reverse one at random, mid-year
                    String id = live.remove(random.nextInt(live.size()));
                    assertTrue(ledger.reverse(id).isOk());
                    assertEquals(ResultCode.ALREADY_REVERSED, ledger.reverse(id).rejection().code());
                    reversed++;
                }
                ledger.totals().checkNonNegative();
            }
            for (String id : live) {
                assertTrue(ledger.reverse(id).isOk(), id);
                ledger.totals().checkNonNegative();
            }
            assertAllZero(ledger.totals());
        }
        // the generator must actually reach the interesting cases
        assertTrue(settled > PERSONS * 4, "settled " + settled);
        assertTrue(quota > 100, "quota settlements " + quota);
        assertTrue(reversed > 1000, "reversed " + reversed);
        assertTrue(rejected > 10, "rejected " + rejected);
    }

    private static void checkSettlement(Policy policy, Scheme scheme, Visit visit, Accumulators before, SettlementResult r) {
        assertEquals(visit.totalFen(), r.fundPayFen() + r.patientPayFen() + r.hospitalAbsorbedFen(), "fund + patient + absorbed = total");
        assertEquals(r.fundPayFen(), r.basicPayFen() + r.ciPayFen() + r.supplementaryTotalFen() + r.assistancePayFen());
        for (long pay : new long[] {r.basicPayFen(), r.ciPayFen(), r.assistancePayFen(), r.patientPayFen(), r.hospitalAbsorbedFen()}) {
            assertTrue(pay >= 0, "no payment negative: " + r);
        }
        if (r.mode() == Mode.QUOTA) {
            long billable = visit.totalFen() - r.hospitalAbsorbedFen();
            assertTrue(r.basicPayFen() + r.assistancePayFen() <= billable, "quota funds within the billable amount");
            assertEquals(0, r.ciPayFen());
            assertTrue(r.supplementaryPayFen().isEmpty());
        } else {
            assertEquals(0, r.hospitalAbsorbedFen());
            long burden = visit.compliantFen();
            assertTrue(r.basicPayFen() <= burden, "basic within compliant cost");
            burden -= r.basicPayFen();
            assertTrue(r.ciPayFen() <= burden, "CI within the burden basic left");
            burden -= r.ciPayFen();
            for (SupplementaryTier tier : policy.supplementary()) {
                long pay = r.supplementaryPayFen(tier.id());
                assertTrue(pay >= 0 && pay <= burden, "supplementary " + tier.id() + " within the burden handed on");
                burden -= pay;
            }
            assertTrue(r.assistancePayFen() <= burden, "assistance within what is left");
            assertTrue(r.patientPayFen() >= visit.outOfScopeFen() + visit.priorSelfPayFen(),
                    "the patient always pays out-of-scope and prior self-pay");
        }
        assertEquals(before.plus(r.delta()), r.after(), "after = before + delta");
        if (r.mode() == Mode.STANDARD) {
            long cap = policy.basic(scheme, visit.type()).annualCapFen();
            assertTrue(r.basicPayFen() <= Math.max(0, cap - before.basicPaidFen(visit.type())),
                    "basic never pays past its annual cap in standard mode");
        }
        assertNotNull(r.policyId());
    }

    private static void assertAllZero(Accumulators a) {
        assertEquals(0, a.basicPaidInpatientFen());
        assertEquals(0, a.basicPaidOutpatientFen());
        assertEquals(0, a.ciBaseFen());
        assertEquals(0, a.ciPaidFen());
        for (TierTotals t : a.supplementary().values()) assertTrue(t.isZero(), "supplementary back to zero: " + a);
        assertEquals(0, a.assistanceBaseFen());
        assertEquals(0, a.assistancePaidFen());
        assertEquals(0, a.quotaAssistancePaidFen());
        assertEquals(0, a.outOfPocketFen());
        assertEquals(0, a.admissions());
        assertFalse(a.firstNegativeField() != null);
    }

    private static Person randomPerson(Random random, int year) {
        Scheme scheme = random.nextInt(4) == 0 ? Scheme.EMPLOYEE : Scheme.RESIDENT;
        List<CategoryHolding> holdings = new ArrayList<>();
        int n = random.nextInt(10) < 3 ? 0 : 1 + random.nextInt(2);
        Category[] all = Category.values();
        for (int i = 0; i < n; i++) {
            Category c = all[random.nextInt(all.length)];
            if (random.nextBoolean()) {
                holdings.add(CategoryHolding.always(c));
            } else { // granted or ended mid-year
                LocalDate from = LocalDate.of(year, 1 + random.nextInt(12), 1);
                LocalDate to = random.nextBoolean() ? null : from.plusDays(random.nextInt(200));
                holdings.add(new CategoryHolding(c, random.nextBoolean() ? from : null, to));
            }
        }
        return new Person(scheme, holdings);
    }

    private static Visit randomVisit(Random random, Policy policy, String id) {
        LocalDate date = LocalDate.of(policy.year(), 1, 1).plusDays(random.nextInt(365));
        VisitType type = random.nextInt(4) == 0 ? VisitType.OUTPATIENT : VisitType.INPATIENT;
        HospitalLevel level = HospitalLevel.values()[random.nextInt(3)];
        long total = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(100_000);                      // under 1 000 yuan
            case 1 -> random.nextInt(5_000_000);                    // under 50 000 yuan
            case 2 -> random.nextInt(50_000_000);                   // under 500 000 yuan
            default -> (long) random.nextInt(300_000_000) + 1;      // up to 3 million yuan
        };
        long outOfScope = total == 0 ? 0 : (long) (random.nextInt(30) * (total / 100));
        long prior = Math.min(total - outOfScope, total == 0 ? 0 : (long) random.nextInt(10) * (total / 100));
        String disease = null;
        if (policy.specialDiseases() != null && random.nextInt(3) == 0) {
            List<String> codes = new ArrayList<>(policy.specialDiseases().diseases().keySet());
            codes.sort(null);
            disease = codes.get(random.nextInt(codes.size()));
        }
        return Visit.of(id, date, type, level, total, outOfScope, prior, disease).value();
    }
}
