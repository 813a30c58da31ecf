package onestop.agent.cards;

import onestop.engine.domain.ResultCode;

/**
 * Every way a card read can fail, as a closed set the counter screen can switch on: a short Chinese label for the
 * clerk, an English message for logs and support, and the {@link ResultCode} the agent answers it with (the one place
 * a card error becomes an API code).
 */
public enum CardError {
    NO_READER("未连接读卡器", "No card reader is connected, or its driver or service is not available", ResultCode.NO_READER),
    NO_CARD("未检测到卡", "No card was presented before the time ran out", ResultCode.NO_CARD),
    CARD_REMOVED("卡被拔出", "The card was removed before the read finished", ResultCode.CARD_REMOVED),
    READ_FAILED("读卡失败", "The card could not be read", ResultCode.READ_FAILED),
    INVALID_ID_NUMBER("证件号码无效", "The ID number fails the GB 11643 check", ResultCode.INVALID_ID_NUMBER),
    // no code of its own: a bad name is a malformed field like any other
    INVALID_NAME("姓名无效", "The name is too long or has characters a name cannot have", ResultCode.INVALID_ARGUMENT),
    VOUCHER_INVALID("电子凭证无效", "The e-voucher code is not valid", ResultCode.VOUCHER_INVALID),
    VOUCHER_EXPIRED("电子凭证已过期", "The e-voucher code has expired; ask the patient to refresh it", ResultCode.VOUCHER_EXPIRED);

    private final String label;
    private final String message;
    private final ResultCode resultCode;

    CardError(String label, String message, ResultCode resultCode) {
        this.label = label;
        this.message = message;
        this.resultCode = resultCode;
    }

    /** Short Chinese text for the counter screen. */
    public String label() {
        return label;
    }

    /** What the code means, in English. */
    public String message() {
        return message;
    }

    /** The code of the agent's closed list this failure is answered with. */
    public ResultCode resultCode() {
        return resultCode;
    }
}
