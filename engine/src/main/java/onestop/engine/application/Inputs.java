package onestop.engine.application;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import onestop.engine.domain.Category;
import onestop.engine.domain.Document;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.money.Money;

/**
 * Text inputs (JSON, CSV, a form) to typed values, each failure a rejection with SETTLEMENT.md's
 * code and the field named. Never throws for bad input.
 */
public final class Inputs {
    private Inputs() {}

    public static Outcome<Long> amountFen(String field, String text) {
        long fen = Money.parseOrMinusOne(text);
        if (fen < 0) {
            return Outcome.rejected(ResultCode.INVALID_AMOUNT, field,
                    field + " must be an amount like 123.45 between 0 and 1000000000.00, got " + quote(text));
        }
        return Outcome.ok(fen);
    }

    /** A strict ISO date (yyyy-MM-dd, a real calendar day). */
    public static Outcome<LocalDate> date(String field, String text) {
        if (text == null || text.length() != 10) {
            return Outcome.rejected(ResultCode.INVALID_DATE, field, field + " must be a date like 2024-06-10, got " + quote(text));
        }
        try {
            return Outcome.ok(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Outcome.rejected(ResultCode.INVALID_DATE, field, field + " is not a real date: " + quote(text));
        }
    }

    public static Outcome<VisitType> visitType(String field, String text) {
        return enumValue(VisitType.class, ResultCode.UNKNOWN_VISIT_TYPE, field, text);
    }

    public static Outcome<HospitalLevel> hospitalLevel(String field, String text) {
        return enumValue(HospitalLevel.class, ResultCode.UNKNOWN_HOSPITAL_LEVEL, field, text);
    }

    public static Outcome<Category> category(String field, String text) {
        return enumValue(Category.class, ResultCode.UNKNOWN_CATEGORY, field, text);
    }

    public static Outcome<Scheme> scheme(String field, String text) {
        return enumValue(Scheme.class, ResultCode.UNKNOWN_SCHEME, field, text);
    }

    public static Outcome<Document> document(String field, String text) {
        return enumValue(Document.class, ResultCode.UNKNOWN_DOCUMENT, field, text);
    }

    /** A visit from its text fields; {@code specialDisease} may be null. */
    public static Outcome<Visit> visit(String id, String date, String type, String level, String total,
                                       String outOfScope, String priorSelfPay, String specialDisease) {
        if (id == null || id.isBlank()) {
            return Outcome.rejected(ResultCode.INVALID_ARGUMENT, "id", "id (the settlement id) is required");
        }
        Outcome<Long> t = amountFen("total", total);
        if (!t.isOk()) return Outcome.rejected(t.rejection());
        Outcome<Long> o = amountFen("outOfScope", outOfScope);
        if (!o.isOk()) return Outcome.rejected(o.rejection());
        Outcome<Long> p = amountFen("priorSelfPay", priorSelfPay);
        if (!p.isOk()) return Outcome.rejected(p.rejection());
        Outcome<LocalDate> d = date("date", date);
        if (!d.isOk()) return Outcome.rejected(d.rejection());
        Outcome<VisitType> vt = visitType("type", type);
        if (!vt.isOk()) return Outcome.rejected(vt.rejection());
        Outcome<HospitalLevel> hl = hospitalLevel("hospitalLevel", level);
        if (!hl.isOk()) return Outcome.rejected(hl.rejection());
        return Visit.of(id, d.value(), vt.value(), hl.value(), t.value(), o.value(), p.value(), specialDisease);
    }

    private static <E extends Enum<E>> Outcome<E> enumValue(Class<E> type, ResultCode code, String field, String text) {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(text)) return Outcome.ok(e);
            }
        }
        return Outcome.rejected(code, field, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                + ", got " + quote(text));
    }

    /**
     * A caller's text for a message: quoted, at most 40 characters, control and invisible formatting
     * characters (such as U+202E, which reverses what follows) shown as '?'.
     */
    public static String quote(String text) {
        if (text == null) return "nothing";
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        StringBuilder s = new StringBuilder(shown.length() + 2).append('"');
        shown.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean hidden = Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
            if (hidden) s.append('?');
            else s.appendCodePoint(cp);
        });
        return s.append('"').toString();
    }
}
