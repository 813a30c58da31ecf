package onestop.engine.domain.policy;

import java.util.Set;
import onestop.engine.domain.Category;
import onestop.engine.domain.money.Rate;

/** 倾斜支付: for holders of these categories the threshold is scaled, every rate gains a bonus, the cap may go. */
public record Tilt(Set<Category> categories, Rate thresholdFactor, Rate rateBonus, boolean removeCap) {
    public Tilt {
        categories = Set.copyOf(categories);
    }
}
