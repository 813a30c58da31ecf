package onestop.server.application.sync;

import java.util.List;
import java.util.function.Consumer;
import onestop.engine.domain.Outcome;
import onestop.server.application.Checks;
import onestop.server.application.ports.Store;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;

/** What an agent keeps locally: its region's policies and its area's roster, as deltas since a version. */
public final class RosterSync {
    public static final int MAX_PERSONS = 50_000;
    public static final int DEFAULT_PERSONS = 10_000;
    static final int PAGE = 1_000;

    private final Store store;

    public RosterSync(Store store) {
        this.store = store;
    }

    private Outcome<Hospital> hospitalOf(Caller caller) {
        if (!caller.isHospital()) return Outcome.ok(null);
        return store.read(tx -> tx.hospital(caller.hospitalCode())).<Outcome<Hospital>>map(Outcome::ok)
                .orElseGet(() -> Outcome.rejected(ResultCode.HOSPITAL_NOT_FOUND, "", "hospital " + caller.hospitalCode() + " is not registered"));
    }

    public Outcome<List<PolicyDocument>> policies(Caller caller, String region) {
        String r = region == null ? "" : region;
        if (r.isEmpty()) {
            Outcome<Hospital> h = hospitalOf(caller);
            if (!h.isOk()) return Outcome.rejected(h.rejection());
            if (h.value() == null) return Outcome.rejected(Checks.invalid("region", "region is required for office callers"));
            r = h.value().county().substring(0, 4) + "00";
        } else {
            Rejection bad = Checks.areaCode("region", r);
            if (bad != null) return Outcome.rejected(bad);
        }
        String region6 = r;
        return Outcome.ok(store.read(tx -> tx.policies(region6)));
    }

    public record RosterQuery(String area, long sinceVersion, int maxPersons) {}

    public Outcome<RosterQuery> query(Caller caller, String area, long sinceVersion, int maxPersons) {
        String a = area == null ? "" : area;
        if (a.isEmpty()) {
            Outcome<Hospital> h = hospitalOf(caller);
            if (!h.isOk()) return Outcome.rejected(h.rejection());
            if (h.value() == null) return Outcome.rejected(Checks.invalid("area", "area is required for office callers"));
            a = h.value().county().substring(0, 4);
        } else if (!a.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}")) {
            return Outcome.rejected(Checks.invalid("area", "area must be an area-code prefix of 2, 4 or 6 digits"));
        }
        if (sinceVersion < 0) return Outcome.rejected(Checks.invalid("since_version", "since_version must not be negative"));
        if (maxPersons < 0 || maxPersons > MAX_PERSONS) {
            return Outcome.rejected(Checks.invalid("max_persons", "max_persons must be 0 to " + MAX_PERSONS));
        }
        return Outcome.ok(new RosterQuery(a, sinceVersion, maxPersons == 0 ? DEFAULT_PERSONS : maxPersons));
    }

    /** Persons changed since the version, oldest change first, in pages, at most {@code maxPersons}. */
    public void stream(RosterQuery q, Consumer<PersonRecord> sink) {
        long since = q.sinceVersion();
        int left = q.maxPersons();
        while (left > 0) {
            long s = since;
            int n = Math.min(PAGE, left);
            List<PersonRecord> page = store.read(tx -> tx.personsChangedSince(q.area(), s, n));
            page.forEach(sink);
            if (page.size() < n) return;
            left -= page.size();
            since = page.get(page.size() - 1).rosterVersion();
        }
    }
}
