package onestop.engine.domain;

/** The document a patient presents at admission, SETTLEMENT.md §7. */
public enum Document {
    /** 身份证 */
    ID_CARD,
    /** 社保卡 */
    SOCIAL_SECURITY_CARD,
    /** 户口簿 */
    HOUSEHOLD_REGISTER,
    /** 医保电子凭证 */
    E_VOUCHER
}
