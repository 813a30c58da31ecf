package onestop.agent.adapters.http;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import onestop.agent.domain.AgentException;
import onestop.engine.application.Inputs;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.money.Money;

/**
 * A request body read strictly, field by field, so that every mistake is one clear answer naming the field: a body
 * that is not a JSON object, a field this request does not have (a typo in an HIS integration is caught at once), a
 * wrong type, a missing value, an amount that is not a decimal string like "123.45".
 */
final class JsonRequest {
    private final JsonNode node;
    private final String prefix;

    private JsonRequest(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static JsonRequest parse(JsonMapper json, String body, Set<String> fields) {
        if (body == null || body.isBlank()) throw AgentException.invalid("", "the request needs a JSON object body");
        JsonNode n;
        try {
            n = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw AgentException.invalid("", "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) throw AgentException.invalid("", "the body must be a JSON object");
        return new JsonRequest(n, "").only(fields);
    }

    /** Like {@link #parse}, but no body (or a blank one) is an empty object: for requests whose fields are all optional. */
    static JsonRequest parseOptional(JsonMapper json, String body, Set<String> fields) {
        if (body == null || body.isBlank()) return new JsonRequest(JsonNode.createObjectNode(Map.of()), "");
        return parse(json, body, fields);
    }

    /** Refuses any field not in {@code fields}, naming it. */
    JsonRequest only(Set<String> fields) {
        for (Map.Entry<String, JsonNode> e : node.entries()) {
            if (!fields.contains(e.getKey())) {
                throw AgentException.invalid(prefix + e.getKey(), prefix + Inputs.quote(e.getKey()) + " is not a field of this request (fields: "
                        + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
            }
        }
        return this;
    }

    private JsonNode raw(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    String text(String field, boolean required, int maxChars) {
        JsonNode v = raw(field);
        String name = prefix + field;
        if (v == null) {
            if (required) throw AgentException.invalid(name, name + " is required");
            return "";
        }
        if (!v.isString()) throw AgentException.invalid(name, name + " must be a string");
        String s = v.getStringValue();
        if (required && s.isBlank()) throw AgentException.invalid(name, name + " is required");
        if (s.length() > maxChars) throw AgentException.invalid(name, name + " is longer than " + maxChars + " characters");
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) throw AgentException.invalid(name, name + " contains a control character");
        }
        return s;
    }

    /** Text as a device typed it (a scanner's trailing Enter included), bounded; the reader it goes to checks it. */
    String scanned(String field, int maxChars) {
        JsonNode v = raw(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!v.isString()) throw AgentException.invalid(name, name + " must be a string");
        String s = v.getStringValue();
        if (s.length() > maxChars) throw AgentException.invalid(name, name + " is longer than " + maxChars + " characters");
        return s;
    }

    /** A whole JSON number from {@code min} to {@code max}; absent is {@code dflt}. */
    long integer(String field, long min, long max, long dflt) {
        JsonNode v = raw(field);
        String name = prefix + field;
        if (v == null) return dflt;
        Number n = v.isNumber() ? v.getNumberValue() : null;
        // 1.5, 1e3 and "100" are refused alike: the field is a count, written as one
        boolean whole = n instanceof Integer || n instanceof Long || n instanceof BigInteger;
        BigInteger value = whole ? new BigInteger(n.toString()) : null;
        if (value == null || value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw AgentException.invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
        return value.longValue();
    }

    boolean bool(String field) {
        JsonNode v = raw(field);
        if (v == null) return false;
        if (!v.isBoolean()) throw AgentException.invalid(prefix + field, prefix + field + " must be true or false");
        return v.getBooleanValue();
    }

    /** An amount as SETTLEMENT.md writes it, sent as a string ("123.45") so that no JSON number is ever rounded. */
    long amountFen(String field, boolean required) {
        JsonNode v = raw(field);
        String name = prefix + field;
        if (v == null) {
            if (required) throw new AgentException(ResultCode.INVALID_AMOUNT, name, name + " is required (an amount like \"123.45\")");
            return 0;
        }
        if (!v.isString()) {
            throw new AgentException(ResultCode.INVALID_AMOUNT, name, name + " must be a decimal string like \"123.45\", not a JSON number");
        }
        long fen = Money.parseOrMinusOne(v.getStringValue());
        if (fen < 0) {
            throw new AgentException(ResultCode.INVALID_AMOUNT, name, name + " must be an amount like \"123.45\" between 0 and 1000000000.00, got "
                    + Inputs.quote(v.getStringValue()));
        }
        return fen;
    }

    /** A canonical GB 11643 ID number (a typed lower-case x is upper-cased). */
    String idNumber(String field) {
        String typed = text(field, true, 32);
        return IdNumber.canonical(typed.strip()).orElseThrow(() -> new AgentException(ResultCode.INVALID_ID_NUMBER, prefix + field,
                prefix + field + " is not a valid GB 11643 ID number"));
    }

    /** One of the documents a person shows; absent is {@code dflt}, or required when that is null. */
    Document document(String field, Document dflt) {
        String text = text(field, dflt == null, 32);
        if (text.isEmpty()) return dflt;
        try {
            return Document.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new AgentException(ResultCode.UNKNOWN_DOCUMENT, prefix + field, prefix + field + " must be one of "
                    + String.join(", ", java.util.Arrays.stream(Document.values()).map(Enum::name).toList()));
        }
    }

    LocalDate date(String field, LocalDate dflt) {
        String s = text(field, false, 10);
        if (s.isEmpty()) {
            if (dflt != null) return dflt;
            throw new AgentException(ResultCode.INVALID_DATE, prefix + field, prefix + field + " is required (a date like 2024-06-10)");
        }
        var d = Inputs.date(prefix + field, s);
        if (!d.isOk()) throw AgentException.of(d.rejection());
        return d.value();
    }

    JsonRequest object(String field, Set<String> fields) {
        JsonNode v = raw(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!v.isObject()) throw AgentException.invalid(name, name + " must be an object");
        return new JsonRequest(v, name + ".").only(fields);
    }
}
