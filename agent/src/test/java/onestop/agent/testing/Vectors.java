package onestop.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first settle step of a shared vector ({@code examples/vectors}): its bill and what the rules expect, so a test
 * checks the page's amounts against numbers computed apart from the agent and its fake server.
 */
public final class Vectors {
    private Vectors() {}

    /** @param expect the vector's expected amounts by its names (basicPay, ciPay, …), supplementary by tier id */
    public record Step(JsonNode bill, Map<String, String> expect, Map<String, String> supplementary) {
        public String bill(String field) {
            return bill.path(field).asText("");
        }
    }

    public static Step firstSettle(String file, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(ExampleFiles.vectors().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode v : root.get("vectors")) {
            if (!v.path("name").asText().equals(name)) continue;
            JsonNode step = v.get("steps").get(0);
            Map<String, String> expect = new LinkedHashMap<>();
            step.get("expect").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) expect.put(e.getKey(), e.getValue().asText());
            });
            Map<String, String> tiers = new LinkedHashMap<>();
            step.get("expect").path("supplementary").fields().forEachRemaining(e -> tiers.put(e.getKey(), e.getValue().asText()));
            return new Step(step.get("settle"), expect, tiers);
        }
        throw new IllegalArgumentException("no vector " + name + " in " + file);
    }

    /** An eligibility vector's expected answer: depositWaiver, payAfterTreatment, category, reasons. */
    public static JsonNode eligibility(String name) {
        try {
            for (JsonNode v : new ObjectMapper().readTree(ExampleFiles.vectors().resolve("eligibility.json").toFile()).get("vectors")) {
                if (v.path("name").asText().equals(name)) return v;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no eligibility vector " + name);
    }
}
