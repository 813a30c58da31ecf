package onestop.engine.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onestop.engine.TestFiles;
import onestop.engine.adapters.vectors.VectorCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./onestop vectors} prints and how it exits. */
class VectorCliTest {
    @TempDir
    Path dir;
    Path vectors;

    @BeforeEach
    void setUp() throws IOException {
        vectors = Files.createDirectories(dir.resolve("vectors"));
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.copy(TestFiles.policies().resolve("huangshan-2024.yaml"), policies.resolve("huangshan-2024.yaml"));
    }

    record Run(int exit, List<String> lines) {
        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    private Run run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Method m = VectorCli.class.getDeclaredMethod("run", List.class, PrintStream.class);
        m.setAccessible(true);
        int exit = (int) m.invoke(null, List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void allExampleVectorsPass() throws Exception {
        Run r = run(TestFiles.vectors().toString());
        assertEquals(0, r.exit(), String.join("\n", r.lines()));
        assertTrue(r.last().matches("\\d+ passed, 0 failed"), r.last());
    }

    @Test
    void malformedFileIsReportedByName() throws Exception {
        Files.writeString(vectors.resolve("broken.json"), "{\"vectors\": [ {\"kind\": ");
        Run r = run(vectors.toString());
        assertEquals(1, r.exit());
        assertEquals("0 passed, 1 failed", r.last());
        assertTrue(r.lines().get(0).contains("broken.json"), r.lines().toString());
        assertTrue(r.lines().stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ")), r.lines().toString());
    }

    @Test
    void failureNamesVectorStepAndField() throws Exception {
        String good = Files.readString(TestFiles.vectors().resolve("settlement-errors.json"));
        // the second step of error-does-not-touch-accumulators expects INVALID_AMOUNT; the first pays basic 3600.00
        String wrong = good.replaceFirst("\"basicPay\": \"3600.00\"", "\"basicPay\": \"3600.01\"");
        Files.writeString(vectors.resolve("wrong.json"), wrong);
        Run r = run(vectors.resolve("wrong.json").toString());
        assertEquals(1, r.exit());
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("FAIL wrong.json › error-does-not-touch-accumulators"), all);
        assertTrue(all.contains("step 1: basicPay: expected 3600.01, got 3600.00"), all);
        assertTrue(r.last().matches("\\d+ passed, 1 failed"), r.last());
    }

    @Test
    void missingPolicyAndUnknownKindAreReportedNotThrown() throws Exception {
        Files.writeString(vectors.resolve("odd.json"), """
                {"vectors": [
                  {"kind": "settlement", "name": "no-such-policy", "policy": "atlantis-2024.yaml",
                   "person": {"scheme": "RESIDENT", "categories": []}, "steps": []},
                  {"kind": "lottery", "name": "unknown-kind"}
                ]}""");
        Run r = run(vectors.toString());
        assertEquals(1, r.exit());
        assertEquals("0 passed, 2 failed", r.last());
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("atlantis-2024.yaml"), all);
        assertTrue(all.contains("unknown kind \"lottery\""), all);
    }

    @Test
    void noArgumentsPrintsUsage() throws Exception {
        Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.lines().get(0).startsWith("usage:"));
    }
}
