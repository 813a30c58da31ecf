package onestop.console.application;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The console's words are the glossary's (../shared/spec/GLOSSARY.md, beside the repository): every label of the
 * statement, the identities, schemes, visit types, levels, roles and the navigation stands there letter for letter,
 * so the console says what the cashier page and the statement say.
 */
class GlossaryTest {
    static Path glossary() {
        for (Path p : List.of(Path.of("..", "..", "shared", "spec", "GLOSSARY.md"), Path.of("..", "shared", "spec", "GLOSSARY.md"))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    @Test
    void everyLabelIsTheGlossarys() throws IOException {
        Path g = glossary();
        Assumptions.assumeTrue(g != null, "shared/spec/GLOSSARY.md beside the repository");
        String text = Files.readString(g);
        List<String> words = new ArrayList<>(List.of(Labels.TOTAL, Labels.OUT_OF_SCOPE, Labels.PRIOR_SELF_PAY, Labels.COMPLIANT, Labels.BASIC,
                Labels.CRITICAL_ILLNESS, Labels.ASSISTANCE, Labels.FUNDS, Labels.HOSPITAL_ABSORBED, Labels.PATIENT, Labels.SETTLEMENT_ID,
                Labels.POLICY, Labels.REVERSAL, Labels.STATEMENT, Labels.PROVISIONAL, Labels.DESIGNATED, "应补", "应退"));
        for (Map<String, String> m : List.of(Labels.CATEGORIES, Labels.SCHEMES, Labels.VISIT_TYPES, Labels.ROLES)) words.addAll(m.values());
        for (String level : Labels.LEVELS.values()) words.add(level.replace("医院", ""));
        for (Access.Page p : Access.PAGES) words.add(p.label());
        List<String> missing = words.stream().filter(w -> !text.contains(w)).toList();
        assertTrue(missing.isEmpty(), "not in the glossary: " + missing);
    }
}
