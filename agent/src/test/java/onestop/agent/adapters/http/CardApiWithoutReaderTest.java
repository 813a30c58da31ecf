package onestop.agent.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.UnreachableServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Card reading off (the default) and the server down: reads say so, typing still works, nothing can be simulated. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardApiWithoutReaderTest implements TestPropertyProvider {
    static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    UnreachableServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "unreachable");
        return p; // no card-reader.kind: none
    }

    private static <B> MutableHttpRequest<B> keyed(MutableHttpRequest<B> r) {
        return r.header("X-Api-Key", AgentTestProperties.API_KEY);
    }

    private Map<String, Object> error(MutableHttpRequest<?> request, int status, String code) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(keyed(request), JSON));
        Map<String, Object> body = e.getResponse().getBody(JSON).orElseThrow();
        assertEquals(status, e.getStatus().getCode(), body::toString);
        assertEquals(code, body.get("code"), body::toString);
        return body;
    }

    @Test
    void aReadIsNoReaderAndSaysWhichSettingTurnsItOn() {
        Map<String, Object> e = error(HttpRequest.POST("/api/v1/card/read", "{\"timeout_millis\": 100}"), 503, "NO_READER");
        assertEquals("未连接读卡器：card reading is off (onestop.agent.card-reader.kind: none)", e.get("message"));
        assertEquals("", e.get("field"));
    }

    @Test
    void simulatedCardsNeedTheSimulatedReader() {
        String expected = "cards are put in by a call only when onestop.agent.card-reader.kind is simulated; this agent's is none";
        assertEquals(expected, error(HttpRequest.POST("/api/v1/card/simulated", "{\"id_number\": \"341002195603121237\"}"),
                409, "NOT_SIMULATED").get("message"));
        assertEquals(expected, error(HttpRequest.DELETE("/api/v1/card/simulated"), 409, "NOT_SIMULATED").get("message"));
    }

    @Test
    void typingANumberNeedsNeitherReaderNorServer() {
        HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(
                keyed(HttpRequest.POST("/api/v1/card/manual", "{\"id_number\": \"341002195603121237\", \"name\": \"张秀英\"}")), JSON);
        assertEquals(200, r.getStatus().getCode());
        assertEquals("341002195603121237", r.body().get("id_number"));
        assertEquals("unreachable", r.body().get("server"));
    }

    @Test
    void aVoucherWithoutTheServerIsServerUnreachable() {
        int before = server.calls.get();
        error(HttpRequest.POST("/api/v1/card/voucher", "{\"code\": \"OSEV1.Zmxvd2Vy.c2lnbmVk\"}"), 503, "SERVER_UNREACHABLE");
        assertEquals(before + 1, server.calls.get());
    }

    @Test
    void theStatusNamesTheReaderKind() {
        HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(keyed(HttpRequest.GET("/api/v1/status")), JSON);
        assertEquals("none", r.body().get("card_reader"));
    }
}
