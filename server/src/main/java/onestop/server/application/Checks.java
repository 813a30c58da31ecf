package onestop.server.application;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;

/** Field checks shared by every application service; each failure names the field. */
public final class Checks {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SETTLEMENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOSPITAL_CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern AREA = Pattern.compile("[0-9]{6}");
    /** Policy and supplementary tier ids as PolicyReader accepts them. */
    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private Checks() {}

    public static Rejection requestId(String field, String value) {
        return REQUEST_ID.matcher(nz(value)).matches() ? null
                : invalid(field, field + " must be 1-64 of A-Z a-z 0-9 . _ : -, got " + show(value));
    }

    public static Rejection settlementId(String field, String value) {
        return SETTLEMENT_ID.matcher(nz(value)).matches() ? null
                : invalid(field, field + " must be 1-64 of A-Z a-z 0-9 . _ -, got " + show(value));
    }

    public static Rejection hospitalCode(String field, String value) {
        return HOSPITAL_CODE.matcher(nz(value)).matches() ? null
                : invalid(field, field + " must be 1-32 of A-Z a-z 0-9 _ -, got " + show(value));
    }

    /** A policy's or a supplementary tier's id. */
    public static Rejection policyId(String field, String value) {
        return POLICY_ID.matcher(nz(value)).matches() ? null
                : invalid(field, field + " must be 1-64 of a-z 0-9 - (an id of the policy), got " + show(value));
    }

    public static Rejection areaCode(String field, String value) {
        return AREA.matcher(nz(value)).matches() ? null : invalid(field, field + " must be a 6-digit area code, got " + show(value));
    }

    public static Rejection text(String field, String value, int maxLength, boolean required) {
        String v = nz(value);
        if (required && v.isBlank()) return invalid(field, field + " is required");
        if (v.length() > maxLength) return invalid(field, field + " is longer than " + maxLength + " characters");
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (Character.isISOControl(ch) || Character.isSurrogate(ch) && !validSurrogateAt(v, i)) {
                return invalid(field, field + " contains a control character or broken Unicode");
            }
        }
        return null;
    }

    private static boolean validSurrogateAt(String v, int i) {
        char ch = v.charAt(i);
        if (Character.isHighSurrogate(ch)) return i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
    }

    /** The canonical ID number, or INVALID_ID_NUMBER naming the field. */
    public static Outcome<String> idNumber(String field, String value) {
        if (value != null && value.length() > 32) {
            return Outcome.rejected(ResultCode.INVALID_ID_NUMBER, field, field + " is not an 18-character ID number");
        }
        return IdNumber.canonical(value).<Outcome<String>>map(Outcome::ok).orElseGet(() ->
                Outcome.rejected(ResultCode.INVALID_ID_NUMBER, field, field + " is not a valid GB 11643 ID number"));
    }

    /** Insured years as sent, each 1990-2999: sorted, repeats dropped. */
    public static Outcome<SortedSet<Integer>> insuredYears(String field, List<Integer> years) {
        SortedSet<Integer> sorted = new TreeSet<>();
        for (int y : years) {
            if (y < 1990 || y > 2999) return Outcome.rejected(invalid(field, "insured year " + y + " is out of range"));
            sorted.add(y);
        }
        return Outcome.ok(sorted);
    }

    /** An ISO date, or null when the text is empty (an optional field); INVALID_DATE naming the field otherwise. */
    public static Outcome<java.time.LocalDate> optionalDate(String field, String text) {
        return text == null || text.isEmpty() ? Outcome.ok(null) : onestop.engine.application.Inputs.date(field, text);
    }

    public static Rejection invalid(String field, String message) {
        return Rejection.of(ResultCode.INVALID_ARGUMENT, field, message);
    }

    /** Quoted and shortened for messages; never echoes more than 40 characters or any hidden character. */
    public static String show(String value) {
        return value == null || value.isEmpty() ? "nothing" : onestop.engine.application.Inputs.quote(value);
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }
}
