package onestop.engine.application;

import java.util.ArrayList;
import java.util.List;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.engine.domain.eligibility.EligibilityReason;
import onestop.engine.domain.policy.EligibilityRules;
import onestop.engine.domain.policy.Policy;

/** Deposit waiver and pay-after-treatment (免押金 / 先诊疗后付费), SETTLEMENT.md §7. */
public final class EligibilityEngine {

    public EligibilityDecision decide(Policy policy, EligibilityQuery q) {
        EligibilityRules rules = policy.eligibility();
        List<EligibilityReason> reasons = new ArrayList<>(5);
        if (!q.insured()) reasons.add(EligibilityReason.NOT_INSURED);

        Category category = null;
        for (Category c : rules.priority()) {
            if (rules.categories().contains(c) && holds(q.categories(), c, q)) {
                category = c;
                break;
            }
        }
        if (category == null) reasons.add(EligibilityReason.NO_ELIGIBLE_IDENTITY);
        if (!q.designated()) reasons.add(EligibilityReason.NOT_DESIGNATED_HOSPITAL);
        boolean referralCounts = q.referral() && category != null && rules.referralCategories().contains(category);
        if (!rules.scope().sameArea(q.personCounty(), q.hospitalCounty()) && !referralCounts) {
            reasons.add(EligibilityReason.OUT_OF_SCOPE);
        }
        if (!rules.documents().contains(q.document())) reasons.add(EligibilityReason.DOCUMENT_NOT_ACCEPTED);

        boolean firstFiveClear = reasons.isEmpty();
        if (firstFiveClear && rules.agreementRequired() && !q.agreementSigned()) {
            reasons.add(EligibilityReason.AGREEMENT_REQUIRED);
        }
        boolean waived = reasons.isEmpty();
        return new EligibilityDecision(waived, waived, firstFiveClear ? category : null, reasons);
    }

    private static boolean holds(List<CategoryHolding> holdings, Category c, EligibilityQuery q) {
        for (CategoryHolding h : holdings) {
            if (h.category() == c && h.inForceOn(q.date())) return true;
        }
        return false;
    }
}
