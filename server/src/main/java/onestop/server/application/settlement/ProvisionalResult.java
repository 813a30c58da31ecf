package onestop.server.application.settlement;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.Visit;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
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
        Rejection bad = Checks.policyId("provisional.policy_id", policyId);
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
        bad = BillCheck.accumulators("provisional.delta", delta);
        return bad != null ? bad : BillCheck.accumulators("provisional.after", after);
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
            Rejection bad = Checks.policyId(field + ".tier_id", p.tierId());
            if (bad == null && !seen.add(p.tierId())) bad = Checks.invalid(field + ".tier_id", field + ".tier_id " + p.tierId() + " is there twice");
            if (bad == null) bad = amount(field + ".pay_fen", p.payFen());
            if (bad != null) return bad;
        }
        return null;
    }
}
