package onestop.console.application;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.money.Money;

/**
 * A form's fields checked before anything is sent: each refusal names the field and says in Chinese what is wrong.
 * Fields are read as typed (trimmed); an empty box is absent.
 */
public final class Checks {
    private final Map<String, String> form;

    public Checks(Map<String, String> form) {
        this.form = form;
    }

    /** The field as typed, trimmed; "" when absent. */
    public String raw(String field) {
        String v = form.get(field);
        return v == null ? "" : v.strip();
    }

    public boolean ticked(String field) {
        String v = raw(field);
        return v.equals("on") || v.equals("true") || v.equals("1") || v.equals("yes");
    }

    /** Text of at most {@code max} characters, no control characters; "" allowed unless required. */
    public String text(String field, String label, boolean required, int max) {
        String v = raw(field);
        if (v.isEmpty() && required) throw ConsoleException.field(field, "请填写" + label);
        if (v.length() > max) throw ConsoleException.field(field, label + "过长 (最多 " + max + " 个字)");
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw ConsoleException.field(field, label + "含有不可见字符, 请重新输入");
        return v;
    }

    public String date(String field, String label, boolean required) {
        String v = raw(field);
        if (v.isEmpty() && !required) return "";
        try {
            return LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            throw ConsoleException.field(field, label + "须为日期, 如 2024-06-10");
        }
    }

    public String month(String field, String label) {
        String v = raw(field);
        try {
            return YearMonth.parse(v).toString();
        } catch (DateTimeParseException e) {
            throw ConsoleException.field(field, label + "须为年月, 如 2024-06");
        }
    }

    public String quarter(String field, String label) {
        String v = raw(field).toUpperCase(java.util.Locale.ROOT);
        if (!v.matches("\\d{4}-Q[1-4]")) throw ConsoleException.field(field, label + "须为季度, 如 2024-Q2");
        return v;
    }

    /** An 18-character ID number passing the GB 11643 check (x upper-cased); "" when allowed empty. */
    public String idNumber(String field, String label, boolean required) {
        String v = raw(field).toUpperCase(java.util.Locale.ROOT);
        if (v.isEmpty() && !required) return "";
        if (!IdNumber.isValid(v)) throw ConsoleException.field(field, label + "不是有效的居民身份证号码 (18 位, 末位可为 X)");
        return v;
    }

    /** An amount in yuan as SETTLEMENT.md writes it, as fen. */
    public long fen(String field, String label, boolean required) {
        String v = raw(field);
        if (v.isEmpty() && !required) return 0;
        long fen = Money.parseOrMinusOne(v);
        if (fen < 0) throw ConsoleException.field(field, label + "须为金额, 如 1234.50 (最多两位小数)");
        return fen;
    }

    public int integer(String field, String label, int min, int max, int absent) {
        String v = raw(field);
        if (v.isEmpty()) return absent;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw ConsoleException.field(field, label + "须为 " + min + " 至 " + max + " 的整数");
    }

    /** A code matching {@code pattern}, e.g. a hospital code. */
    public String code(String field, String label, String pattern, String hint, boolean required) {
        String v = raw(field);
        if (v.isEmpty() && !required) return "";
        if (v.isEmpty()) throw ConsoleException.field(field, "请填写" + label);
        if (!v.matches(pattern)) throw ConsoleException.field(field, label + hint);
        return v;
    }

    /** One of the choices offered (a select's value). */
    public String choice(String field, String label, java.util.Collection<String> choices, boolean required) {
        String v = raw(field);
        if (v.isEmpty() && !required) return "";
        if (!choices.contains(v)) throw ConsoleException.field(field, "请选择" + label);
        return v;
    }

    /** A from-to date range of at most {@code maxDays}. */
    public static void range(String from, String to, String toField, int maxDays) {
        if (from.isEmpty() || to.isEmpty()) return;
        LocalDate a = LocalDate.parse(from);
        LocalDate b = LocalDate.parse(to);
        if (b.isBefore(a)) throw ConsoleException.field(toField, "结束日期不能早于开始日期");
        if (a.plusDays(maxDays).isBefore(b)) throw ConsoleException.field(toField, "日期范围最长 " + maxDays + " 天");
    }
}
