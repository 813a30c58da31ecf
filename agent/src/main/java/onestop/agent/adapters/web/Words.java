package onestop.agent.adapters.web;

import java.util.List;
import java.util.Map;
import onestop.agent.application.Labels;

/** The glossary's words as the templates read them ({@code ${L.TOTAL}}): one source, {@link Labels}. */
final class Words {
    private Words() {}

    static final Map<String, Object> ALL = Map.ofEntries(
            Map.entry("TOTAL", Labels.TOTAL), Map.entry("OUT_OF_SCOPE", Labels.OUT_OF_SCOPE), Map.entry("PRIOR_SELF_PAY", Labels.PRIOR_SELF_PAY),
            Map.entry("PATIENT", Labels.PATIENT), Map.entry("SETTLEMENT_ID", Labels.SETTLEMENT_ID), Map.entry("POLICY", Labels.POLICY),
            Map.entry("REVERSAL", Labels.REVERSAL), Map.entry("PRE_SETTLEMENT", Labels.PRE_SETTLEMENT), Map.entry("STATEMENT", Labels.STATEMENT),
            Map.entry("AGREEMENT", Labels.AGREEMENT), Map.entry("REFERRAL", Labels.REFERRAL), Map.entry("NOTICE", Labels.NOTICE),
            Map.entry("NOTICE_WHERE_TO_ASK", Labels.NOTICE_WHERE_TO_ASK),
            Map.entry("DOCUMENTS", Labels.DOCUMENTS), Map.entry("VISIT_TYPES", Labels.VISIT_TYPES), Map.entry("LEVELS", Labels.LEVELS),
            Map.entry("CATEGORIES", Labels.CATEGORIES), Map.entry("DEPOSIT_WAIVED", Labels.DEPOSIT_WAIVED),
            Map.entry("DEPOSIT_REQUIRED", Labels.DEPOSIT_REQUIRED), Map.entry("PAY_AFTER", Labels.PAY_AFTER),
            Map.entry("NO_PAY_AFTER", Labels.NO_PAY_AFTER),
            // the choices of the forms' lists, in the order a clerk meets them
            Map.entry("DOCUMENT_CODES", List.of("ID_CARD", "SOCIAL_SECURITY_CARD", "E_VOUCHER", "HOUSEHOLD_REGISTER")),
            Map.entry("VISIT_TYPE_CODES", List.of("INPATIENT", "OUTPATIENT")),
            Map.entry("LEVEL_CODES", List.of("PRIMARY", "SECONDARY", "TERTIARY")));
}
