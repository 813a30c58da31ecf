package onestop.engine.domain.policy;

import java.util.List;
import java.util.Map;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;

/**
 * One region's settlement policy for one insurance year, validated and immutable. Built only by
 * {@code onestop.engine.application.policy.PolicyReader}.
 *
 * @param specialDiseases null when the region has no quota diseases
 * @param eligibility     null when the region has no deposit-waiver rules
 * @param alertThresholdFen 高额医疗费用预警 threshold, or -1 for none
 */
public record Policy(
        String id,
        String name,
        String region,
        int year,
        Map<Scheme, Map<VisitType, BasicParams>> basic,
        Map<Scheme, CriticalIllness> criticalIllness,
        List<SupplementaryTier> supplementary,
        Assistance assistance,
        SpecialDiseases specialDiseases,
        EligibilityRules eligibility,
        long alertThresholdFen) {

    public Policy {
        basic = Map.copyOf(basic);
        criticalIllness = Map.copyOf(criticalIllness);
        supplementary = List.copyOf(supplementary);
    }

    /** Basic parameters for a scheme and visit type, or null. */
    public BasicParams basic(Scheme scheme, VisitType type) {
        Map<VisitType, BasicParams> byType = basic.get(scheme);
        return byType == null ? null : byType.get(type);
    }
}
