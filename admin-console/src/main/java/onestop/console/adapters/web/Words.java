package onestop.console.adapters.web;

import java.util.Map;
import onestop.console.application.Labels;

/** The glossary's words as the templates read them ({@code ${L.TOTAL}}): one source, {@link Labels}. */
final class Words {
    private Words() {}

    static final Map<String, Object> ALL = Map.ofEntries(
            Map.entry("TOTAL", Labels.TOTAL), Map.entry("OUT_OF_SCOPE", Labels.OUT_OF_SCOPE), Map.entry("PRIOR_SELF_PAY", Labels.PRIOR_SELF_PAY),
            Map.entry("COMPLIANT", Labels.COMPLIANT), Map.entry("BASIC", Labels.BASIC), Map.entry("CRITICAL_ILLNESS", Labels.CRITICAL_ILLNESS),
            Map.entry("SUPPLEMENTARY", Labels.SUPPLEMENTARY), Map.entry("ASSISTANCE", Labels.ASSISTANCE), Map.entry("FUNDS", Labels.FUNDS),
            Map.entry("HOSPITAL_ABSORBED", Labels.HOSPITAL_ABSORBED), Map.entry("PATIENT", Labels.PATIENT),
            Map.entry("SETTLEMENT_ID", Labels.SETTLEMENT_ID), Map.entry("POLICY", Labels.POLICY), Map.entry("REVERSAL", Labels.REVERSAL),
            Map.entry("STATEMENT", Labels.STATEMENT), Map.entry("PROVISIONAL", Labels.PROVISIONAL), Map.entry("OWES", Labels.OWES),
            Map.entry("OWED", Labels.OWED), Map.entry("DESIGNATED", Labels.DESIGNATED),
            Map.entry("CATEGORIES", Labels.CATEGORIES), Map.entry("SCHEMES", Labels.SCHEMES), Map.entry("VISIT_TYPES", Labels.VISIT_TYPES),
            Map.entry("LEVELS", Labels.LEVELS), Map.entry("STATUSES", Labels.STATUSES), Map.entry("IMPORT_MODES", Labels.IMPORT_MODES),
            Map.entry("IMPORT_PHASES", Labels.IMPORT_PHASES), Map.entry("PROBLEM_KINDS", Labels.PROBLEM_KINDS), Map.entry("ROLES", Labels.ROLES));
}
