package onestop.engine.domain.settlement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import onestop.engine.domain.VisitType;

/**
 * A person's year-to-date accumulators (年度累计) for one insurance year, SETTLEMENT.md §2. The same
 * type is used for the deltas one settlement adds, so that a reversal takes off exactly those.
 * Supplementary tiers are keyed by tier id; an absent tier is zero.
 */
public record Accumulators(
        long basicPaidInpatientFen,
        long basicPaidOutpatientFen,
        long ciBaseFen,
        long ciPaidFen,
        Map<String, TierTotals> supplementary,
        long assistanceBaseFen,
        long assistancePaidFen,
        long quotaAssistancePaidFen,
        long outOfPocketFen,
        int admissions) {

    public static final Accumulators ZERO = new Accumulators(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);

    public Accumulators {
        supplementary = supplementary.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(supplementary));
    }

    public long basicPaidFen(VisitType type) {
        return type == VisitType.INPATIENT ? basicPaidInpatientFen : basicPaidOutpatientFen;
    }

    public TierTotals supplementary(String tierId) {
        TierTotals t = supplementary.get(tierId);
        return t == null ? TierTotals.ZERO : t;
    }

    public Accumulators plus(Accumulators d) {
        return new Accumulators(
                Math.addExact(basicPaidInpatientFen, d.basicPaidInpatientFen),
                Math.addExact(basicPaidOutpatientFen, d.basicPaidOutpatientFen),
                Math.addExact(ciBaseFen, d.ciBaseFen),
                Math.addExact(ciPaidFen, d.ciPaidFen),
                combine(supplementary, d.supplementary, true),
                Math.addExact(assistanceBaseFen, d.assistanceBaseFen),
                Math.addExact(assistancePaidFen, d.assistancePaidFen),
                Math.addExact(quotaAssistancePaidFen, d.quotaAssistancePaidFen),
                Math.addExact(outOfPocketFen, d.outOfPocketFen),
                Math.addExact(admissions, d.admissions));
    }

    /**
     * These accumulators less a settlement's delta (a reversal). Throws IllegalStateException if any
     * would go negative: the delta was not added here, which is a bug, never a business outcome.
     */
    public Accumulators minus(Accumulators d) {
        Accumulators r = new Accumulators(
                basicPaidInpatientFen - d.basicPaidInpatientFen,
                basicPaidOutpatientFen - d.basicPaidOutpatientFen,
                ciBaseFen - d.ciBaseFen,
                ciPaidFen - d.ciPaidFen,
                combine(supplementary, d.supplementary, false),
                assistanceBaseFen - d.assistanceBaseFen,
                assistancePaidFen - d.assistancePaidFen,
                quotaAssistancePaidFen - d.quotaAssistancePaidFen,
                outOfPocketFen - d.outOfPocketFen,
                admissions - d.admissions);
        r.checkNonNegative();
        return r;
    }

    /** Invariant: accumulators are never negative. Throws IllegalStateException naming the field. */
    public Accumulators checkNonNegative() {
        String field = firstNegativeField();
        if (field != null) throw new IllegalStateException(field + " is negative");
        return this;
    }

    /** The first negative field's name, or null: also for checking accumulators that came from outside. */
    public String firstNegativeField() {
        if (basicPaidInpatientFen < 0) return "basicPaid.INPATIENT";
        if (basicPaidOutpatientFen < 0) return "basicPaid.OUTPATIENT";
        if (ciBaseFen < 0) return "ciBase";
        if (ciPaidFen < 0) return "ciPaid";
        for (Map.Entry<String, TierTotals> e : supplementary.entrySet()) {
            if (e.getValue().baseFen() < 0) return "supplementary." + e.getKey() + ".base";
            if (e.getValue().paidFen() < 0) return "supplementary." + e.getKey() + ".paid";
        }
        if (assistanceBaseFen < 0) return "assistanceBase";
        if (assistancePaidFen < 0) return "assistancePaid";
        if (quotaAssistancePaidFen < 0) return "quotaAssistancePaid";
        if (outOfPocketFen < 0) return "outOfPocket";
        if (admissions < 0) return "admissions";
        return null;
    }

    private static Map<String, TierTotals> combine(Map<String, TierTotals> a, Map<String, TierTotals> b, boolean add) {
        if (b.isEmpty()) return a;
        Map<String, TierTotals> r = new LinkedHashMap<>(a);
        for (Map.Entry<String, TierTotals> e : b.entrySet()) {
            TierTotals before = r.getOrDefault(e.getKey(), TierTotals.ZERO);
            r.put(e.getKey(), add ? before.plus(e.getValue()) : before.minus(e.getValue()));
        }
        return r;
    }
}
