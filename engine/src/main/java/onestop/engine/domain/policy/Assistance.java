package onestop.engine.domain.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.VisitType;

/** 医疗救助: which identity wins, and each identity's banded rates. */
public record Assistance(List<Category> priority, Map<Category, AssistanceCategory> categories) {
    public record AssistanceCategory(Set<VisitType> visitTypes, Bands bands) {
        public AssistanceCategory {
            visitTypes = Set.copyOf(visitTypes);
        }
    }

    public Assistance {
        priority = List.copyOf(priority);
        categories = Map.copyOf(categories);
    }

    public static Assistance none() {
        return new Assistance(List.of(), Map.of());
    }
}
