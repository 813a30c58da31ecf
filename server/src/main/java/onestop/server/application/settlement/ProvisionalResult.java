package onestop.server.application.settlement;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.Visit;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;
import onestop.server.application.Checks;

/**
 * What an agent says it computed offline for a forwarded settlement ({@code SettleRequest.provisional}), as the adapter
 * received it, not yet checked. {@link #check} makes it a result, or names the first field that is wrong (in the
 * request's words, {@code provisional.patient_pay_fen}).
 *
 * @param mode         null when the caller gave none or an unknown value
 * @param supplementary the tiers that applied, in the order sent (a tier twice is refused, so it is a list here)
 * @param delta        as sent; an absent message is all zero
 */
public record ProvisionalResult(String settlementId, String policyId, Mode mode, long totalFen, long compliantFen,
                                long basicPayFen, long ciPayFen, List<Pay> supplementary, long assistancePayFen,
                                String assistanceCategory, long fundPayFen, long hospitalAbsorbedFen, long patientPayFen,
                                boolean alert, Accumulators delta, Accumulators after) {
    /** Policy and supplementary tier ids as policies have them. */
    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_CATEGORY_CHARS = 32;

    public record Pay(String tierId, long payFen) {}

    public ProvisionalResult {
        supplementary = List.copyOf(supplementary);
    }

    /**
     * The result the agent computed for {@code visit}: its settlement id and total are the visit's, no amount is
     * negative or above the bill, the tiers add up to the fund, and fund, hospital and patient to the total.
     */
    public Outcome<SettlementResult> check(Visit visit) {
        Rejection bad = checkFields(visit);
        if (bad != null) return Outcome.rejected(bad);
        Map<String, Long> pays = new LinkedHashMap<>();
        for (Pay p : supplementary) pays.put(p.tierId(), p.payFen());
        return Outcome.ok(new SettlementResult(settlementId, policyId, mode, totalFen, compliantFen, basicPayFen, ciPayFen,
                pays, assistancePayFen, assistanceCategory == null || assistanceCategory.isEmpty() ? null : assistanceCategory,
                fundPayFen, hospitalAbsorbedFen, patientPayFen, alert, delta, after));
    }

    private Rejection checkFields(Visit visit) {
        if (!visit.id().equals(settlementId)) {
            return Checks.invalid("provisional.settlement_id", "provisional.settlement_id must be the visit's settlement_id "
                    + visit.id() + ", got " + Checks.show(settlementId));
        }
        Rejection bad = tierId("provisional.policy_id", policyId);
        if (bad == null && mode == null) bad = Checks.invalid("provisional.mode", "provisional.mode must be STANDARD or QUOTA");
        if (bad == null && totalFen != visit.totalFen()) {
            bad = Checks.invalid("provisional.total_fen", "provisional.total_fen must be the visit's total "
                    + Money.format(visit.totalFen()) + ", got " + Money.format(totalFen));
        }
        if (bad == null) bad = amount("provisional.compliant_fen", compliantFen);
        if (bad == null) bad = amount("provisional.basic_pay_fen", basicPayFen);
        if (bad == null) bad = amount("provisional.ci_pay_fen", ciPayFen);
        if (bad == null) bad = supplementaryPays();
        if (bad == null) bad = amount("provisional.assistance_pay_fen", assistancePayFen);
        if (bad == null) bad = Checks.text("provisional.assistance_category", assistanceCategory, MAX_CATEGORY_CHARS, false);
        if (bad == null) bad = amount("provisional.fund_pay_fen", fundPayFen);
        if (bad == null) bad = amount("provisional.hospital_absorbed_fen", hospitalAbsorbedFen);
        if (bad == null) bad = amount("provisional.patient_pay_fen", patientPayFen);
        if (bad != null) return bad;
        // every amount is now within [0, total ≤ 10^11]: the sums below cannot overflow
        long tiers = basicPayFen + ciPayFen + assistancePayFen;
        for (Pay p : supplementary) tiers += p.payFen();
        if (tiers != fundPayFen) {
            return Checks.invalid("provisional.fund_pay_fen", "provisional.fund_pay_fen " + Money.format(fundPayFen)
                    + " is not the sum of basic, critical illness, supplementary and assistance " + Money.format(tiers));
        }
        if (fundPayFen + hospitalAbsorbedFen + patientPayFen != totalFen) {
            return Checks.invalid("provisional.patient_pay_fen", "provisional.patient_pay_fen " + Money.format(patientPayFen)
                    + " is not the total less the funds and the hospital's part " + Money.format(totalFen - fundPayFen - hospitalAbsorbedFen));
        }
        bad = accumulators("provisional.delta", delta);
        return bad != null ? bad : accumulators("provisional.after", after);
    }

    private Rejection amount(String field, long fen) {
        return fen >= 0 && fen <= totalFen ? null
                : Checks.invalid(field, field + " must be between 0.00 and the total " + Money.format(totalFen) + ", got " + Money.format(fen));
    }

    private Rejection supplementaryPays() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < supplementary.size(); i++) {
            String field = "provisional.supplementary[" + i + "]";
            Pay p = supplementary.get(i);
            Rejection bad = tierId(field + ".tier_id", p.tierId());
            if (bad == null && !seen.add(p.tierId())) bad = Checks.invalid(field + ".tier_id", field + ".tier_id " + p.tierId() + " is there twice");
            if (bad == null) bad = amount(field + ".pay_fen", p.payFen());
            if (bad != null) return bad;
        }
        return null;
    }

    private static Rejection tierId(String field, String id) {
        return id != null && POLICY_ID.matcher(id).matches() ? null
                : Checks.invalid(field, field + " must be 1-64 of a-z 0-9 - (an id of the policy), got " + Checks.show(id));
    }

    /** Year-to-date totals and a settlement's delta are never negative; named as the message's fields. */
    private static Rejection accumulators(String field, Accumulators a) {
        Rejection bad = notNegative(field + ".basic_paid_inpatient_fen", a.basicPaidInpatientFen());
        if (bad == null) bad = notNegative(field + ".basic_paid_outpatient_fen", a.basicPaidOutpatientFen());
        if (bad == null) bad = notNegative(field + ".ci_base_fen", a.ciBaseFen());
        if (bad == null) bad = notNegative(field + ".ci_paid_fen", a.ciPaidFen());
        for (Map.Entry<String, TierTotals> e : a.supplementary().entrySet()) {
            if (bad != null) break;
            bad = tierId(field + ".supplementary", e.getKey());
            String tier = field + ".supplementary[" + e.getKey() + "]";
            if (bad == null) bad = notNegative(tier + ".base_fen", e.getValue().baseFen());
            if (bad == null) bad = notNegative(tier + ".paid_fen", e.getValue().paidFen());
        }
        if (bad == null) bad = notNegative(field + ".assistance_base_fen", a.assistanceBaseFen());
        if (bad == null) bad = notNegative(field + ".assistance_paid_fen", a.assistancePaidFen());
        if (bad == null) bad = notNegative(field + ".quota_assistance_paid_fen", a.quotaAssistancePaidFen());
        if (bad == null) bad = notNegative(field + ".out_of_pocket_fen", a.outOfPocketFen());
        if (bad == null) bad = notNegative(field + ".admissions", a.admissions());
        return bad;
    }

    private static Rejection notNegative(String field, long value) {
        return value >= 0 ? null : Checks.invalid(field, field + " must not be negative, got " + value);
    }
}
