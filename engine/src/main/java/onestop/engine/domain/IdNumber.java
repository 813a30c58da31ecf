package onestop.engine.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/** Resident ID numbers, GB 11643-1999 (SETTLEMENT.md §8). */
public final class IdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdNumber() {}

    /** True when {@code id} is a canonical 18-character number: right check character, real birth date. */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 18) return false;
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') return false;
            sum += (c - '0') * WEIGHTS[i];
        }
        if (id.charAt(17) != CHECK[sum % 11]) return false;
        try {
            LocalDate.of(Integer.parseInt(id, 6, 10, 10), Integer.parseInt(id, 10, 12, 10), Integer.parseInt(id, 12, 14, 10));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Input typed by a person: trimmed and upper-cased, then checked. The canonical form, or empty. */
    public static Optional<String> canonical(String typed) {
        if (typed == null) return Optional.empty();
        String id = typed.strip().toUpperCase(java.util.Locale.ROOT);
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }

    /** For logs and printed statements: {@code 341002********1237}. Never log a full number. */
    public static String mask(String id) {
        if (id == null) return "";
        if (id.length() <= 10) return "*".repeat(id.length());
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    private static final java.util.regex.Pattern ANY_ID =
            java.util.regex.Pattern.compile("(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");

    /**
     * Text with everything shaped like an ID number (18 characters, the last a digit or X, valid or not) masked to
     * {@code 341002********1237}: what log layouts apply to every line, whoever wrote it.
     */
    public static String maskAll(String text) {
        if (text == null || text.length() < 18) return text;
        return ANY_ID.matcher(text).replaceAll("$1********$2");
    }
}
