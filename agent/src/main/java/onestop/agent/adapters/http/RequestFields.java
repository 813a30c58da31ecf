package onestop.agent.adapters.http;

import java.time.LocalDate;
import java.util.Set;
import onestop.agent.domain.AgentException;
import onestop.engine.application.Inputs;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Document;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.money.Money;

/**
 * A request's fields read strictly, each mistake one {@link AgentException} naming the field in the API's words
 * ({@code visit.total}): the HIS's JSON bodies ({@link JsonRequest}) and the cashier page's forms alike, so that both
 * check a bill the same way.
 */
public abstract class RequestFields {
    /** Before every field name of this (nested) object, e.g. {@code "visit."}. */
    protected final String prefix;

    protected RequestFields(String prefix) {
        this.prefix = prefix;
    }

    /** The field's value as text; null when absent; a value of the wrong kind is refused naming the field. */
    protected abstract String raw(String field);

    /** As {@link #raw}, for an amount (a JSON body must send it as a string, never a number that could be rounded). */
    protected String rawAmount(String field) {
        return raw(field);
    }

    public abstract boolean bool(String field);

    /** A nested object of the request with its own fields ({@code visit}). */
    public abstract RequestFields object(String field, Set<String> fields);

    public String text(String field, boolean required, int maxChars) {
        String s = raw(field);
        String name = prefix + field;
        if (s == null) {
            if (required) throw AgentException.invalid(name, name + " is required");
            return "";
        }
        if (required && s.isBlank()) throw AgentException.invalid(name, name + " is required");
        if (s.length() > maxChars) throw AgentException.invalid(name, name + " is longer than " + maxChars + " characters");
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) throw AgentException.invalid(name, name + " contains a control character");
        }
        return s;
    }

    /** An amount as SETTLEMENT.md writes it ("123.45"). */
    public long amountFen(String field, boolean required) {
        String s = rawAmount(field);
        String name = prefix + field;
        if (s == null) {
            if (required) throw new AgentException(ResultCode.INVALID_AMOUNT, name, name + " is required (an amount like \"123.45\")");
            return 0;
        }
        long fen = Money.parseOrMinusOne(s);
        if (fen < 0) {
            throw new AgentException(ResultCode.INVALID_AMOUNT, name, name + " must be an amount like \"123.45\" between 0 and 1000000000.00, got "
                    + Inputs.quote(s));
        }
        return fen;
    }

    /** A canonical GB 11643 ID number (a typed lower-case x is upper-cased). */
    public String idNumber(String field) {
        String typed = text(field, true, 32);
        return IdNumber.canonical(typed.strip()).orElseThrow(() -> new AgentException(ResultCode.INVALID_ID_NUMBER, prefix + field,
                prefix + field + " is not a valid GB 11643 ID number"));
    }

    /** One of the documents a person shows; absent is {@code dflt}, or required when that is null. */
    public Document document(String field, Document dflt) {
        String text = text(field, dflt == null, 32);
        if (text.isEmpty()) return dflt;
        try {
            return Document.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new AgentException(ResultCode.UNKNOWN_DOCUMENT, prefix + field, prefix + field + " must be one of "
                    + String.join(", ", java.util.Arrays.stream(Document.values()).map(Enum::name).toList()));
        }
    }

    public LocalDate date(String field, LocalDate dflt) {
        String s = text(field, false, 32); // a longer one is a wrong date (INVALID_DATE, said by Inputs.date), not a long text
        if (s.isEmpty()) {
            if (dflt != null) return dflt;
            throw new AgentException(ResultCode.INVALID_DATE, prefix + field, prefix + field + " is required (a date like 2024-06-10)");
        }
        var d = Inputs.date(prefix + field, s);
        if (!d.isOk()) throw AgentException.of(d.rejection());
        return d.value();
    }
}
