package onestop.console.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import onestop.console.testing.FakeOffice;
import onestop.console.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Served over HTTPS (a proxy in front: onestop.console.https): the session's and the login form's cookies are Secure.
 * And a short deadline: a server slower than it is told as unreachable, within the deadline, the console still answering.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureCookieTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(Fakes.consoleProperties());
        p.put("onestop.console.https", "true");
        p.put("onestop.console.call-deadline-millis", "1000");
        return p;
    }

    @Test
    void cookiesAreSecure() {
        PageSession s = new PageSession(client);
        PageSession.Page login = s.get("/login");
        assertTrue(login.response().getHeaders().getAll("Set-Cookie").stream().allMatch(c -> c.contains("Secure")), login.response().getHeaders().getAll("Set-Cookie").toString());
        PageSession.Page in = s.post("/login", PageSession.form("name", "admin", "password", FakeOffice.ADMIN_PASSWORD));
        assertEquals(303, in.status());
        String cookie = in.response().getHeaders().getAll("Set-Cookie").stream().filter(c -> c.startsWith(Guard.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    void aSlowServerIsCutOffAtTheDeadline() {
        PageSession s = PageSession.loggedIn(client, "admin", FakeOffice.ADMIN_PASSWORD);
        Fakes.office().slowDashboardMillis = 4_000;
        long start = System.nanoTime();
        PageSession.Page p = s.get("/");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, p.status());
        assertTrue(millis < 3_000, "answered after " + millis + " ms");
        assertTrue(p.text().contains("与医保结算中心的连接中断或超时"), p.text());
    }
}
