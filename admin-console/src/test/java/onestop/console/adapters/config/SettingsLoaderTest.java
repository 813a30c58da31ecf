package onestop.console.adapters.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.env.PropertySource;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import onestop.console.application.ConsoleSettings;
import org.junit.jupiter.api.Test;

/** The console's settings, checked once: each bad one is a single line naming it. */
class SettingsLoaderTest {
    private static PropertyResolver env(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        var e = new io.micronaut.context.env.DefaultEnvironment(() -> java.util.List.of("test-settings"));
        e.addPropertySource(PropertySource.of("t", m));
        e.start();
        return e;
    }

    private static String refused(String... kv) {
        return assertThrows(SettingsLoader.BadSetting.class, () -> SettingsLoader.load(env(kv))).getMessage();
    }

    @Test
    void goodSettingsAreSealed() throws Exception {
        Path crt = Files.createTempFile("server", ".crt");
        Files.writeString(crt, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        ConsoleSettings s = SettingsLoader.load(env("onestop.console.server", "localhost:50051", "onestop.console.ca-cert", crt.toString()));
        assertEquals("localhost", s.serverHost());
        assertEquals(50051, s.serverPort());
        assertEquals(crt, s.trustCertificate());
        assertEquals(10_000, s.callDeadlineMillis());
        assertTrue(!s.secureCookies());
        assertTrue(SettingsLoader.load(env("onestop.console.plaintext", "true", "onestop.console.https", "true")).secureCookies());
        assertEquals("::1", SettingsLoader.load(env("onestop.console.server", "[::1]:1", "onestop.console.plaintext", "true")).serverHost());
    }

    @Test
    void eachBadSettingIsOneLineNamingIt() throws Exception {
        assertTrue(refused().startsWith("onestop.console.ca-cert: is required"));
        assertEquals("onestop.console.ca-cert: /no/such.crt does not exist", refused("onestop.console.ca-cert", "/no/such.crt"));
        Path notPem = Files.createTempFile("server", ".crt");
        Files.writeString(notPem, "hello");
        assertTrue(refused("onestop.console.ca-cert", notPem.toString()).endsWith("is not a PEM certificate"));
        assertEquals("onestop.console.server: must be host:port, got 'nohost'", refused("onestop.console.server", "nohost", "onestop.console.plaintext", "true"));
        assertTrue(refused("onestop.console.server", "h:99999", "onestop.console.plaintext", "true").startsWith("onestop.console.server: must be a whole number"));
        assertTrue(refused("onestop.console.plaintext", "yes").startsWith("onestop.console.plaintext: must be true or false"));
        assertTrue(refused("onestop.console.plaintext", "true", "onestop.console.call-deadline-millis", "5").startsWith("onestop.console.call-deadline-millis"));
        assertTrue(refused("onestop.console.plaintext", "true", "onestop.console.max-sessions", "0").startsWith("onestop.console.max-sessions"));
        assertTrue(!refused("onestop.console.ca-cert", "/x").contains("\n"), "one line");
    }
}
