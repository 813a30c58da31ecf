package onestop.server.application.sync;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import onestop.engine.domain.Outcome;
import onestop.server.application.Callers;
import onestop.server.application.Checks;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;

/**
 * What an agent keeps locally: its region's policies and its area's roster, as deltas since a version. A hospital
 * gets the roster of its own region only (persons.proto); office callers name any area. Every roster stream is
 * audited: who, which area, from which version, how many persons went out.
 */
public final class RosterSync {
    public static final int MAX_PERSONS = 50_000;
    public static final int DEFAULT_PERSONS = 10_000;
    static final int PAGE = 1_000;

    private final Store store;
    private final Clock clock;

    public RosterSync(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    private Outcome<Hospital> hospitalOf(Caller caller) {
        if (!caller.isHospital()) return Outcome.ok(null);
        return store.read(tx -> Callers.registeredHospital(tx, caller));
    }

    /** The region's policies, as much YAML a page as {@link PolicyRegistry#PAGE_BYTES}. */
    public Outcome<onestop.server.application.Paging.Page<PolicyDocument>> policies(Caller caller, String region, String pageToken) {
        String r = region == null ? "" : region;
        if (r.isEmpty()) {
            Outcome<Hospital> h = hospitalOf(caller);
            if (!h.isOk()) return Outcome.rejected(h.rejection());
            if (h.value() == null) return Outcome.rejected(Checks.invalid("region", "region is required for office callers"));
            r = h.value().region() + "00";
        } else {
            Rejection bad = Checks.areaCode("region", r);
            if (bad != null) return Outcome.rejected(bad);
        }
        String region6 = r;
        return PolicyRegistry.page(store.read(tx -> tx.policies(region6)), pageToken);
    }

    public record RosterQuery(Caller caller, String area, long sinceVersion, int maxPersons) {}

    public Outcome<RosterQuery> query(Caller caller, String area, long sinceVersion, int maxPersons) {
        String a = area == null ? "" : area;
        if (!a.isEmpty() && !a.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}")) {
            return Outcome.rejected(Checks.invalid("area", "area must be an area-code prefix of 2, 4 or 6 digits"));
        }
        Outcome<Hospital> h = hospitalOf(caller);
        if (!h.isOk()) return Outcome.rejected(h.rejection());
        if (h.value() == null) {
            if (a.isEmpty()) return Outcome.rejected(Checks.invalid("area", "area is required for office callers"));
        } else if (a.isEmpty()) {
            a = h.value().region();
        } else {
            Rejection outside = Callers.regionOnly(h.value(), "area", a);
            if (outside != null) return Outcome.rejected(outside);
        }
        if (sinceVersion < 0) return Outcome.rejected(Checks.invalid("since_version", "since_version must not be negative"));
        if (maxPersons < 0 || maxPersons > MAX_PERSONS) {
            return Outcome.rejected(Checks.invalid("max_persons", "max_persons must be 0 to " + MAX_PERSONS));
        }
        return Outcome.ok(new RosterQuery(caller, a, sinceVersion, maxPersons == 0 ? DEFAULT_PERSONS : maxPersons));
    }

    /**
     * Persons changed since the version, oldest change first, in pages, at most {@code maxPersons}; then one audit
     * row with the count that went out (also when the sink failed part way, e.g. the client went away).
     */
    public int stream(RosterQuery q, Consumer<PersonRecord> sink) {
        long since = q.sinceVersion();
        int left = q.maxPersons();
        int sent = 0;
        try {
            while (left > 0) {
                long s = since;
                int n = Math.min(PAGE, left);
                List<PersonRecord> page = store.read(tx -> tx.personsChangedSince(q.area(), s, n));
                for (PersonRecord p : page) {
                    sink.accept(p);
                    sent++;
                }
                if (page.size() < n) break;
                left -= page.size();
                since = page.get(page.size() - 1).rosterVersion();
            }
        } finally {
            int count = sent;
            long now = clock.millis();
            store.write(tx -> {
                tx.audit(now, q.caller().name(), "stream-roster", "area " + q.area(), "since version " + q.sinceVersion() + ", "
                        + count + " persons" + (count == q.maxPersons() ? " (limit reached)" : ""));
                return null;
            });
        }
        return sent;
    }
}
