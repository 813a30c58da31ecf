package onestop.agent.cards;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onestop.engine.domain.IdNumber;

/**
 * A card read that failed, with its {@link CardError code} and a one-line message saying what and where. Checked:
 * every caller has to decide what the clerk sees.
 */
public class CardException extends Exception {
    private static final long serialVersionUID = 1L;
    // A last guard: text from a driver or a vendor library could echo a number; the readers already mask their own.
    private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])");

    private final CardError code;

    public CardException(CardError code, String message) {
        this(code, message, null);
    }

    public CardException(CardError code, String message, Throwable cause) {
        super(maskIdNumbers(oneLine(message == null ? Objects.requireNonNull(code).message() : message)), cause);
        this.code = Objects.requireNonNull(code);
    }

    public CardError code() {
        return code;
    }

    /** For the counter screen: the Chinese label, then the detail. */
    public String display() {
        return code.label() + "：" + getMessage();
    }

    @Override
    public String toString() {
        return "CardException[" + code + "]: " + getMessage();
    }

    static String maskIdNumbers(String text) {
        Matcher m = ID_LIKE.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(IdNumber.mask(r.group())));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
