package onestop.agent.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import onestop.agent.cards.CardError;
import onestop.agent.testing.AgentTestProperties;
import onestop.engine.domain.Category;
import onestop.engine.domain.Document;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the hand-written OpenAPI document of the HIS API honest: it is served without the key; its operations are
 * exactly the routes Micronaut's router has under /api/v1; every error answer lists its codes ({@code x-codes}), each
 * a {@link ResultCode} (or INTERNAL, the bug) answered with the status the document gives it, and the error shape's
 * code list is exactly those; every request body's fields are the fields the controllers read; the enums are the
 * engine's.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest implements TestPropertyProvider {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    static final String INTERNAL = "INTERNAL";

    @Inject
    EmbeddedServer agent;

    @Inject
    Router router;

    Map<String, Object> doc;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "unreachable");
        return p;
    }

    @BeforeAll
    void read() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiController.RESOURCE)) {
            doc = new Yaml().load(in);
        }
        assertEquals("3.0.3", String.valueOf(doc.get("openapi")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, () -> "not a mapping: " + o);
        return (Map<String, Object>) o;
    }

    /** A {@code $ref} to this document followed (#/components/...), or the object itself. */
    Map<String, Object> resolve(Object o) {
        Map<String, Object> m = map(o);
        Object ref = m.get("$ref");
        if (ref == null) return m;
        Object at = doc;
        for (String part : ref.toString().substring(2).split("/")) at = map(at).get(part);
        assertTrue(at != null, () -> "dangling " + ref);
        return resolve(at);
    }

    record Operation(String method, String path, Map<String, Object> spec) {
        String key() {
            return method.toUpperCase() + " " + path;
        }
    }

    List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        map(doc.get("paths")).forEach((path, item) -> map(item).forEach((method, spec) -> {
            if (METHODS.contains(method)) ops.add(new Operation(method, path, map(spec)));
        }));
        return ops;
    }

    @Test
    void theDocumentIsServedWithoutTheKeyAsYaml() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent.getURL() + OpenApiController.PATH))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"), r.headers()::toString);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiController.RESOURCE)) {
            assertArrayEquals(in.readAllBytes(), r.body());
        }
        // only that path is let through: the rest of the API still wants the key
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent.getURL() + "/api/v1/status"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, status.statusCode());
    }

    @Test
    void everyRouteUnderApiV1IsDocumentedWithItsMethodAndNothingElseIs() {
        Set<String> routed = router.uriRoutes().filter(r -> r.getUriMatchTemplate().toString().startsWith("/api/v1"))
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toString()).collect(Collectors.toCollection(TreeSet::new));
        // Micronaut answers HEAD for every GET by itself, as HTTP says; OpenAPI documents the GET
        routed.removeIf(r -> r.startsWith("HEAD ") && routed.contains("GET " + r.substring("HEAD ".length())));
        Set<String> documented = operations().stream().map(Operation::key).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(routed.size() >= 14, routed::toString);
        assertEquals(routed, documented);
    }

    @Test
    void everyErrorAnswerListsResultCodesWithTheStatusTheyAreAnsweredWith() {
        Set<String> all = new TreeSet<>();
        for (Operation op : operations()) {
            Map<String, Object> responses = map(op.spec().get("responses"));
            boolean keyed = !op.path().equals(OpenApiController.PATH);
            if (keyed) {
                assertTrue(responses.containsKey("401"), op.key() + " documents the key's 401");
                assertTrue(responses.containsKey("500"), op.key() + " documents the bug's 500");
            }
            if (op.method().equals("post")) {
                assertTrue(responses.containsKey("413") && responses.containsKey("415"), op.key() + " documents 413 and 415");
            }
            responses.forEach((status, response) -> {
                int code = Integer.parseInt(status);
                Map<String, Object> r = resolve(response);
                if (code < 400) return;
                Object codes = r.get("x-codes");
                assertTrue(codes instanceof List<?> l && !l.isEmpty(), () -> op.key() + " " + status + " lists its codes (x-codes)");
                for (Object c : (List<?>) codes) {
                    String name = String.valueOf(c);
                    all.add(name);
                    if (name.equals(INTERNAL)) {
                        assertEquals(500, code, op.key() + ": INTERNAL is the bug's 500");
                        continue;
                    }
                    assertTrue(Arrays.stream(ResultCode.values()).anyMatch(v -> v.name().equals(name)),
                            op.key() + " " + status + ": " + name + " is not a result code");
                    boolean framework = name.equals("INVALID_ARGUMENT") && (code == 413 || code == 415); // FrameworkErrors, JsonBodyFilter
                    if (!framework) {
                        assertEquals(code, ErrorAnswers.status(ResultCode.valueOf(name)).getCode(),
                                op.key() + ": " + name + " is answered with another status than " + status);
                    }
                }
            });
        }
        Map<String, Object> error = map(((List<?>) resolve(map(map(doc.get("components")).get("schemas")).get("Error")).get("allOf")).get(1));
        Set<String> shape = new TreeSet<>(stringList(map(map(error.get("properties")).get("code")).get("enum")));
        assertEquals(all, shape, "the error shape lists exactly the codes the operations answer");
    }

    static List<String> stringList(Object o) {
        assertTrue(o instanceof List, () -> "not a list: " + o);
        return ((List<?>) o).stream().map(String::valueOf).toList();
    }

    Map<String, Object> schema(String name) {
        return map(map(map(doc.get("components")).get("schemas")).get(name));
    }

    Set<String> properties(String schema) {
        return new TreeSet<>(map(schema(schema).get("properties")).keySet());
    }

    @Test
    void everyRequestBodyHasTheFieldsTheControllersRead() {
        Map<String, Set<String>> read = Map.of(
                "EligibilityRequest", ApiController.ELIGIBILITY_FIELDS, "AdmissionRequest", ApiController.ADMISSION_FIELDS,
                "PreSettlementRequest", ApiController.PRE_SETTLE_FIELDS, "SettlementRequest", ApiController.SETTLE_FIELDS,
                "Visit", Requests.VISIT_FIELDS, "ReversalRequest", ApiController.REVERSE_FIELDS,
                "CardReadRequest", CardController.READ_FIELDS, "ManualRequest", CardController.MANUAL_FIELDS,
                "VoucherRequest", CardController.VOUCHER_FIELDS, "SimulatedRequest", CardController.SIMULATED_FIELDS);
        read.forEach((schema, fields) -> {
            assertEquals(new TreeSet<>(fields), properties(schema), schema);
            assertEquals(false, schema(schema).get("additionalProperties"), schema + ": unknown fields are refused");
        });
        for (Operation op : operations()) {
            if (!op.spec().containsKey("requestBody")) continue;
            Object ref = map(map(map(map(op.spec().get("requestBody")).get("content")).get("application/json")).get("schema")).get("$ref");
            String name = String.valueOf(ref).substring("#/components/schemas/".length());
            assertTrue(read.containsKey(name), op.key() + "'s body " + name + " is checked against its controller");
        }
    }

    @Test
    void theEnumsAreTheEnginesAndTheCardReadersValues() {
        assertEquals(names(Document.values()), stringList(schema("Document").get("enum")));
        assertEquals(names(CardError.values()), stringList(map(map(schema("SimulatedRequest").get("properties")).get("error")).get("enum")));
        Map<String, Object> decision = map(((List<?>) schema("Decision").get("allOf")).get(1));
        Map<String, Object> props = map(decision.get("properties"));
        List<String> categories = new ArrayList<>(List.of(""));
        categories.addAll(names(Category.values()));
        assertEquals(categories, stringList(map(props.get("category")).get("enum")));
        Map<String, Object> reason = map(map(map(props.get("reasons")).get("items")).get("properties"));
        assertEquals(names(EligibilityReason.values()), stringList(map(reason.get("code")).get("enum")));
    }

    static List<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).toList();
    }
}
