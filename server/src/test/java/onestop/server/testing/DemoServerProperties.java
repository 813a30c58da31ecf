package onestop.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Properties of an in-process server with a fresh data folder, the demo data and the example policies. */
public final class DemoServerProperties {
    private DemoServerProperties() {}

    public static Map<String, String> fresh(String name) {
        try {
            return Map.of("onestop.data", Files.createTempDirectory("onestop-" + name).toString(), "onestop.demo", "true",
                    "onestop.policies", ServerFixture.projectRoot().resolve("examples/policies").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
