package onestop.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's example policies and vectors (copies of ../shared), found above the module's folder. */
public final class ExampleFiles {
    private ExampleFiles() {}

    public static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/policies"))) return p.resolve("examples");
        }
        throw new IllegalStateException("no examples/policies above " + Path.of("").toAbsolutePath());
    }

    public static Path policies() {
        return examples().resolve("policies");
    }

    public static Path vectors() {
        return examples().resolve("vectors");
    }
}
