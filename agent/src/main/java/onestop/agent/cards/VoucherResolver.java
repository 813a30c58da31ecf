package onestop.agent.cards;

/**
 * Turns a scanned 医保电子凭证 code into the person it stands for. The real one asks the central server, which issues
 * short-lived signed codes; it answers an expired code with {@link CardError#VOUCHER_EXPIRED} and a forged or unknown
 * one with {@link CardError#VOUCHER_INVALID}.
 */
@FunctionalInterface
public interface VoucherResolver {
    /** @param code trimmed, printable ASCII, at most {@link QrVoucherReader#MAX_LENGTH} characters */
    CardRead resolve(String code) throws CardException;
}
