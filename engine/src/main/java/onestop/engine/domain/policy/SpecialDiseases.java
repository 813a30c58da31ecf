package onestop.engine.domain.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.money.Rate;

/** 单病种限额: serious diseases settled by quota (SETTLEMENT.md §4). */
public record SpecialDiseases(Set<Scheme> schemes, Rate basicRate, List<Group> groupOrder, Map<String, Disease> diseases) {
    public record Group(String name, Set<Category> categories, Rate assistanceRate) {
        public Group {
            categories = Set.copyOf(categories);
        }
    }

    public record Disease(String code, String name, long quotaFen) {}

    public SpecialDiseases {
        schemes = Set.copyOf(schemes);
        groupOrder = List.copyOf(groupOrder);
        diseases = Map.copyOf(diseases);
    }
}
