package onestop.engine.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.engine.domain.Category;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.money.FenMicros;
import onestop.engine.domain.money.Rate;
import onestop.engine.domain.policy.Assistance;
import onestop.engine.domain.policy.BasicParams;
import onestop.engine.domain.policy.Bands;
import onestop.engine.domain.policy.CriticalIllness;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.policy.Segment;
import onestop.engine.domain.policy.SpecialDiseases;
import onestop.engine.domain.policy.SupplementaryTier;
import onestop.engine.domain.policy.Tilt;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;

/**
 * SETTLEMENT.md §3–6 as a function: policy, person, visit and year-to-date accumulators in; the
 * payments, the accumulator delta and the accumulators after out. Stateless and thread-safe; the
 * server and the agent (offline) run this same code.
 */
public final class SettlementEngine {

    /** Settles one visit, or rejects it with one of SETTLEMENT.md's codes. A rejection changes nothing. */
    public Outcome<SettlementResult> settle(Policy policy, Person person, Visit visit, Accumulators ytd) {
        if (ytd.firstNegativeField() != null) {
            throw new IllegalArgumentException("accumulators negative at " + ytd.firstNegativeField());
        }
        if (visit.date().getYear() != policy.year()) {
            return Outcome.rejected(ResultCode.POLICY_YEAR_MISMATCH, "date",
                    "settlement date " + visit.date() + " is not in policy " + policy.id() + "'s year " + policy.year());
        }
        BasicParams basic = policy.basic(person.scheme(), visit.type());
        if (basic == null) {
            return Outcome.rejected(ResultCode.NO_POLICY_FOR_SCHEME, "scheme",
                    "policy " + policy.id() + " has no basic insurance for " + person.scheme() + " " + visit.type());
        }
        SpecialDiseases.Disease disease = null;
        if (visit.specialDisease() != null) {
            SpecialDiseases sd = policy.specialDiseases();
            disease = sd == null ? null : sd.diseases().get(visit.specialDisease());
            if (disease == null) {
                return Outcome.rejected(ResultCode.UNKNOWN_SPECIAL_DISEASE, "specialDisease",
                        "policy " + policy.id() + " has no special disease " + visit.specialDisease());
            }
            SpecialDiseases.Group group = quotaGroup(sd, person, visit);
            if (group != null) {
                return Outcome.ok(quota(policy, sd, group, disease, visit, ytd));
            }
        }
        return Outcome.ok(standard(policy, basic, person, visit, ytd));
    }

    /**
     * SETTLEMENT.md §6: takes exactly a settlement's delta off the accumulators. {@code settled} is
     * null when no such settlement is known. Later settlements are not recomputed.
     */
    public Outcome<Accumulators> reverse(Accumulators current, String settlementId, Accumulators settledDelta,
                                         boolean alreadyReversed) {
        if (settledDelta == null) {
            return Outcome.rejected(ResultCode.UNKNOWN_SETTLEMENT, "settlementId", "no settlement " + settlementId);
        }
        if (alreadyReversed) {
            return Outcome.rejected(ResultCode.ALREADY_REVERSED, "settlementId", "settlement " + settlementId + " is already reversed");
        }
        return Outcome.ok(current.minus(settledDelta));
    }


    private static SpecialDiseases.Group quotaGroup(SpecialDiseases sd, Person person, Visit visit) {
        if (!sd.schemes().contains(person.scheme()) || visit.type() != VisitType.INPATIENT) return null;
        for (SpecialDiseases.Group g : sd.groupOrder()) {
            if (person.holdsAny(g.categories(), visit.date())) return g;
        }
        return null;
    }

    private static SettlementResult standard(Policy policy, BasicParams basic, Person person, Visit visit, Accumulators ytd) {
        VisitType type = visit.type();
        long compliant = visit.compliantFen();

        // Tier 1, basic insurance.
        BasicParams.Level level = basic.level(visit.hospitalLevel());
        long basicDue = FenMicros.roundedProduct(Math.max(0, compliant - level.deductibleFen()), level.rate());
        long basicRoom = basic.annualCapFen() == Bands.NO_CAP ? Long.MAX_VALUE
                : Math.max(0, basic.annualCapFen() - ytd.basicPaidFen(type));
        long basicPay = Math.min(basicDue, basicRoom);
        long burden = compliant - basicPay;

        // Tier 2, critical illness.
        long ciPay = 0;
        long ciBaseDelta = 0;
        CriticalIllness ci = policy.criticalIllness().get(person.scheme());
        if (ci != null && ci.visitTypes().contains(type)) {
            Bands b = ci.bands();
            long threshold = b.thresholdFen();
            Rate bonus = null;
            long cap = b.capFen();
            Tilt tilt = ci.tilt();
            if (tilt != null && person.holdsAny(tilt.categories(), visit.date())) {
                threshold = FenMicros.roundedProduct(threshold, tilt.thresholdFactor());
                bonus = tilt.rateBonus();
                if (tilt.removeCap()) cap = Bands.NO_CAP;
            }
            ciPay = tierPay(ytd.ciBaseFen(), ytd.ciPaidFen(), burden, threshold, b.segments(), bonus, cap);
            ciBaseDelta = burden;
            burden -= ciPay;
        }

        // Tier 3, supplementary tiers, in policy order.
        Map<String, Long> supplementaryPay = new LinkedHashMap<>();
        Map<String, TierTotals> supplementaryDelta = new LinkedHashMap<>();
        long supplementaryTotal = 0;
        for (SupplementaryTier tier : policy.supplementary()) {
            if (!tier.schemes().contains(person.scheme()) || !tier.visitTypes().contains(type)) continue;
            if (!tier.categories().isEmpty() && !person.holdsAny(tier.categories(), visit.date())) continue;
            TierTotals totals = ytd.supplementary(tier.id());
            Bands b = tier.bands();
            long pay = tierPay(totals.baseFen(), totals.paidFen(), burden, b.thresholdFen(), b.segments(), null, b.capFen());
            supplementaryPay.put(tier.id(), pay);
            supplementaryDelta.put(tier.id(), new TierTotals(burden, pay));
            supplementaryTotal += pay;
            burden -= pay;
        }

        // Tier 4, medical assistance: the first identity of the priority that the policy defines.
        long assistancePay = 0;
        long assistanceBaseDelta = 0;
        Assistance assistance = policy.assistance();
        Category category = null;
        for (Category c : assistance.priority()) {
            if (assistance.categories().containsKey(c) && person.holds(c, visit.date())) {
                category = c;
                break;
            }
        }
        if (category != null) {
            Assistance.AssistanceCategory ac = assistance.categories().get(category);
            if (ac.visitTypes().contains(type)) {
                Bands b = ac.bands();
                assistancePay = tierPay(ytd.assistanceBaseFen(), ytd.assistancePaidFen(), burden,
                        b.thresholdFen(), b.segments(), null, b.capFen());
                assistanceBaseDelta = burden;
                burden -= assistancePay;
            }
        }

        long fundPay = basicPay + ciPay + supplementaryTotal + assistancePay;
        long patientPay = visit.totalFen() - fundPay;
        Accumulators delta = new Accumulators(
                type == VisitType.INPATIENT ? basicPay : 0,
                type == VisitType.OUTPATIENT ? basicPay : 0,
                ciBaseDelta, ciPay, supplementaryDelta,
                assistanceBaseDelta, assistancePay, 0,
                patientPay, type == VisitType.INPATIENT ? 1 : 0);
        return result(policy, visit, Mode.STANDARD, basicPay, ciPay, supplementaryPay, assistancePay,
                category == null ? null : category.name(), 0, patientPay, ytd, delta);
    }

    private static SettlementResult quota(Policy policy, SpecialDiseases sd, SpecialDiseases.Group group,
                                          SpecialDiseases.Disease disease, Visit visit, Accumulators ytd) {
        long billable = Math.min(visit.totalFen(), disease.quotaFen());
        long basicPay = FenMicros.roundedProduct(billable, sd.basicRate());
        // The policy reader keeps basicRate + assistanceRate <= 1; with a sum of exactly 1 both
        // products may round up by half a fen, so assistance takes at most what basic left.
        long assistancePay = Math.min(FenMicros.roundedProduct(billable, group.assistanceRate()), billable - basicPay);
        long absorbed = visit.totalFen() - billable;
        long patientPay = billable - basicPay - assistancePay;
        Accumulators delta = new Accumulators(basicPay, 0, 0, 0, Map.of(), 0, 0, assistancePay, patientPay, 1);
        return result(policy, visit, Mode.QUOTA, basicPay, 0, Map.of(), assistancePay, group.name(),
                absorbed, patientPay, ytd, delta);
    }

    private static SettlementResult result(Policy policy, Visit visit, Mode mode, long basicPay, long ciPay,
                                           Map<String, Long> supplementaryPay, long assistancePay, String category,
                                           long absorbed, long patientPay, Accumulators ytd, Accumulators delta) {
        long fundPay = visit.totalFen() - patientPay - absorbed;
        long threshold = policy.alertThresholdFen();
        long before = ytd.outOfPocketFen();
        long afterOutOfPocket = before + delta.outOfPocketFen();
        boolean alert = threshold >= 0 && before <= threshold && afterOutOfPocket > threshold;
        // SettlementResult's constructor checks every invariant before the result leaves the engine.
        return new SettlementResult(visit.id(), policy.id(), mode, visit.totalFen(), visit.compliantFen(),
                basicPay, ciPay, supplementaryPay, assistancePay, category, fundPay, absorbed, patientPay, alert,
                delta, ytd.plus(delta));
    }

    /**
     * The cumulative banded rule shared by critical illness, supplementary tiers and assistance:
     * K = base + S; due = min(round(F(K)), cap) − paid; pay = clamp(due, 0, S).
     */
    static long tierPay(long baseFen, long paidFen, long burdenFen, long thresholdFen, List<Segment> segments,
                        Rate bonus, long capFen) {
        long cumulative = Math.addExact(baseFen, burdenFen);
        long due = Math.min(Bands.bandedAmountFen(cumulative, thresholdFen, segments, bonus), capFen) - paidFen;
        return Math.max(0, Math.min(due, burdenFen));
    }
}
