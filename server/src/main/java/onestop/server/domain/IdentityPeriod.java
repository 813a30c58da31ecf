package onestop.server.domain;

import java.time.LocalDate;
import java.util.Objects;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;

/**
 * An assistance identity held over a period, as a department's list says (dates inclusive, null
 * is open). {@code department} is who certified it (民政局, 乡村振兴局, …); {@code source} the list
 * it came from (file name, or "admin" for a hand edit).
 */
public record IdentityPeriod(Category category, LocalDate from, LocalDate to, String department, String source) {
    public IdentityPeriod {
        Objects.requireNonNull(category, "category");
        department = department == null ? "" : department;
        source = source == null ? "" : source;
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("identity period ends before it starts: " + from + ".." + to);
        }
    }

    public CategoryHolding holding() {
        return new CategoryHolding(category, from, to);
    }

    /** True when the two periods share at least one day. */
    public boolean overlaps(LocalDate otherFrom, LocalDate otherTo) {
        boolean startsBeforeOtherEnds = from == null || otherTo == null || !from.isAfter(otherTo);
        boolean endsAfterOtherStarts = to == null || otherFrom == null || !to.isBefore(otherFrom);
        return startsBeforeOtherEnds && endsAfterOtherStarts;
    }
}
