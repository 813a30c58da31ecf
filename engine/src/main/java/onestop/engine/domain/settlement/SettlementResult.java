package onestop.engine.domain.settlement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one settlement pays, tier by tier, with the accumulator delta it adds (so that a reversal
 * takes off exactly that) and the accumulators after it.
 *
 * @param supplementaryPayFen each supplementary tier that applied, in policy order; absent means 0
 * @param assistanceCategory  the category chosen for assistance, or the quota group's name; null if none
 * @param alert               this settlement took out-of-pocket across the policy's alert threshold
 */
public record SettlementResult(
        String visitId,
        String policyId,
        Mode mode,
        long totalFen,
        long compliantFen,
        long basicPayFen,
        long ciPayFen,
        Map<String, Long> supplementaryPayFen,
        long assistancePayFen,
        String assistanceCategory,
        long fundPayFen,
        long hospitalAbsorbedFen,
        long patientPayFen,
        boolean alert,
        Accumulators delta,
        Accumulators after) {

    public SettlementResult {
        supplementaryPayFen = supplementaryPayFen.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(supplementaryPayFen));
        verify(visitId, totalFen, basicPayFen, ciPayFen, supplementaryPayFen, assistancePayFen, fundPayFen,
                hospitalAbsorbedFen, patientPayFen, delta, after);
    }

    public long supplementaryPayFen(String tierId) {
        Long v = supplementaryPayFen.get(tierId);
        return v == null ? 0 : v;
    }

    public long supplementaryTotalFen() {
        return sum(supplementaryPayFen);
    }

    private static long sum(Map<String, Long> pays) {
        long sum = 0;
        for (long v : pays.values()) sum += v;
        return sum;
    }

    /**
     * fund + patient + hospital-absorbed = total; fund is the sum of the tiers; no payment negative;
     * accumulators never negative. Checked on construction, so before a result leaves the engine,
     * and again by whoever rebuilds a result from storage. Throws IllegalStateException: a bug.
     */
    public void checkInvariants() {
        verify(visitId, totalFen, basicPayFen, ciPayFen, supplementaryPayFen, assistancePayFen, fundPayFen,
                hospitalAbsorbedFen, patientPayFen, delta, after);
    }

    private static void verify(String id, long total, long basic, long ci, Map<String, Long> supplementary,
                               long assistance, long fund, long absorbed, long patient, Accumulators delta, Accumulators after) {
        checkSums(id, total, basic, ci, sum(supplementary), assistance, fund, absorbed, patient);
        for (long v : supplementary.values()) if (v < 0) fail(id, "negative supplementary payment");
        delta.checkNonNegative();
        after.checkNonNegative();
    }

    /**
     * The money invariants on bare amounts (a stored row read back as numbers): fund is the sum of the tiers,
     * fund + patient + hospital-absorbed = total, no payment negative. Throws IllegalStateException: a bug.
     */
    public static void checkSums(String id, long total, long basic, long ci, long supplementaryTotal, long assistance,
                                 long fund, long absorbed, long patient) {
        long tiers = basic + ci + supplementaryTotal + assistance;
        if (tiers != fund) fail(id, "fund " + fund + " != sum of tiers " + tiers);
        if (fund + patient + absorbed != total) {
            fail(id, "fund " + fund + " + patient " + patient + " + absorbed " + absorbed + " != total " + total);
        }
        if (basic < 0 || ci < 0 || supplementaryTotal < 0 || assistance < 0 || patient < 0 || absorbed < 0) {
            fail(id, "negative payment");
        }
    }

    private static void fail(String id, String what) {
        throw new IllegalStateException("settlement " + id + " breaks an invariant: " + what);
    }
}
