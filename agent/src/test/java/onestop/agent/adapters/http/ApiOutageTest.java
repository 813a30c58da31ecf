package onestop.agent.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import onestop.agent.application.LocalStore;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.UnreachableServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HIS API in process, the central server down: the key is required, errors name their field, settle says so. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiOutageTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    UnreachableServer server;

    @Inject
    LocalStore store;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "unreachable");
        return p;
    }

    private static <B> MutableHttpRequest<B> keyed(MutableHttpRequest<B> r) {
        return r.header("X-Api-Key", AgentTestProperties.API_KEY);
    }

    private Map<String, Object> error(MutableHttpRequest<?> request, int status) {
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, Argument.mapOf(String.class, Object.class)));
        assertEquals(status, e.getStatus().getCode(), () -> "status of " + request.getUri());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        return body;
    }

    @Test
    void theApiKeyIsRequired() {
        Map<String, Object> none = error(HttpRequest.GET("/api/v1/status"), 401);
        assertEquals("UNAUTHENTICATED", none.get("code"));
        assertEquals("X-Api-Key", none.get("field"));
        Map<String, Object> wrong = error(HttpRequest.GET("/api/v1/status").header("X-Api-Key", "not-the-key-at-all"), 401);
        assertEquals("UNAUTHENTICATED", wrong.get("code"));
    }

    @Test
    void statusSaysTheServerIsUnreachable() {
        HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(keyed(HttpRequest.GET("/api/v1/status")),
                Argument.mapOf(String.class, Object.class));
        assertEquals(200, r.getStatus().getCode());
        assertEquals("unreachable", r.body().get("server"));
    }

    @Test
    void settleWithoutTheServerAndWithoutThePersonLocallyIsNotFoundOfflineAndTheRequestIdIsKept() {
        int before = server.calls.get();
        String body = """
                {"request_id": "his-req-0001", "id_number": "11010519491231002X",
                 "visit": {"settlement_id": "S-0001", "date": "2024-06-10", "type": "INPATIENT", "total": "1234.56"}}""";
        // offline, the agent settles provisionally from its roster: this person is not in it (nothing synced here)
        Map<String, Object> e = error(keyed(HttpRequest.POST("/api/v1/settlements", body)), 404);
        assertEquals("PERSON_NOT_FOUND", e.get("code"));
        assertTrue(String.valueOf(e.get("message")).contains("offline"), () -> String.valueOf(e.get("message")));
        assertTrue(server.calls.get() > before, "the settlement was sent to the server");
        assertTrue(store.call("his-req-0001").isPresent(), "the request id was stored before the call");
    }

    @Test
    void malformedRequestsNameTheirField() {
        record Bad(String body, String field) {}
        Bad[] cases = {
            new Bad("{", ""),
            new Bad("", ""), // refused by the framework before the controller: answered in the same shape, not 500
            new Bad("{\"request_id\": \"r-1\", \"id_number\": \"110105194912310021\", \"visit\": {\"settlement_id\": \"S-1\", \"date\": \"2024-06-10\", \"type\": \"INPATIENT\", \"total\": \"1.00\"}}", "id_number"),
            new Bad("{\"request_id\": \"r-2\", \"id_number\": \"11010519491231002X\", \"visit\": {\"settlement_id\": \"S-2\", \"date\": \"2024-06-10\", \"type\": \"INPATIENT\", \"total\": \"12.345\"}}", "visit.total"),
            new Bad("{\"request_id\": \"r-3\", \"id_number\": \"11010519491231002X\", \"visit\": {\"settlement_id\": \"S-3\", \"date\": \"2024-13-10\", \"type\": \"INPATIENT\", \"total\": \"1.00\"}}", "visit.date"),
            new Bad("{\"request_id\": \"r-4\", \"id_number\": \"11010519491231002X\"}", "visit"),
        };
        int before = server.calls.get();
        for (Bad b : cases) {
            Map<String, Object> e = error(keyed(HttpRequest.POST("/api/v1/settlements", b.body())), 400);
            assertEquals(b.field(), e.get("field"), () -> "field of " + b.body() + ": " + e);
            assertTrue(String.valueOf(e.get("message")).length() > 5, () -> "a message for " + b.body());
        }
        assertEquals(before, server.calls.get(), "nothing malformed reached the server");
        for (String id : new String[] {"r-1", "r-2", "r-3", "r-4"}) assertTrue(store.call(id).isEmpty(), "nothing written for " + id);
    }
}
