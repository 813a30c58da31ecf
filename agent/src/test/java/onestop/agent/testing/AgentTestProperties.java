package onestop.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings for an in-process agent: a temp data folder, token and API-key files, no background work, plaintext link. */
public final class AgentTestProperties {
    public static final String API_KEY = "test-api-key-0123456789";

    private AgentTestProperties() {}

    /**
     * As {@link #create}, with the central server a fake that runs the real engine ({@link EngineServer}) and the clock
     * on the example vectors' day, 2024-06-10 (China time).
     */
    public static Map<String, String> withEngine() {
        Map<String, String> p = create();
        p.put("onestop.test.server", "engine");
        p.put("onestop.test.clock", "2024-06-10T02:00:00Z");
        return p;
    }

    public static Map<String, String> create() {
        try {
            Path dir = Files.createTempDirectory("agent-test-");
            Path token = Files.writeString(dir.resolve("token"), "os1.test-token-not-checked-by-the-fake\n");
            Path key = Files.writeString(dir.resolve("api-key"), API_KEY + "\n");
            Map<String, String> p = new HashMap<>();
            p.put("micronaut.server.port", "-1");
            p.put("onestop.agent.plaintext", "true");
            p.put("onestop.agent.token-file", token.toString());
            p.put("onestop.agent.api-key-file", key.toString());
            p.put("onestop.agent.data", dir.resolve("data").toString());
            p.put("onestop.agent.background", "false");
            p.put("onestop.agent.agent-id", "test-counter");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
