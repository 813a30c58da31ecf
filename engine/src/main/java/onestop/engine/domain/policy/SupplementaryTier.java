package onestop.engine.domain.policy;

import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;

/** A supplementary tier (扶贫保险, 职工补充医疗, …). Empty {@code categories}: everyone of the schemes. */
public record SupplementaryTier(String id, String name, Set<Scheme> schemes, Set<Category> categories,
                                Set<VisitType> visitTypes, Bands bands) {
    public SupplementaryTier {
        schemes = Set.copyOf(schemes);
        categories = Set.copyOf(categories);
        visitTypes = Set.copyOf(visitTypes);
    }
}
