package onestop.engine.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** What the settlement rules need of an insured person. */
public record Person(Scheme scheme, List<CategoryHolding> categories) {
    public Person {
        Objects.requireNonNull(scheme, "scheme");
        categories = List.copyOf(categories);
    }

    /** True when the person holds {@code category} on {@code date}. */
    public boolean holds(Category category, LocalDate date) {
        for (CategoryHolding h : categories) {
            if (h.category() == category && h.inForceOn(date)) return true;
        }
        return false;
    }

    /** The first category of {@code order} that the person holds on {@code date}, or null. */
    public Category firstHeld(List<Category> order, LocalDate date) {
        for (Category c : order) {
            if (holds(c, date)) return c;
        }
        return null;
    }

    /** True when the person holds any of {@code candidates} on {@code date}. */
    public boolean holdsAny(java.util.Collection<Category> candidates, LocalDate date) {
        for (CategoryHolding h : categories) {
            if (candidates.contains(h.category()) && h.inForceOn(date)) return true;
        }
        return false;
    }
}
