package onestop.engine.vectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import onestop.engine.TestFiles;
import onestop.engine.adapters.vectors.VectorCase;
import onestop.engine.adapters.vectors.VectorFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every vector of the project's copy of the shared vectors, each its own named test. */
class VectorsTest {

    @TestFactory
    Stream<DynamicTest> everyVector() {
        VectorFiles loader = new VectorFiles();
        List<VectorCase> cases = new ArrayList<>();
        for (Path file : VectorFiles.expand(List.of(TestFiles.vectors()))) cases.addAll(loader.load(file));
        assertTrue(cases.size() >= 80, "expected the example vectors, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
            List<String> diffs = c.run();
            assertTrue(diffs.isEmpty(), () -> String.join("\n", diffs));
        }));
    }
}
