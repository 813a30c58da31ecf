package onestop.agent.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.agent.domain.AgentException;
import onestop.engine.application.Inputs;
import onestop.engine.domain.ResultCode;

/**
 * A request body read strictly, field by field, so that every mistake is one clear answer naming the field: a body
 * that is not one JSON object, a field this request does not have (a typo in an HIS integration is caught at once) or
 * has twice, a wrong type, a missing value, an amount that is not a decimal string like "123.45", text that was not
 * UTF-8 (the U+FFFD the framework decodes broken bytes to: a GBK name would otherwise be stored as garbage).
 *
 * <p>Codes: what is wrong with the request's shape (not JSON, an unknown or repeated field, a wrong JSON type, a
 * missing or over-long value) is INVALID_ARGUMENT; a value of the right type that is not a valid one has its own code
 * (INVALID_ID_NUMBER, INVALID_DATE, UNKNOWN_DOCUMENT...). Amounts answer INVALID_AMOUNT for every mistake, and a
 * missing required date INVALID_DATE.
 */
final class JsonRequest extends RequestFields {
    /** Deeper than any request of this API: a body nested beyond it is refused before it costs stack. */
    static final int MAX_DEPTH = 16;
    /** Longer field names are shown cut in answers (the field still names itself; an answer stays small). */
    static final int MAX_SHOWN_NAME = 64;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
            .build();

    /** The body as plain values: Map (object), List, String, Long or BigInteger, BigDecimal, Boolean; JSON null is null. */
    private final Map<String, Object> node;

    private JsonRequest(Map<String, Object> node, String prefix) {
        super(prefix);
        this.node = node;
    }

    static JsonRequest parse(String body, Set<String> fields) {
        if (body == null || body.isBlank()) throw AgentException.invalid("", "the request needs a JSON object body");
        JsonParser p;
        try {
            // a byte order mark (what some Windows HIS libraries write before UTF-8) is not part of the JSON
            p = JSON.createParser(body.charAt(0) == '\uFEFF' ? body.substring(1) : body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String has no I/O: a bug
        }
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw AgentException.invalid("", "the body must be a JSON object");
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(p, "");
            if (p.nextToken() != null) throw AgentException.invalid("", "the body holds more than one JSON value: one object only");
            return new JsonRequest(root, "").only(fields);
        } catch (StreamConstraintsException e) {
            String name = topLevelField(p);
            throw AgentException.invalid(name, (name.isEmpty() ? "the body" : name) + " is beyond what this API reads: nested deeper than "
                    + MAX_DEPTH + " levels, or a number of more than 64 digits");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw AgentException.invalid("", "the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String has no I/O: a bug
        }
    }

    /** The field of the body (at its top level) the parser was in when it stopped, or "". */
    private static String topLevelField(JsonParser p) {
        JsonStreamContext c = p.getParsingContext();
        while (c != null && c.getParent() != null && !c.getParent().inRoot()) c = c.getParent();
        return c != null && c.inObject() && c.getCurrentName() != null ? shown(c.getCurrentName()) : "";
    }

    /** Like {@link #parse}, but no body (or a blank one) is an empty object: for requests whose fields are all optional. */
    static JsonRequest parseOptional(String body, Set<String> fields) {
        if (body == null || body.isBlank()) return new JsonRequest(Map.of(), "");
        return parse(body, fields);
    }

    /** The value at the parser's current token, read whole; {@code path} names it in answers ("" the body). */
    private static Object value(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) throw AgentException.invalid("", "the body is not valid JSON (it ends too early)");
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String name = path.isEmpty() ? shown(key) : path + "." + shown(key);
                    utf8(name, key);
                    if (m.containsKey(key)) throw AgentException.invalid(name, name + " is given twice");
                    p.nextToken();
                    m.put(key, value(p, name));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(value(p, path + "[" + list.size() + "]"));
                return list;
            }
            case VALUE_STRING -> {
                String s = p.getText();
                utf8(path, s);
                return s;
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue(); // never a double: nothing is rounded on the way
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return t == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw AgentException.invalid(path, "unexpected " + t + " in the body");
        }
    }

    /** U+FFFD is what bytes that are not UTF-8 (a GBK name, say) were decoded to: refused, naming where they were. */
    private static void utf8(String name, String text) {
        if (text.indexOf('\uFFFD') >= 0) {
            throw AgentException.invalid(name, (name.isEmpty() ? "the body" : name) + " is not UTF-8 text (bytes in another encoding, such as GBK)");
        }
    }

    /** A caller's field name as answers show it: at most {@value #MAX_SHOWN_NAME} characters, control characters as '?'. */
    private static String shown(String key) {
        String cut = key.length() > MAX_SHOWN_NAME ? key.substring(0, MAX_SHOWN_NAME) + "…" : key;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }

    /** Refuses any field not in {@code fields}, naming it. */
    JsonRequest only(Set<String> fields) {
        for (String key : node.keySet()) {
            if (!fields.contains(key)) {
                throw AgentException.invalid(prefix + shown(key), prefix + Inputs.quote(key) + " is not a field of this request (fields: "
                        + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
            }
        }
        return this;
    }

    private Object node(String field) {
        return node.get(field);
    }

    @Override
    protected String raw(String field) {
        Object v = node(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw AgentException.invalid(prefix + field, prefix + field + " must be a string");
        return s;
    }

    @Override
    protected String rawAmount(String field) {
        Object v = node(field);
        if (v == null) return null;
        if (!(v instanceof String s)) {
            throw new AgentException(ResultCode.INVALID_AMOUNT, prefix + field, prefix + field + " must be a decimal string like \"123.45\""
                    + (v instanceof Number ? ", not a JSON number" : ""));
        }
        return s;
    }

    /** Text as a device typed it (a scanner's trailing Enter included), bounded; the reader it goes to checks it. */
    String scanned(String field, int maxChars) {
        Object v = node(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!(v instanceof String s)) throw AgentException.invalid(name, name + " must be a string");
        if (s.length() > maxChars) throw AgentException.invalid(name, name + " is longer than " + maxChars + " characters");
        return s;
    }

    /** A whole JSON number from {@code min} to {@code max}; absent is {@code dflt}. */
    long integer(String field, long min, long max, long dflt) {
        Object v = node(field);
        String name = prefix + field;
        if (v == null) return dflt;
        // 1.5, 1e3 and "100" are refused alike: the field is a count, written as one
        BigInteger value = v instanceof Long l ? BigInteger.valueOf(l) : v instanceof BigInteger b ? b : null;
        if (value == null || value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw AgentException.invalid(name, name + " must be a whole number from " + min + " to " + max);
        }
        return value.longValue();
    }

    @Override
    public boolean bool(String field) {
        Object v = node(field);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) throw AgentException.invalid(prefix + field, prefix + field + " must be true or false");
        return b;
    }

    @Override
    public JsonRequest object(String field, Set<String> fields) {
        Object v = node(field);
        String name = prefix + field;
        if (v == null) throw AgentException.invalid(name, name + " is required");
        if (!(v instanceof Map<?, ?> m)) throw AgentException.invalid(name, name + " must be an object");
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) m;
        return new JsonRequest(object, name + ".").only(fields);
    }
}
