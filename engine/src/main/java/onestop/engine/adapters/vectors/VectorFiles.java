package onestop.engine.adapters.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.policy.Policy;

/**
 * Finds vector files (SETTLEMENT.md §9) and turns each vector into a {@link VectorCase}. A vector's
 * policy is looked up in {@code ../policies/} beside the vector file's folder. A file that cannot be
 * read or parsed becomes one failing case named after the file: never a stack trace.
 */
public final class VectorFiles {
    /** Vector files are small; anything larger is refused rather than read into memory. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Path, Object> policies = new HashMap<>(); // Policy or the String error

    /** Every *.json file under the given files or folders, in name order per folder. */
    public static List<Path> expand(List<Path> roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root, 8)) {
                    s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                files.add(root);
            }
        }
        return files;
    }

    public List<VectorCase> load(Path file) {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) return broken(label, "no such file: " + file);
            if (Files.size(file) > MAX_FILE_BYTES) return broken(label, "file larger than " + MAX_FILE_BYTES + " bytes");
            root = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return broken(label, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return broken(label, "cannot read: " + e.getMessage());
        }
        JsonNode vectors = root == null ? null : root.get("vectors");
        if (vectors == null || !vectors.isArray()) return broken(label, "malformed: expected {\"vectors\": [...]}");
        List<VectorCase> cases = new ArrayList<>();
        Path policyDir = file.toAbsolutePath().getParent().resolveSibling("policies");
        int index = 0;
        for (JsonNode v : vectors) {
            String name = v.path("name").isTextual() ? v.get("name").asText() : "#" + index;
            index++;
            cases.add(new VectorCase(label, name, () -> {
                try {
                    return VectorCheck.run(v, policyName -> policy(policyDir, policyName));
                } catch (VectorCheck.Malformed e) {
                    return List.of("malformed vector: " + e.getMessage());
                }
            }));
        }
        return cases;
    }

    private static List<VectorCase> broken(String label, String problem) {
        return List.of(new VectorCase(label, "(file)", () -> List.of(problem)));
    }

    /** The named policy from the policies folder, read once; a bad policy fails its vectors with the reader's message. */
    private Policy policy(Path dir, String name) {
        if (name.contains("/") || name.contains("\\")) throw new VectorCheck.Malformed("policy must be a file name, got " + name);
        Path p = dir.resolve(name);
        Object cached = policies.computeIfAbsent(p, path -> {
            try {
                return PolicyReader.read(name, Files.readString(path, StandardCharsets.UTF_8));
            } catch (PolicyException e) {
                return e.getMessage();
            } catch (IOException e) {
                return "cannot read policy " + path + ": " + e.getMessage();
            }
        });
        if (cached instanceof Policy policy) return policy;
        throw new VectorCheck.Malformed((String) cached);
    }
}
