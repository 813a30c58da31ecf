package onestop.agent.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import onestop.agent.cards.CardReader;
import onestop.agent.cards.SimulatedCardReader;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.StoreWrites;
import onestop.agent.testing.UnreachableServer;
import onestop.engine.domain.ResultCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HIS API in process, table-driven: malformed requests to every endpoint that takes a body (wrong JSON types for
 * every field, missing and unknown fields, bad amounts, dates, ID numbers and codes, huge, empty and non-JSON bodies,
 * wrong keys and content types). Each must be a 4xx {@code {code, field, message}} naming the offending field, with a
 * code of {@link ResultCode}, and must change nothing: no write to the local store (every write is recorded by
 * {@link StoreWrites}), no call to the server (counted by {@link UnreachableServer}), no card put in the simulated
 * reader. The base bodies the cases are made from are shown to be well-formed (they get past the parsing).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedApiRequestsTest implements TestPropertyProvider {
    static final String ZHANG = "341002195603121237";
    static final String JSON = "application/json";
    static final int MAX_BODY = 65_536; // micronaut.server.max-request-size in application.yml

    @Inject
    EmbeddedServer agent;

    @Inject
    UnreachableServer server;

    @Inject
    StoreWrites store;

    @Inject
    CardReader reader;

    @Inject
    JsonMapper json;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "unreachable");
        p.put("onestop.test.count-writes", "true");
        p.put("onestop.agent.card-reader.kind", "simulated");
        return p;
    }

    @BeforeAll
    void simulatedReader() {
        assertTrue(reader instanceof SimulatedCardReader, "the card cases need the simulated reader");
    }

    // ---- the table

    /** One request and what it must answer. {@code body} null: none sent; {@code key} null: no X-Api-Key. */
    record Case(String name, String method, String path, String contentType, String key, byte[] body, boolean chunked,
                int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Object REMOVE = new Object();

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static final Map<String, Object> VISIT = obj("settlement_id", "V-2", "date", "2024-06-10", "type", "INPATIENT",
            "hospital_level", "TERTIARY", "total", "12000.00", "out_of_scope", "500.00", "prior_self_pay", "0.00", "special_disease", "");

    /** An endpoint with a body, its well-formed base body and the kinds of its fields (dotted for the visit). */
    record Endpoint(String label, String path, Map<String, Object> base, Map<String, Kind> fields, List<String> required) {}

    enum Kind { TEXT, BOOL, AMOUNT, OBJECT }

    static Map<String, Kind> kinds(Object... kv) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Kind) kv[i + 1]);
        return m;
    }

    static final Map<String, Kind> VISIT_KINDS = kinds("visit", Kind.OBJECT, "visit.settlement_id", Kind.TEXT, "visit.date", Kind.TEXT,
            "visit.type", Kind.TEXT, "visit.hospital_level", Kind.TEXT, "visit.total", Kind.AMOUNT, "visit.out_of_scope", Kind.AMOUNT,
            "visit.prior_self_pay", Kind.AMOUNT, "visit.special_disease", Kind.TEXT);

    static Map<String, Kind> plus(Map<String, Kind> a, Map<String, Kind> b) {
        Map<String, Kind> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    static final Endpoint ELIGIBILITY = new Endpoint("eligibility", "/api/v1/eligibility",
            obj("id_number", ZHANG, "document", "ID_CARD", "date", "2024-06-10", "referral", false, "agreement_signed", true),
            kinds("id_number", Kind.TEXT, "document", Kind.TEXT, "date", Kind.TEXT, "referral", Kind.BOOL, "agreement_signed", Kind.BOOL),
            List.of("id_number", "document"));
    static final Endpoint ADMISSIONS = new Endpoint("admissions", "/api/v1/admissions",
            obj("id_number", ZHANG, "name", "张秀英", "document", "ID_CARD", "date", "2024-06-10", "referral", false, "agreement_signed", true),
            kinds("id_number", Kind.TEXT, "name", Kind.TEXT, "document", Kind.TEXT, "date", Kind.TEXT, "referral", Kind.BOOL,
                    "agreement_signed", Kind.BOOL),
            List.of("id_number", "document"));
    static final Endpoint PRE_SETTLEMENTS = new Endpoint("pre-settlements", "/api/v1/pre-settlements",
            obj("id_number", ZHANG, "visit", VISIT), plus(kinds("id_number", Kind.TEXT), VISIT_KINDS),
            List.of("id_number", "visit", "visit.settlement_id", "visit.date", "visit.type", "visit.total"));
    static final Endpoint SETTLEMENTS = new Endpoint("settlements", "/api/v1/settlements",
            obj("request_id", "his-0001", "id_number", ZHANG, "visit", VISIT), plus(kinds("request_id", Kind.TEXT, "id_number", Kind.TEXT),
            VISIT_KINDS), List.of("request_id", "id_number", "visit", "visit.settlement_id", "visit.date", "visit.type", "visit.total"));
    static final Endpoint REVERSAL = new Endpoint("reversal", "/api/v1/settlements/V-2/reversal",
            obj("request_id", "his-0002", "reason", "录入错误"), kinds("request_id", Kind.TEXT, "reason", Kind.TEXT),
            List.of("request_id", "reason"));
    static final Endpoint MANUAL = new Endpoint("card/manual", "/api/v1/card/manual",
            obj("id_number", ZHANG, "name", "张秀英", "document", "ID_CARD"), kinds("id_number", Kind.TEXT, "name", Kind.TEXT,
            "document", Kind.TEXT), List.of("id_number"));
    static final Endpoint VOUCHER = new Endpoint("card/voucher", "/api/v1/card/voucher", obj("code", "OSEV1.Zmxvd2Vy.c2lnbmVk"),
            kinds("code", Kind.TEXT), List.of("code"));
    static final Endpoint SIMULATED = new Endpoint("card/simulated", "/api/v1/card/simulated",
            obj("document", "SOCIAL_SECURITY_CARD", "id_number", ZHANG, "name", "张秀英"), kinds("document", Kind.TEXT,
            "id_number", Kind.TEXT, "name", Kind.TEXT), List.of("id_number"));
    static final List<Endpoint> ENDPOINTS = List.of(ELIGIBILITY, ADMISSIONS, PRE_SETTLEMENTS, SETTLEMENTS, REVERSAL, MANUAL, VOUCHER, SIMULATED);

    /** A copy of {@code base} with the dotted {@code path} set to {@code value} ({@link #REMOVE}: taken out). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> base, String path, Object value) {
        Map<String, Object> copy = deepCopy(base);
        String[] parts = path.split("\\.");
        Map<String, Object> m = copy;
        for (int i = 0; i < parts.length - 1; i++) m = (Map<String, Object>) m.get(parts[i]);
        if (value == REMOVE) m.remove(parts[parts.length - 1]);
        else m.put(parts[parts.length - 1], value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v instanceof Map<?, ?> sub ? deepCopy((Map<String, Object>) sub) : v));
        return c;
    }

    /** JSON text of maps, lists, strings, numbers, booleans and null (strings escaped as RFC 8259 says). */
    static String write(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> write(e.getKey()) + ":" + write(e.getValue())).collect(Collectors.joining(",", "{", "}"));
        }
        if (v instanceof List<?> l) return l.stream().map(MalformedApiRequestsTest::write).collect(Collectors.joining(",", "[", "]"));
        throw new IllegalArgumentException(v.getClass().toString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Case post(String name, String path, Object body, int status, String code, String field) {
        byte[] bytes = body == null ? null : body instanceof byte[] b ? b : utf8(body instanceof String s ? s : write(body));
        return new Case(name, "POST", path, JSON, AgentTestProperties.API_KEY, bytes, false, status, code, field);
    }

    static Case bad(Endpoint e, String what, Object body, String code, String field) {
        return post(e.label() + ": " + what, e.path(), body, 400, code, field);
    }

    /** A valid GB 11643 number from its first 17 digits: the check character computed here, as the standard says. */
    static String withCheck(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * weights[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            // every field with a wrong JSON type, twice
            e.fields().forEach((field, kind) -> {
                List<Object> wrong = switch (kind) {
                    case TEXT -> List.of(12345, List.of("x"));
                    case BOOL -> List.of("true", 1);
                    case AMOUNT -> List.of(new java.math.BigDecimal("12.30"), false);
                    case OBJECT -> List.of("V-2", List.of());
                };
                String code = kind == Kind.AMOUNT ? "INVALID_AMOUNT" : "INVALID_ARGUMENT";
                for (Object w : wrong) cases.add(bad(e, field + " as " + write(w), with(e.base(), field, w), code, field));
            });
            // every required field missing, and given as null
            for (String field : e.required()) {
                String code = field.equals("visit.total") ? "INVALID_AMOUNT" : field.equals("visit.date") ? "INVALID_DATE" : "INVALID_ARGUMENT";
                cases.add(bad(e, field + " missing", with(e.base(), field, REMOVE), code, field));
                cases.add(bad(e, field + " null", with(e.base(), field, null), code, field));
            }
            // a field this request does not have
            cases.add(bad(e, "unknown field", with(e.base(), "hospital", "H341002001"), "INVALID_ARGUMENT", "hospital"));
            // no body, a blank one, not JSON, not an object, two values, a field twice
            cases.add(post(e.label() + ": no body", e.path(), null, 400, "INVALID_ARGUMENT", ""));
            cases.add(bad(e, "blank body", "  \r\n ", "INVALID_ARGUMENT", ""));
            cases.add(bad(e, "cut-off JSON", write(e.base()).substring(0, 20), "INVALID_ARGUMENT", ""));
            cases.add(bad(e, "an array", "[" + write(e.base()) + "]", "INVALID_ARGUMENT", ""));
            cases.add(bad(e, "two objects", write(e.base()) + " {}", "INVALID_ARGUMENT", ""));
            String first = e.base().keySet().iterator().next();
            String twice = "{" + write(first) + ":" + write(e.base().get(first)) + "," + write(e.base()).substring(1);
            cases.add(bad(e, "a field twice", twice, "INVALID_ARGUMENT", first));
        }

        Endpoint el = ELIGIBILITY;
        Endpoint se = SETTLEMENTS;
        cases.add(bad(el, "typo idNumber", with(with(el.base(), "id_number", REMOVE), "idNumber", ZHANG), "INVALID_ARGUMENT", "idNumber"));
        cases.add(bad(el, "a 3000-character field name", obj("k".repeat(3000), 1), "INVALID_ARGUMENT", "k".repeat(JsonRequest.MAX_SHOWN_NAME) + "…"));
        cases.add(bad(el, "JSON text", "\"341002195603121237\"", "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "JSON null", "null", "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "a number", "42", "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "XML as text", "<eligibility><id_number>" + ZHANG + "</id_number></eligibility>", "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "object nested 20 deep", with(el.base(), "referral", nested(20)), "INVALID_ARGUMENT", "referral"));
        cases.add(bad(se, "visit nested 20 deep", with(se.base(), "visit.special_disease", nested(20)), "INVALID_ARGUMENT", "visit"));
        cases.add(bad(el, "a raw control character", "{\"id_number\": \"3410021956031212\u000137\"}", "INVALID_ARGUMENT", ""));
        cases.add(bad(el, "an escaped control character", with(el.base(), "id_number", ZHANG + "\u0000"), "INVALID_ARGUMENT", "id_number"));
        cases.add(bad(el, "a number too long to read", "{\"referral\": " + "9".repeat(2000) + "}", "INVALID_ARGUMENT", "referral"));
        // dates
        for (String d : new String[] {"2024-02-30", "2024/06/10", "20240610", "2024-6-10", "2024-06-100", "10-06-2024", "yesterday", "2024-06-10T08:00"}) {
            cases.add(bad(el, "date " + d, with(el.base(), "date", d), "INVALID_DATE", "date"));
        }
        // ID numbers
        String[] badIds = {"341002195603121238", "34100219560312123", "3410021956031212371", "34100219560312123A", "ABCDEFGHIJKLMNOPQR",
            withCheck("34100219561332123"), withCheck("34100219560230123"), "341002 195603121237", "", "３４１００２１９５６０３１２１２３７"};
        for (String id : badIds) {
            String code = id.isEmpty() ? "INVALID_ARGUMENT" : "INVALID_ID_NUMBER";
            cases.add(bad(el, "id_number " + id, with(el.base(), "id_number", id), code, "id_number"));
        }
        cases.add(bad(el, "id_number of 40 characters", with(el.base(), "id_number", "3".repeat(40)), "INVALID_ARGUMENT", "id_number"));
        // documents
        for (String doc : new String[] {"id_card", "PASSPORT", "ID CARD", "身份证"}) {
            cases.add(bad(el, "document " + doc, with(el.base(), "document", doc), "UNKNOWN_DOCUMENT", "document"));
        }

        Endpoint ad = ADMISSIONS;
        cases.add(bad(ad, "id_number check digit", with(ad.base(), "id_number", "341002195603121230"), "INVALID_ID_NUMBER", "id_number"));
        cases.add(bad(ad, "name of 101 characters", with(ad.base(), "name", "张".repeat(101)), "INVALID_ARGUMENT", "name"));
        cases.add(bad(ad, "name with a bell", with(ad.base(), "name", "张秀\u0007英"), "INVALID_ARGUMENT", "name"));
        cases.add(bad(ad, "name in GBK", gbk(write(ad.base()), "张秀英"), "INVALID_ARGUMENT", "name"));
        cases.add(bad(ad, "date 2024-13-01", with(ad.base(), "date", "2024-13-01"), "INVALID_DATE", "date"));
        cases.add(bad(ad, "document PASSPORT", with(ad.base(), "document", "PASSPORT"), "UNKNOWN_DOCUMENT", "document"));

        for (Endpoint e : List.of(PRE_SETTLEMENTS, SETTLEMENTS)) {
            // amounts
            for (String a : new String[] {"12.345", "-1", "-0.01", "1e3", "abc", "", " 12.00", "12.", ".5", "+1", "1,000.00", "0x10",
                "1000000000.01", "99999999999", "１２.００", "NaN"}) {
                cases.add(bad(e, "visit.total " + a, with(e.base(), "visit.total", a), "INVALID_AMOUNT", "visit.total"));
            }
            cases.add(bad(e, "visit.out_of_scope 0.001", with(e.base(), "visit.out_of_scope", "0.001"), "INVALID_AMOUNT", "visit.out_of_scope"));
            cases.add(bad(e, "visit.prior_self_pay -5", with(e.base(), "visit.prior_self_pay", "-5"), "INVALID_AMOUNT", "visit.prior_self_pay"));
            cases.add(bad(e, "visit.total as a huge number", with(e.base(), "visit.total", new java.math.BigInteger("1".repeat(40))),
                    "INVALID_AMOUNT", "visit.total"));
            // the parts over the total
            cases.add(bad(e, "out_of_scope over the total", with(e.base(), "visit.out_of_scope", "12000.01"), "INVALID_AMOUNT", "visit.out_of_scope"));
            cases.add(bad(e, "out_of_scope plus prior_self_pay over the total",
                    with(with(e.base(), "visit.out_of_scope", "6000.00"), "visit.prior_self_pay", "6000.01"), "INVALID_AMOUNT", "visit.prior_self_pay"));
            // dates, codes, ids
            cases.add(bad(e, "visit.date 2024-13-01", with(e.base(), "visit.date", "2024-13-01"), "INVALID_DATE", "visit.date"));
            cases.add(bad(e, "visit.date empty", with(e.base(), "visit.date", ""), "INVALID_DATE", "visit.date"));
            cases.add(bad(e, "visit.date 2024.06.10", with(e.base(), "visit.date", "2024.06.10"), "INVALID_DATE", "visit.date"));
            cases.add(bad(e, "visit.type inpatient", with(e.base(), "visit.type", "inpatient"), "UNKNOWN_VISIT_TYPE", "visit.type"));
            cases.add(bad(e, "visit.type EMERGENCY", with(e.base(), "visit.type", "EMERGENCY"), "UNKNOWN_VISIT_TYPE", "visit.type"));
            cases.add(bad(e, "visit.hospital_level QUATERNARY", with(e.base(), "visit.hospital_level", "QUATERNARY"),
                    "UNKNOWN_HOSPITAL_LEVEL", "visit.hospital_level"));
            cases.add(bad(e, "visit.settlement_id with a space", with(e.base(), "visit.settlement_id", "V 2"), "INVALID_ARGUMENT", "visit.settlement_id"));
            cases.add(bad(e, "visit.settlement_id of 65", with(e.base(), "visit.settlement_id", "V".repeat(65)), "INVALID_ARGUMENT", "visit.settlement_id"));
            cases.add(bad(e, "visit.settlement_id in GBK", gbk(write(with(e.base(), "visit.settlement_id", "住院2")), "住院2"), "INVALID_ARGUMENT",
                    "visit.settlement_id"));
            cases.add(bad(e, "unknown visit field", with(e.base(), "visit.discount", "10.00"), "INVALID_ARGUMENT", "visit.discount"));
            cases.add(bad(e, "visit field twice", write(e.base()).replace("\"total\":\"12000.00\"", "\"total\":\"12000.00\",\"total\":\"1.00\""),
                    "INVALID_ARGUMENT", "visit.total"));
            cases.add(bad(e, "id_number letters", with(e.base(), "id_number", "34100219560312123Y"), "INVALID_ID_NUMBER", "id_number"));
        }
        cases.add(bad(PRE_SETTLEMENTS, "a request_id (pre-settlement has none)", with(PRE_SETTLEMENTS.base(), "request_id", "his-9"),
                "INVALID_ARGUMENT", "request_id"));
        for (String id : new String[] {"his 0001", "his/0001", "流水1", "r".repeat(65)}) {
            cases.add(bad(se, "request_id " + id, with(se.base(), "request_id", id), "INVALID_ARGUMENT", "request_id"));
        }

        Endpoint rv = REVERSAL;
        cases.add(bad(rv, "request_id with a space", with(rv.base(), "request_id", "his 2"), "INVALID_ARGUMENT", "request_id"));
        cases.add(bad(rv, "reason blank", with(rv.base(), "reason", "   "), "INVALID_ARGUMENT", "reason"));
        cases.add(bad(rv, "reason of 201 characters", with(rv.base(), "reason", "错".repeat(201)), "INVALID_ARGUMENT", "reason"));
        cases.add(post("reversal: settlement id with a space", "/api/v1/settlements/V%202/reversal", rv.base(), 400, "INVALID_ARGUMENT", "settlement_id"));
        cases.add(post("reversal: settlement id of 65", "/api/v1/settlements/" + "V".repeat(65) + "/reversal", rv.base(), 400, "INVALID_ARGUMENT",
                "settlement_id"));

        Endpoint mn = MANUAL;
        cases.add(bad(mn, "id_number check digit", with(mn.base(), "id_number", "341002195603121273"), "INVALID_ID_NUMBER", "id_number"));
        cases.add(bad(mn, "id_number short", with(mn.base(), "id_number", "3410021956"), "INVALID_ID_NUMBER", "id_number"));
        cases.add(bad(mn, "document E_VOUCHER", with(mn.base(), "document", "E_VOUCHER"), "INVALID_ARGUMENT", "document"));
        cases.add(bad(mn, "document id_card", with(mn.base(), "document", "id_card"), "UNKNOWN_DOCUMENT", "document"));
        cases.add(bad(mn, "name in GBK", gbk(write(mn.base()), "张秀英"), "INVALID_ARGUMENT", "name"));

        Endpoint vo = VOUCHER;
        cases.add(bad(vo, "code of 2000 characters", with(vo.base(), "code", "A".repeat(2000)), "INVALID_ARGUMENT", "code"));
        for (String code : new String[] {"", "  ", "OSEV1.电子凭证", "OSEV1.\u0007.x", "A".repeat(513)}) { // refused before the server is asked
            cases.add(bad(vo, "code " + write(code), with(vo.base(), "code", code), "VOUCHER_INVALID", "code"));
        }
        cases.add(post("vouchers (the earlier name): code as a number", "/api/v1/vouchers", obj("code", 42), 400, "INVALID_ARGUMENT", "code"));

        Endpoint si = SIMULATED;
        cases.add(bad(si, "id_number check digit", with(si.base(), "id_number", "341002195603121238"), "INVALID_ID_NUMBER", "id_number"));
        cases.add(bad(si, "document PASSPORT", with(si.base(), "document", "PASSPORT"), "UNKNOWN_DOCUMENT", "document"));
        cases.add(bad(si, "error BROKEN", obj("error", "BROKEN"), "INVALID_ARGUMENT", "error"));
        cases.add(bad(si, "error as a number", obj("error", 5), "INVALID_ARGUMENT", "error"));
        cases.add(bad(si, "error with an id_number", obj("error", "CARD_REMOVED", "id_number", ZHANG), "INVALID_ARGUMENT", "id_number"));

        for (Object t : new Object[] {"100", new java.math.BigDecimal("1.5"), 0, 30001, new java.math.BigDecimal("1E+3"), true, -1}) {
            cases.add(post("card/read: timeout_millis " + write(t), "/api/v1/card/read", obj("timeout_millis", t), 400, "INVALID_ARGUMENT",
                    "timeout_millis"));
        }
        cases.add(post("card/read: unknown field", "/api/v1/card/read", obj("timeout", 5), 400, "INVALID_ARGUMENT", "timeout"));

        // the settlement look-ups: a bad id in the path is refused before the server is asked
        cases.add(get("settlement: id with a space", "/api/v1/settlements/V%202", 400, "INVALID_ARGUMENT", "settlement_id"));
        cases.add(get("statement: id of 65", "/api/v1/settlements/" + "V".repeat(65) + "/statement", 400, "INVALID_ARGUMENT", "settlement_id"));

        // huge bodies: over micronaut.server.max-request-size, with a Content-Length and chunked
        String huge = write(with(el.base(), "referral", "x".repeat(MAX_BODY)));
        cases.add(post("eligibility: a body over 64 KiB", el.path(), huge, 413, "INVALID_ARGUMENT", ""));
        cases.add(chunked(post("settlements: a body over 64 KiB, chunked", se.path(), write(with(se.base(), "visit.special_disease",
                "x".repeat(MAX_BODY))), 413, "INVALID_ARGUMENT", "")));
        cases.add(chunked(post("card/manual: a body over 64 KiB of zero bytes, chunked", mn.path(), new byte[MAX_BODY + 1], 413, "INVALID_ARGUMENT", "")));

        // the key
        for (Endpoint e : List.of(ELIGIBILITY, SETTLEMENTS, REVERSAL, SIMULATED)) {
            Case ok = post(e.label(), e.path(), e.base(), 401, "UNAUTHENTICATED", "X-Api-Key");
            cases.add(withKey(ok, e.label() + ": no X-Api-Key", null));
            cases.add(withKey(ok, e.label() + ": a wrong X-Api-Key", "wrong-key-0123456789"));
        }
        cases.add(withKey(post("pre-settlements", PRE_SETTLEMENTS.path(), PRE_SETTLEMENTS.base(), 401, "UNAUTHENTICATED", "X-Api-Key"),
                "pre-settlements: the key in upper case", AgentTestProperties.API_KEY.toUpperCase(java.util.Locale.ROOT)));
        cases.add(withType(withKey(post("eligibility", el.path(), el.base(), 401, "UNAUTHENTICATED", "X-Api-Key"),
                "eligibility: no key and XML: the key first", null), "application/xml"));

        // content types
        String[][] types = {
            {"application/xml", "eligibility"}, {"text/xml", "admissions"}, {"multipart/form-data; boundary=x", "settlements"},
            {"application/octet-stream", "pre-settlements"}, {"text/html", "card/manual"}, {"application/json; charset=GBK", "card/voucher"},
            {"application/json; charset=nonsense", "card/simulated"}, {"garbage", "reversal"}, {"application/json; charset=\"utf-16\"", "eligibility"},
            {"image/png", "settlements"}};
        for (String[] t : types) {
            Endpoint e = ENDPOINTS.stream().filter(x -> x.label().equals(t[1])).findFirst().orElseThrow();
            Case c = post(e.label(), e.path(), e.base(), 415, "INVALID_ARGUMENT", "Content-Type");
            cases.add(withType(new Case(e.label() + ": Content-Type " + t[0], c.method(), c.path(), c.contentType(), c.key(), c.body(),
                    false, 415, c.code(), c.field()), t[0]));
        }
        // a type the body is read from as JSON, but a body that is a form
        cases.add(withType(bad(el, "a form body", "id_number=" + ZHANG + "&document=ID_CARD", "INVALID_ARGUMENT", ""),
                "application/x-www-form-urlencoded"));
        return cases;
    }

    static Object nested(int depth) {
        Object v = "x";
        for (int i = 0; i < depth; i++) v = obj("a", v);
        return v;
    }

    /** The JSON text with {@code text} in GBK bytes and the rest UTF-8: a body from an HIS that keeps names in GBK. */
    static byte[] gbk(String jsonText, String text) {
        int at = jsonText.indexOf(text);
        assertTrue(at >= 0, text);
        byte[] before = utf8(jsonText.substring(0, at));
        byte[] middle = text.getBytes(Charset.forName("GBK"));
        byte[] after = utf8(jsonText.substring(at + text.length()));
        byte[] all = Arrays.copyOf(before, before.length + middle.length + after.length);
        System.arraycopy(middle, 0, all, before.length, middle.length);
        System.arraycopy(after, 0, all, before.length + middle.length, after.length);
        return all;
    }

    static Case get(String name, String path, int status, String code, String field) {
        return new Case(name, "GET", path, null, AgentTestProperties.API_KEY, null, false, status, code, field);
    }

    static Case chunked(Case c) {
        return new Case(c.name(), c.method(), c.path(), c.contentType(), c.key(), c.body(), true, c.status(), c.code(), c.field());
    }

    static Case withKey(Case c, String name, String key) {
        return new Case(name, c.method(), c.path(), c.contentType(), key, c.body(), c.chunked(), c.status(), c.code(), c.field());
    }

    static Case withType(Case c, String type) {
        return new Case(c.name(), c.method(), c.path(), type, c.key(), c.body(), c.chunked(), c.status(), c.code(), c.field());
    }

    // ---- running a case

    record Answer(int status, String contentType, String body) {}

    Answer send(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.getURL() + c.path()));
        if (c.key() != null) b.header("X-Api-Key", c.key());
        if (c.contentType() != null && c.body() != null) b.header("Content-Type", c.contentType());
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : c.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        HttpResponse<String> r = http.send(b.method(c.method(), body).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Map<String, Object> parse(String body) throws Exception {
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
    }

    static final Set<String> CODES = Arrays.stream(ResultCode.values()).map(Enum::name).collect(Collectors.toSet());

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedNamingItsFieldAndChangesNothing(Case c) throws Exception {
        int writes = store.writes.size();
        int calls = server.calls.get();
        int waiting = ((SimulatedCardReader) reader).waiting();

        Answer a = send(c);

        String said = c.name() + " answered " + a.status() + " " + a.body();
        assertEquals(c.status(), a.status(), said);
        assertTrue(a.contentType().startsWith(JSON), said);
        Map<String, Object> e = parse(a.body());
        assertEquals(c.code(), e.get("code"), said);
        assertTrue(CODES.contains(c.code()), c.code() + " is a result code");
        assertEquals(c.field(), e.get("field"), said);
        String message = String.valueOf(e.get("message"));
        assertTrue(message.length() > 10 && message.length() < 500, said);
        assertFalse(message.contains("Exception") || message.contains("\tat "), said);
        assertTrue(e.containsKey("server"), () -> "the link's state on every answer: " + said);

        assertEquals(List.of(), store.writes.subList(writes, store.writes.size()), "nothing written to the local store: " + c.name());
        assertEquals(calls, server.calls.get(), "nothing sent to the server: " + c.name());
        assertEquals(waiting, ((SimulatedCardReader) reader).waiting(), "no card put in: " + c.name());
    }

    @Test
    void thereAreAtLeastAHundredCasesAndEveryBodyEndpointHasThem() {
        List<Case> all = cases();
        assertTrue(all.size() >= 100, all.size() + " cases");
        assertEquals(all.size(), all.stream().map(Case::name).distinct().count(), "case names are unique");
        for (Endpoint e : ENDPOINTS) {
            long n = all.stream().filter(c -> c.path().equals(e.path())).count();
            assertTrue(n >= 15, e.label() + " has " + n + " cases");
        }
    }

    /** What some Windows HIS libraries put before UTF-8 text is no mistake: a byte order mark is read past. */
    @Test
    void aByteOrderMarkIsReadPast() throws Exception {
        Answer a = send(post("manual with a BOM", MANUAL.path(), "\uFEFF" + write(MANUAL.base()), 200, "", ""));
        assertEquals(200, a.status(), a.body());
        assertEquals(ZHANG, parse(a.body()).get("id_number"), a.body());
    }

    /** The body is read as JSON under the types HIS code and {@code curl -d} send, in UTF-8 said or unsaid. */
    @Test
    void jsonIsReadUnderTheTypesClientsSend() throws Exception {
        for (String type : new String[] {JSON, "application/json; charset=UTF-8", "application/json;charset=utf8", "text/plain",
            "application/x-www-form-urlencoded", "application/vnd.his+json", null}) {
            Answer a = send(withType(post("manual", MANUAL.path(), MANUAL.base(), 200, "", ""), type));
            assertEquals(200, a.status(), type + ": " + a.body());
            assertEquals(ZHANG, parse(a.body()).get("id_number"), a.body());
        }
    }

    /** The bases the cases change one thing of get past the parsing: what the cases change is what is refused. */
    @Test
    void theBaseBodiesAreWellFormed() throws Exception {
        for (Endpoint e : ENDPOINTS) {
            Answer a = send(post(e.label(), e.path(), e.base(), 0, "", ""));
            if (a.status() >= 400) {
                Map<String, Object> body = parse(a.body());
                // what an agent without its server answers well-formed requests: offline, not in the (empty) local roster,
                // or (a reversal) not a settlement this counter made
                assertTrue(Set.of("SERVER_UNREACHABLE", "PERSON_NOT_FOUND", "UNKNOWN_SETTLEMENT").contains(body.get("code")), e.label() + ": " + a.body());
            } else {
                assertNotEquals(0, a.status());
            }
        }
        ((SimulatedCardReader) reader).clear();
    }
}
