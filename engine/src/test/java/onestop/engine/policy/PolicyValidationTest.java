package onestop.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import onestop.engine.TestFiles;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One broken policy per validation rule: each must be refused with one line naming the file and the field. */
class PolicyValidationTest {
    private static final String SHANXI = "shanxi-taiyuan-2019.yaml";
    private static final String HEYUAN = "heyuan-2019.yaml";

    @ParameterizedTest
    @ValueSource(strings = {SHANXI, HEYUAN, "huangshan-2024.yaml"})
    void examplePoliciesAreValid(String file) {
        Policy p = PolicyReader.read(file, TestFiles.policyText(file));
        assertEquals(file.replace(".yaml", ""), p.id());
        assertFalse(p.basic().isEmpty());
    }

    static Stream<Arguments> brokenPolicies() {
        return Stream.of(
                // rates within 0–1
                broken("rate above 1", SHANXI, "PRIMARY:   { deductible: \"200.00\", rate: \"0.85\" }",
                        "PRIMARY:   { deductible: \"200.00\", rate: \"1.50\" }", "basic.RESIDENT.INPATIENT.levels.PRIMARY.rate"),
                broken("rate not a decimal", SHANXI, "rate: \"0.85\"", "rate: \"85%\"", "basic.RESIDENT.INPATIENT.levels.PRIMARY.rate"),
                broken("tilt factor above 1", SHANXI, "thresholdFactor: \"0.5\"", "thresholdFactor: \"1.5\"",
                        "criticalIllness.RESIDENT.tilt.thresholdFactor"),
                broken("quota rates over 1 together", SHANXI, "basicRate: \"0.70\"", "basicRate: \"0.90\"",
                        "specialDiseases.groups.KEY.assistanceRate"),
                // amounts
                broken("deductible not an amount", SHANXI, "deductible: \"200.00\"", "deductible: \"2OO\"",
                        "basic.RESIDENT.INPATIENT.levels.PRIMARY.deductible"),
                broken("negative threshold", SHANXI, "threshold: \"10000.00\"", "threshold: \"-10000.00\"",
                        "criticalIllness.RESIDENT.threshold"),
                // known schemes, visit types, levels
                broken("unknown scheme", SHANXI, "  EMPLOYEE:\n    INPATIENT:", "  SOLDIER:\n    INPATIENT:", "basic.SOLDIER"),
                broken("unknown visit type", SHANXI, "    OUTPATIENT:\n      levels:", "    HOME_CARE:\n      levels:",
                        "basic.RESIDENT.HOME_CARE"),
                broken("unknown visit type in a list", SHANXI, "visitTypes: [INPATIENT]\n    threshold: \"10000.00\"",
                        "visitTypes: [INPATIENT, DAYCARE]\n    threshold: \"10000.00\"", "criticalIllness.RESIDENT.visitTypes[1]"),
                broken("unknown hospital level", SHANXI, "SECONDARY: { deductible: \"500.00\", rate: \"0.75\" }",
                        "QUATERNARY: { deductible: \"500.00\", rate: \"0.75\" }", "basic.RESIDENT.INPATIENT.levels.QUATERNARY"),
                broken("missing hospital level", SHANXI, "        TERTIARY:  { deductible: \"1000.00\", rate: \"0.60\" }\n", "",
                        "basic.RESIDENT.INPATIENT.levels.TERTIARY"),
                // bands contiguous and increasing
                broken("segments not increasing", SHANXI, "{ upTo: \"90000.00\", rate: \"0.65\" }",
                        "{ upTo: \"30000.00\", rate: \"0.65\" }", "criticalIllness.RESIDENT.segments[1].upTo"),
                broken("last segment bounded", SHANXI, "- { rate: \"0.75\" }", "- { upTo: \"200000.00\", rate: \"0.75\" }",
                        "criticalIllness.RESIDENT.segments[2].upTo"),
                broken("gap: middle segment open", SHANXI, "- { upTo: \"40000.00\", rate: \"0.60\" }", "- { rate: \"0.60\" }",
                        "criticalIllness.RESIDENT.segments[0]"),
                broken("no segments", HEYUAN, "segments: [ { rate: \"0.50\" } ]\n    annualCap: \"20000.00\"",
                        "segments: []\n    annualCap: \"20000.00\"", "supplementary[0].segments"),
                // known categories; tilt and groups refer to known categories
                broken("unknown tilt category", SHANXI, "categories: [DESTITUTE, MINIMUM_LIVING, REGISTERED_POOR]",
                        "categories: [DESTITUTE, VIP]", "criticalIllness.RESIDENT.tilt.categories[1]"),
                broken("unknown priority category", SHANXI, "priority: [DESTITUTE, MINIMUM_LIVING, KEY_VETERAN, REGISTERED_POOR, LOW_INCOME",
                        "priority: [DESTITUTE, MINIMUM_LIVNG, KEY_VETERAN, REGISTERED_POOR, LOW_INCOME", "assistance.priority[1]"),
                broken("assistance category never chosen", SHANXI, "priority: [DESTITUTE, MINIMUM_LIVING, KEY_VETERAN, REGISTERED_POOR",
                        "priority: [DESTITUTE, MINIMUM_LIVING, REGISTERED_POOR", "assistance.categories.KEY_VETERAN"),
                broken("unknown group category", SHANXI, "categories: [LOW_INCOME, ILLNESS_POVERTY]",
                        "categories: [LOW_INCOME, RICH]", "specialDiseases.groups.LOW_INCOME.categories[1]"),
                broken("unknown group in order", SHANXI, "groupOrder: [KEY, LOW_INCOME]", "groupOrder: [KEY, MIDDLE]",
                        "specialDiseases.groupOrder[1]"),
                broken("group left out of order", SHANXI, "groupOrder: [KEY, LOW_INCOME]", "groupOrder: [KEY]",
                        "specialDiseases.groupOrder"),
                broken("duplicate disease code", SHANXI, "code: \"SX02\"", "code: \"SX01\"", "specialDiseases.diseases[1].code"),
                broken("unknown supplementary category", HEYUAN, "categories: [REGISTERED_POOR]\n    visitTypes",
                        "categories: [POOR]\n    visitTypes", "supplementary[0].categories[0]"),
                broken("unknown supplementary scheme", HEYUAN, "schemes: [EMPLOYEE]\n", "schemes: [FARMER]\n",
                        "supplementary[1].schemes[0]"),
                broken("duplicate supplementary id", HEYUAN, "id: employee-supplementary", "id: poverty-insurance",
                        "supplementary[1].id"),
                // eligibility
                broken("unknown document", SHANXI, "documents: [ID_CARD, SOCIAL_SECURITY_CARD]",
                        "documents: [ID_CARD, PASSPORT]", "eligibility.documents[1]"),
                broken("unknown scope", SHANXI, "scope: COUNTY", "scope: VILLAGE", "eligibility.scope"),
                broken("referral category not eligible", SHANXI, "referralCategories: [REGISTERED_POOR]",
                        "referralCategories: [LOW_INCOME]", "eligibility.referralCategories"),
                broken("eligible category missing from priority", SHANXI,
                        "priority: [DESTITUTE, MINIMUM_LIVING, KEY_VETERAN, REGISTERED_POOR]\n  scope",
                        "priority: [DESTITUTE, MINIMUM_LIVING, KEY_VETERAN]\n  scope", "eligibility.priority"),
                // shape of the file
                broken("misspelt field", SHANXI, "annualCap: \"150000.00\"", "anualCap: \"150000.00\"",
                        "basic.RESIDENT.INPATIENT.anualCap"),
                broken("missing year", SHANXI, "year: 2019\n", "", "year"),
                broken("year not a number", SHANXI, "year: 2019", "year: twenty", "year"),
                broken("region not an area code", SHANXI, "region: \"140100\"", "region: \"1401\"", "region"),
                broken("boolean not true or false", SHANXI, "agreementRequired: true", "agreementRequired: yes-ish",
                        "eligibility.agreementRequired"),
                broken("list where a value belongs", SHANXI, "name: 太原市 2019 医疗救助（示例参数）", "name: [a, b]", "name"));
    }

    private static Arguments broken(String rule, String file, String find, String replace, String field) {
        return Arguments.of(rule, file, find, replace, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPolicies")
    void brokenPolicyIsRefusedNamingTheField(String rule, String file, String find, String replace, String field) {
        String good = TestFiles.policyText(file);
        assertTrue(good.contains(find), "test setup: " + file + " has no \"" + find + "\"");
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
        assertNotEquals(good, bad);

        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read(file, bad), rule);
        assertEquals(field, e.field(), rule + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        String bad = TestFiles.policyText(SHANXI).replace("id: shanxi-taiyuan-2019", "id: [shanxi");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read(SHANXI, bad));
        assertTrue(e.field().startsWith("line "), e.getMessage());
        assertTrue(e.getMessage().startsWith(SHANXI + ": line "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void duplicateKeyIsRefused() {
        String bad = TestFiles.policyText(SHANXI).replace("year: 2019\n", "year: 2019\nyear: 2020\n");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read(SHANXI, bad));
        assertTrue(e.getMessage().contains("duplicate key year"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read("empty.yaml", ""));
        assertEquals("empty.yaml: file is empty", e.getMessage());
    }

    @Test
    void amountsStayExactTextNeverFloatingPoint() {
        // 0.1 + 0.2 style values must not pass through double: "0.29" stays 290000 millionths.
        String text = TestFiles.policyText(SHANXI).replace("rate: \"0.85\"", "rate: 0.29");
        Policy p = PolicyReader.read(SHANXI, text);
        assertEquals(290_000, p.basic(onestop.engine.domain.Scheme.RESIDENT, onestop.engine.domain.VisitType.INPATIENT)
                .level(onestop.engine.domain.HospitalLevel.PRIMARY).rate().micros());
    }
}
