package onestop.console.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** No central server at the configured address: the login page says so in Chinese, within the call's deadline. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerUnreachableTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("onestop.console.server", "127.0.0.1:" + port, "onestop.console.plaintext", "true",
                "onestop.console.call-deadline-millis", "2000", "micronaut.http.client.follow-redirects", "false");
    }

    @Test
    void theLoginSaysTheServerCannotBeReached() {
        PageSession s = new PageSession(client);
        s.get("/login");
        long start = System.nanoTime();
        PageSession.Page p = s.post("/login", PageSession.form("name", "admin", "password", "x"));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "within the deadline");
        assertEquals(503, p.status());
        assertTrue(p.byId("error").contains("与医保结算中心的连接中断或超时"), p.byId("error"));
    }
}
