package onestop.agent.cards;

/**
 * Every way a card read can fail, as a closed set the counter screen can switch on: a short Chinese label for the
 * clerk and an English message for logs and support.
 */
public enum CardError {
    NO_READER("未连接读卡器", "No card reader is connected, or its driver or service is not available"),
    NO_CARD("未检测到卡", "No card was presented before the time ran out"),
    CARD_REMOVED("卡被拔出", "The card was removed before the read finished"),
    READ_FAILED("读卡失败", "The card could not be read"),
    INVALID_ID_NUMBER("证件号码无效", "The ID number fails the GB 11643 check"),
    INVALID_NAME("姓名无效", "The name is too long or has characters a name cannot have"),
    VOUCHER_INVALID("电子凭证无效", "The e-voucher code is not valid"),
    VOUCHER_EXPIRED("电子凭证已过期", "The e-voucher code has expired; ask the patient to refresh it");

    private final String label;
    private final String message;

    CardError(String label, String message) {
        this.label = label;
        this.message = message;
    }

    /** Short Chinese text for the counter screen. */
    public String label() {
        return label;
    }

    /** What the code means, in English. */
    public String message() {
        return message;
    }
}
