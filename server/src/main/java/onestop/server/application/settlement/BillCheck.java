package onestop.server.application.settlement;

import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Pattern;
import onestop.engine.application.Inputs;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Visit;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.TierTotals;
import onestop.server.application.Checks;

/**
 * A bill as sent, checked into the engine's {@link Visit}, and accumulators from outside checked: one set of rules for
 * a settlement ({@code visit.total_fen}) and a policy trial's bills ({@code bills[2].total_fen}), each failure naming
 * its field under the request's prefix.
 */
public final class BillCheck {
    private static final Pattern DISEASE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private BillCheck() {}

    /** The bill of {@code c} at {@code level} (the caller's choice when the command names none), or its first wrong field. */
    public static Outcome<Visit> visit(String prefix, SettleCommand c, HospitalLevel level) {
        Rejection r = Checks.settlementId(prefix + ".settlement_id", c.settlementId());
        if (r != null) return Outcome.rejected(r);
        Outcome<LocalDate> date = Inputs.date(prefix + ".date", c.date());
        if (!date.isOk()) return Outcome.rejected(date.rejection());
        if (c.type() == null) {
            return Outcome.rejected(ResultCode.UNKNOWN_VISIT_TYPE, prefix + ".type", prefix + ".type must be INPATIENT or OUTPATIENT");
        }
        String disease = c.specialDisease() == null || c.specialDisease().isEmpty() ? null : c.specialDisease();
        if (disease != null && !DISEASE_CODE.matcher(disease).matches()) {
            return Outcome.rejected(ResultCode.UNKNOWN_SPECIAL_DISEASE, prefix + ".special_disease",
                    prefix + ".special_disease must be a disease code of the policy, got " + Checks.show(disease));
        }
        Outcome<Visit> visit = Visit.of(c.settlementId(), date.value(), c.type(), level, c.totalFen(), c.outOfScopeFen(),
                c.priorSelfPayFen(), disease);
        return visit.isOk() ? visit : Outcome.rejected(named(prefix, visit.rejection()));
    }

    /** An engine rejection about the visit with its field in the request's words under {@code prefix}; any other as it is. */
    public static Rejection named(String prefix, Rejection r) {
        String field = switch (r.field()) {
            case "total" -> prefix + ".total_fen";
            case "outOfScope" -> prefix + ".out_of_scope_fen";
            case "priorSelfPay" -> prefix + ".prior_self_pay_fen";
            case "specialDisease" -> prefix + ".special_disease";
            case "date" -> prefix + ".date";
            case "type" -> prefix + ".type";
            case "hospitalLevel" -> prefix + ".hospital_level";
            default -> r.field();
        };
        return Rejection.of(r.code(), field, r.message());
    }

    /** Year-to-date totals or a settlement's delta from outside: never negative, tiers named as policies name them. */
    public static Rejection accumulators(String field, Accumulators a) {
        return accumulators(field, a, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** {@link #accumulators}, each amount at most {@code maxFen} and the admissions at most {@code maxAdmissions}. */
    public static Rejection accumulators(String field, Accumulators a, long maxFen, int maxAdmissions) {
        Rejection bad = within(field + ".basic_paid_inpatient_fen", a.basicPaidInpatientFen(), maxFen);
        if (bad == null) bad = within(field + ".basic_paid_outpatient_fen", a.basicPaidOutpatientFen(), maxFen);
        if (bad == null) bad = within(field + ".ci_base_fen", a.ciBaseFen(), maxFen);
        if (bad == null) bad = within(field + ".ci_paid_fen", a.ciPaidFen(), maxFen);
        for (Map.Entry<String, TierTotals> e : a.supplementary().entrySet()) {
            if (bad != null) break;
            bad = Checks.policyId(field + ".supplementary", e.getKey());
            String tier = field + ".supplementary[" + e.getKey() + "]";
            if (bad == null) bad = within(tier + ".base_fen", e.getValue().baseFen(), maxFen);
            if (bad == null) bad = within(tier + ".paid_fen", e.getValue().paidFen(), maxFen);
        }
        if (bad == null) bad = within(field + ".assistance_base_fen", a.assistanceBaseFen(), maxFen);
        if (bad == null) bad = within(field + ".assistance_paid_fen", a.assistancePaidFen(), maxFen);
        if (bad == null) bad = within(field + ".quota_assistance_paid_fen", a.quotaAssistancePaidFen(), maxFen);
        if (bad == null) bad = within(field + ".out_of_pocket_fen", a.outOfPocketFen(), maxFen);
        if (bad == null) bad = within(field + ".admissions", a.admissions(), maxAdmissions);
        return bad;
    }

    private static Rejection within(String field, long value, long max) {
        if (value < 0) return Checks.invalid(field, field + " must not be negative, got " + value);
        return value <= max ? null : Checks.invalid(field, field + " must be at most " + max + ", got " + value);
    }
}
