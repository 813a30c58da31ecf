package onestop.console.application;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Form helpers the pages share: the request id a form is made with (kept through every re-show, so a second press is the same request). */
public final class Forms {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Forms() {}

    /** A new request id for a form: {@code console-} and 24 hex digits (the wire allows 1-64 of [A-Za-z0-9._:-]). */
    public static String requestId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "console-" + HexFormat.of().formatHex(b);
    }

    /** The form's request id as posted, when well-formed; else a new one. */
    public static String requestId(String posted) {
        return posted != null && posted.matches("[A-Za-z0-9._:-]{1,64}") ? posted : requestId();
    }
}
