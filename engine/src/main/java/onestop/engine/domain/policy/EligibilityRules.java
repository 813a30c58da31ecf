package onestop.engine.domain.policy;

import java.util.List;
import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.Document;

/** 免押金 / 先诊疗后付费 rules (SETTLEMENT.md §7). */
public record EligibilityRules(Set<Category> categories, List<Category> priority, Scope scope,
                               Set<Category> referralCategories, Set<Document> documents, boolean agreementRequired) {
    /** The area a person may be treated in without referral: how many leading digits of the county code must match. */
    public enum Scope {
        COUNTY(6), CITY(4), PROVINCE(2);

        private final int digits;

        Scope(int digits) {
            this.digits = digits;
        }

        public boolean sameArea(String personCounty, String hospitalCounty) {
            return personCounty.length() >= digits && hospitalCounty.length() >= digits
                    && personCounty.regionMatches(0, hospitalCounty, 0, digits);
        }
    }

    public EligibilityRules {
        categories = Set.copyOf(categories);
        priority = List.copyOf(priority);
        referralCategories = Set.copyOf(referralCategories);
        documents = Set.copyOf(documents);
    }
}
