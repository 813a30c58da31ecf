package onestop.engine.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import onestop.engine.TestFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The project ships copies of ../shared/policies and ../shared/vectors; they must stay the same. */
class ExampleCopiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"policies", "vectors"})
    void copyEqualsShared(String folder) throws IOException {
        Path shared = TestFiles.projectRoot().resolveSibling("shared").resolve(folder);
        assumeTrue(Files.isDirectory(shared), "no ../shared beside the project: nothing to compare");
        Path copy = TestFiles.projectRoot().resolve("examples").resolve(folder);
        List<String> sharedNames = names(shared);
        assertEquals(sharedNames, names(copy), "files in examples/" + folder + " differ from ../shared/" + folder);
        for (String name : sharedNames) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(name)), Files.readAllBytes(copy.resolve(name)),
                    "examples/" + folder + "/" + name + " differs from ../shared: refresh the copy");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
