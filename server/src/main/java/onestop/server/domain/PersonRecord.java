package onestop.server.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Person;
import onestop.engine.domain.Scheme;

/**
 * An insured person as the server stores them.
 *
 * @param county        6-digit area code of the insured county (参保地)
 * @param insuredYears  insurance years the person is insured for
 * @param rosterVersion the roster version of the person's last change (agents sync by it)
 */
public record PersonRecord(String idNumber, String name, Scheme scheme, String county, SortedSet<Integer> insuredYears,
                           List<IdentityPeriod> identities, long rosterVersion) {
    public PersonRecord {
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(county, "county");
        insuredYears = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(insuredYears));
        identities = List.copyOf(identities);
    }

    /** The region whose policy applies: the city of the insured county ("341002" → "341000"). */
    public String policyRegion() {
        return county.substring(0, 4) + "00";
    }

    public boolean insuredIn(int year) {
        return insuredYears.contains(year);
    }

    /** What the engine needs of this person. */
    public Person toEnginePerson() {
        return new Person(scheme, holdings());
    }

    public List<CategoryHolding> holdings() {
        List<CategoryHolding> h = new ArrayList<>(identities.size());
        for (IdentityPeriod p : identities) h.add(p.holding());
        return h;
    }

    public PersonRecord withIdentities(List<IdentityPeriod> newIdentities) {
        return new PersonRecord(idNumber, name, scheme, county, insuredYears, newIdentities, rosterVersion);
    }
}
