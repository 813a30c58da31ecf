package onestop.agent.cards;

import java.util.Objects;

/**
 * The medical-insurance e-voucher (医保电子凭证) from a keyboard-wedge scanner, which types the QR text and Enter
 * into whatever has focus. The text is checked here before it goes anywhere: bounded, printable ASCII (a Chinese input
 * method left on turns the scanner's keystrokes into other characters). The code itself is a bearer token: it is
 * never put in a message or a log.
 */
public final class QrVoucherReader {
    public static final int MAX_LENGTH = 512;

    private final VoucherResolver resolver;

    public QrVoucherReader(VoucherResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver);
    }

    /** The person behind a scanned code, or VOUCHER_INVALID / VOUCHER_EXPIRED (or the resolver's own failure). */
    public CardRead resolve(String scannedText) throws CardException {
        String code = scannedText == null ? "" : scannedText.strip();
        if (code.isEmpty()) throw new CardException(CardError.VOUCHER_INVALID, "nothing was scanned");
        if (code.length() > MAX_LENGTH) {
            throw new CardException(CardError.VOUCHER_INVALID, "the scanned text has " + code.length()
                    + " characters; a voucher code has at most " + MAX_LENGTH);
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new CardException(CardError.VOUCHER_INVALID, "the scanned text has a character that is not printable"
                        + " ASCII at position " + (i + 1) + " (is an input method switched on?)");
            }
        }
        CardRead read = resolver.resolve(code);
        if (read == null) throw new CardException(CardError.VOUCHER_INVALID, "the voucher code resolved to no one");
        return read;
    }
}
