package onestop.server.adapters.logging;

import java.util.regex.Pattern;

/**
 * Full ID numbers never reach a log: anything shaped like a GB 11643 number (18 characters, the
 * last a digit or X) is masked to {@code 341002********1237}, whatever code wrote the line.
 */
public final class MaskIdNumbers {
    private static final Pattern ID = Pattern.compile("(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");

    private MaskIdNumbers() {}

    public static String mask(String text) {
        if (text == null || text.length() < 18) return text;
        return ID.matcher(text).replaceAll("$1********$2");
    }
}
