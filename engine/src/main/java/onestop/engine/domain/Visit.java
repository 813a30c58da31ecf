package onestop.engine.domain;

import java.time.LocalDate;
import java.util.Objects;
import onestop.engine.domain.money.Money;

/**
 * One settlement's bill, already typed. Build it with {@link #of}, which checks the amounts the way
 * SETTLEMENT.md §2 asks and answers a rejection instead of throwing.
 *
 * @param id             the settlement id the hospital gives the visit
 * @param date           settlement date; its calendar year is the insurance year
 * @param totalFen       医疗费用总额
 * @param outOfScopeFen  全自费: outside the policy catalogue
 * @param priorSelfPayFen 先行自付
 * @param specialDisease a code of the policy's quota list (单病种), or null
 */
public record Visit(
        String id,
        LocalDate date,
        VisitType type,
        HospitalLevel hospitalLevel,
        long totalFen,
        long outOfScopeFen,
        long priorSelfPayFen,
        String specialDisease) {

    public Visit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(hospitalLevel, "hospitalLevel");
        if (!Money.isValidAmountFen(totalFen) || !Money.isValidAmountFen(outOfScopeFen)
                || !Money.isValidAmountFen(priorSelfPayFen) || outOfScopeFen + priorSelfPayFen > totalFen) {
            throw new IllegalArgumentException("amounts not checked: use Visit.of");
        }
    }

    /** The checked visit, or INVALID_AMOUNT naming the field. */
    public static Outcome<Visit> of(String id, LocalDate date, VisitType type, HospitalLevel level,
                                    long totalFen, long outOfScopeFen, long priorSelfPayFen, String specialDisease) {
        if (!Money.isValidAmountFen(totalFen)) return amount("total", totalFen);
        if (!Money.isValidAmountFen(outOfScopeFen)) return amount("outOfScope", outOfScopeFen);
        if (!Money.isValidAmountFen(priorSelfPayFen)) return amount("priorSelfPay", priorSelfPayFen);
        if (outOfScopeFen + priorSelfPayFen > totalFen) {
            // name the part that does not fit: out-of-scope alone, or the prior self-pay added to it
            String field = outOfScopeFen > totalFen ? "outOfScope" : "priorSelfPay";
            return Outcome.rejected(ResultCode.INVALID_AMOUNT, field,
                    "out-of-scope plus prior self-pay (" + Money.format(outOfScopeFen + priorSelfPayFen)
                            + ") exceeds the total (" + Money.format(totalFen) + ")");
        }
        return Outcome.ok(new Visit(id, date, type, level, totalFen, outOfScopeFen, priorSelfPayFen, specialDisease));
    }

    private static Outcome<Visit> amount(String field, long fen) {
        return Outcome.rejected(ResultCode.INVALID_AMOUNT, field,
                field + " must be between 0.00 and " + Money.format(Money.MAX_AMOUNT_FEN) + ", got " + Money.format(fen));
    }

    /** 合规费用: total − outOfScope − priorSelfPay. */
    public long compliantFen() {
        return totalFen - outOfScopeFen - priorSelfPayFen;
    }
}
