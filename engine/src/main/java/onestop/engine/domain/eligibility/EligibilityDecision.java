package onestop.engine.domain.eligibility;

import java.util.List;
import onestop.engine.domain.Category;

/**
 * @param category the identity the decision rests on; given when reasons 1–5 are clear (so the
 *                 cashier can ask for the agreement), else null
 */
public record EligibilityDecision(boolean depositWaiver, boolean payAfterTreatment, Category category,
                                  List<EligibilityReason> reasons) {
    public EligibilityDecision {
        reasons = List.copyOf(reasons);
    }
}
