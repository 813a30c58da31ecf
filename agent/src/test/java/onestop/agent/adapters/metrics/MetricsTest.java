package onestop.agent.adapters.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onestop.agent.testing.AgentTestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** /metrics in Prometheus's text: the link, the roster, and each endpoint's latency, the server being down. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "unreachable");
        return p;
    }

    private String scrape() {
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.GET("/metrics"), String.class);
        assertEquals(200, r.getStatus().getCode());
        assertTrue(r.getContentType().orElseThrow().toString().startsWith("text/plain"), r.getContentType().toString());
        return r.body();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), () -> series + " not in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theLinkAndTheRosterAreThereWithoutAKey() {
        String text = scrape();
        assertEquals(0.0, value(text, "onestop_agent_server_reachable"), "the test's server is unreachable");
        assertEquals(-1.0, value(text, "onestop_agent_sync_lag_seconds"), "never synced");
        assertEquals(-1.0, value(text, "onestop_agent_server_contact_age_seconds"), "never reached");
        assertEquals(0.0, value(text, "onestop_agent_roster_persons"));
        assertEquals(0.0, value(text, "onestop_agent_pending_calls"));
    }

    @Test
    void eachEndpointHasItsLatency() {
        for (int i = 0; i < 3; i++) {
            client.toBlocking().exchange(HttpRequest.GET("/api/v1/status").header("X-Api-Key", AgentTestProperties.API_KEY), String.class);
        }
        String text = scrape();
        Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/status\"[^}]*} (\\S+)$").matcher(text);
        assertTrue(m.find(), () -> "no latency series for /api/v1/status in:\n" + text);
        assertTrue(Double.parseDouble(m.group(1)) >= 3, m.group());
        assertTrue(text.contains("http_server_requests_seconds_sum{"), "the time spent is there too");
    }
}
