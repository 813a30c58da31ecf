package onestop.engine.domain;

import java.time.LocalDate;
import java.util.Objects;

/** An assistance identity held over a period; {@code from} and {@code to} are inclusive, null is open. */
public record CategoryHolding(Category category, LocalDate from, LocalDate to) {
    public CategoryHolding {
        Objects.requireNonNull(category, "category");
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("identity period ends before it starts: " + from + ".." + to);
        }
    }

    public static CategoryHolding always(Category category) {
        return new CategoryHolding(category, null, null);
    }

    public boolean inForceOn(LocalDate date) {
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }
}
