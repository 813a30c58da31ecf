package onestop.agent.adapters.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.value.MapPropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import onestop.agent.cards.CardReader;
import onestop.agent.cards.CardReaderConfig;
import onestop.agent.cards.SimulatedCardReader;
import onestop.agent.testing.AgentTestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onestop.agent.card-reader.*} read with the other settings: checked once, a bad one is one line naming it. */
class CardSettingsTest {
    @TempDir
    Path dir;

    static Map<String, Object> settings(String... pairs) {
        Map<String, Object> p = new HashMap<>(AgentTestProperties.create());
        for (int i = 0; i < pairs.length; i += 2) p.put("onestop.agent.card-reader." + pairs[i], pairs[i + 1]);
        return p;
    }

    static CardReaderConfig load(String... pairs) {
        return SettingsLoader.load(new MapPropertyResolver(settings(pairs))).cardReader();
    }

    static String problem(String... pairs) {
        return assertThrows(SettingsLoader.BadSetting.class, () -> load(pairs)).getMessage();
    }

    @Test
    void unsetIsNone() {
        assertEquals(CardReaderConfig.none(), load());
    }

    @Test
    void eachKindKeepsItsOwnSettings() throws Exception {
        Path library = Files.createFile(dir.resolve("libtermb.so"));

        assertEquals(CardReaderConfig.pcsc("ACS ACR39U 00"), load("kind", "PCSC", "terminal-name", " ACS ACR39U 00 ", "port", "3"));
        assertEquals(CardReaderConfig.idCard(library.toString(), 1002), load("kind", "idcard", "library-path", library.toString(), "port", "1002"));
        assertEquals(CardReaderConfig.idCard(library.toString(), 1001), load("kind", "idcard", "library-path", library.toString()));
        assertEquals(CardReaderConfig.simulated(dir.resolve("cards.txt").toString()),
                load("kind", "simulated", "simulated-file", dir.resolve("cards.txt").toString()));
    }

    @Test
    void aBadCardSettingIsOneLineNamingIt() {
        assertEquals("onestop.agent.card-reader.kind: \"usb\" is not one of pcsc, idcard, simulated or none", problem("kind", "usb"));
        assertEquals("onestop.agent.card-reader.library-path: required when onestop.agent.card-reader.kind is idcard", problem("kind", "idcard"));
        assertEquals("onestop.agent.card-reader.library-path: " + dir.resolve("no.so") + " does not exist",
                problem("kind", "idcard", "library-path", dir.resolve("no.so").toString()));
        assertEquals("onestop.agent.card-reader.port: \"COM1\" is not a reader port (1-16 serial, 1001-1016 USB)",
                problem("kind", "idcard", "port", "COM1"));
        assertEquals("onestop.agent.card-reader.simulated-file: folder " + dir.resolve("nowhere") + " does not exist",
                problem("kind", "simulated", "simulated-file", dir.resolve("nowhere/cards.txt").toString()));
    }

    @Test
    void theAgentStopsAtStartOnABadOneAndOtherwiseHasItsReader() throws Exception {
        Throwable failure = assertThrows(RuntimeException.class, () -> ApplicationContext.run(settings("kind", "usb"), "test").close());
        Throwable t = failure;
        while (t != null && !(t instanceof SettingsLoader.BadSetting)) t = t.getCause();
        assertNotNull(t, () -> "no BadSetting in " + failure);
        assertEquals("onestop.agent.card-reader.kind: \"usb\" is not one of pcsc, idcard, simulated or none", t.getMessage());

        try (ApplicationContext agent = ApplicationContext.run(settings("kind", "simulated"), "test")) {
            assertEquals(SimulatedCardReader.class, agent.getBean(CardReader.class).getClass());
        }
    }
}
