package onestop.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's example policies (examples/policies beside the modules). */
public final class ExampleFiles {
    private ExampleFiles() {}

    public static String policy(String id) {
        Path p = Path.of("..", "examples", "policies", id + ".yaml");
        if (!Files.exists(p)) p = Path.of("examples", "policies", id + ".yaml");
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
