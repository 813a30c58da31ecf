package onestop.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's own example data lives, seen from the engine module's folder (Maven's working directory). */
public final class TestFiles {
    private TestFiles() {}

    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/vectors")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no examples/vectors above " + here);
    }

    public static Path vectors() {
        return projectRoot().resolve("examples/vectors");
    }

    public static Path policies() {
        return projectRoot().resolve("examples/policies");
    }

    public static String policyText(String file) {
        try {
            return Files.readString(policies().resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
