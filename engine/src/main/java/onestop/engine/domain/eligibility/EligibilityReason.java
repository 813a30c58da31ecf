package onestop.engine.domain.eligibility;

/** Why a deposit is not waived, SETTLEMENT.md §7, in the order they are checked. */
public enum EligibilityReason {
    /** 未参保: not insured for the year. */
    NOT_INSURED,
    /** No identity of the policy's eligible categories in force on the date. */
    NO_ELIGIBLE_IDENTITY,
    /** 非定点医疗机构 */
    NOT_DESIGNATED_HOSPITAL,
    /** Hospital outside the person's area, and no referral that counts. */
    OUT_OF_SCOPE,
    DOCUMENT_NOT_ACCEPTED,
    /** All else holds but the region asks for a signed agreement (先诊疗后付费协议). */
    AGREEMENT_REQUIRED
}
