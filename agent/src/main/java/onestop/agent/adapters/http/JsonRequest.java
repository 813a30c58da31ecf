package onestop.agent.adapters.http;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import onestop.agent.domain.AgentException;
import onestop.engine.application.Inputs;
import onestop.engine.domain.ResultCode;

/**
 * A JSON request body read strictly, field by field, so that every mistake is one clear answer naming the field: a body
 * that is not a JSON object, a field this request does not have (a typo in an HIS integration is caught at once), a
 * wrong type, a missing value, an amount that is not a decimal string like "123.45".
 */
final class JsonRequest extends RequestFields {
    private final JsonNode node;

    private JsonRequest(JsonNode node, String prefix) {
        super(prefix);
        this.node = node;
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

    private JsonNode node(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** Text as a device typed it (a scanner's trailing Enter included), bounded; the reader it goes to checks it. */
    String scanned(String field, int maxChars) {
        JsonNode v = node(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!v.isString()) throw AgentException.invalid(name, name + " must be a string");
        String s = v.getStringValue();
        if (s.length() > maxChars) throw AgentException.invalid(name, name + " is longer than " + maxChars + " characters");
        return s;
    }

    /** A whole JSON number from {@code min} to {@code max}; absent is {@code dflt}. */
    long integer(String field, long min, long max, long dflt) {
        JsonNode v = node(field);
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

    /** The field's string; {@code notAString} is the answer to any other JSON type. */
    private String string(String field, java.util.function.Supplier<AgentException> notAString) {
        JsonNode v = node(field);
        if (v == null) return null;
        if (!v.isString()) throw notAString.get();
        return v.getStringValue();
    }

    @Override
    protected String raw(String field) {
        return string(field, () -> AgentException.invalid(prefix + field, prefix + field + " must be a string"));
    }

    @Override
    protected String rawAmount(String field) {
        return string(field, () -> new AgentException(ResultCode.INVALID_AMOUNT, prefix + field, prefix + field
                + " must be a decimal string like \"123.45\", not a JSON number"));
    }

    @Override
    public boolean bool(String field) {
        JsonNode v = node(field);
        if (v == null) return false;
        if (!v.isBoolean()) throw AgentException.invalid(prefix + field, prefix + field + " must be true or false");
        return v.getBooleanValue();
    }

    @Override
    public JsonRequest object(String field, Set<String> fields) {
        JsonNode v = node(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!v.isObject()) throw AgentException.invalid(name, name + " must be an object");
        return new JsonRequest(v, name + ".").only(fields);
    }
}
