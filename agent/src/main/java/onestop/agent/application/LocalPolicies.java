package onestop.agent.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import onestop.agent.domain.AgentException;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.policy.Policy;
import onestop.v1.PolicyDocument;

/**
 * The region's policies as the engine reads them, from the local copy: for a region and year, the version the server
 * loaded last. Parsed once per version (Caffeine), so a local decision costs a map look-up.
 */
public final class LocalPolicies {
    private final LocalStore store;
    private final Cache<String, Policy> parsed = Caffeine.newBuilder().maximumSize(64).build();
    private volatile Snapshot snapshot = new Snapshot(List.of());

    /** The documents as last loaded, the newest of each region and year, and the policies resolved from them. */
    private static final class Snapshot {
        final List<PolicyDocument> documents;
        final Map<RegionYear, PolicyDocument> newest = new HashMap<>();
        final Map<RegionYear, Policy> resolved = new ConcurrentHashMap<>();

        Snapshot(List<PolicyDocument> documents) {
            this.documents = List.copyOf(documents);
            for (PolicyDocument d : this.documents) {
                newest.merge(new RegionYear(d.getRegion(), d.getYear()), d, (a, b) -> b.getLoadedAtMillis() > a.getLoadedAtMillis() ? b : a);
            }
        }
    }

    private record RegionYear(String region, int year) {}

    public LocalPolicies(LocalStore store) {
        this.store = store;
        reload();
    }

    public void reload() {
        snapshot = new Snapshot(store.policies());
    }

    /** Throws when the engine cannot read the document (the server validated it; a mismatch is a bug worth stopping for). */
    public Policy check(PolicyDocument d) {
        return parsed.get(d.getPolicyId() + "/" + d.getSha256(), k -> {
            try {
                return PolicyReader.read(d.getPolicyId() + ".yaml", d.getYaml());
            } catch (PolicyException e) {
                throw new IllegalStateException("the server's policy " + d.getPolicyId() + " does not read here: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The policy for a 6-digit region and a year (the one the server loaded last), or POLICY_NOT_FOUND naming
     * {@code field}. Resolved once per sync of the policies: an answer costs a map look-up.
     */
    public Policy active(String region, int year, String field) {
        Snapshot s = snapshot; // a reload meanwhile swaps the whole snapshot: nothing stale is kept in the new one
        RegionYear key = new RegionYear(region, year);
        Policy p = s.resolved.get(key);
        if (p != null) return p;
        PolicyDocument d = s.newest.get(key);
        if (d == null) {
            throw new AgentException(ResultCode.POLICY_NOT_FOUND, field, "no policy for region " + region + " and year " + year
                    + " in the local copy (synced from the server)");
        }
        p = check(d);
        s.resolved.put(key, p);
        return p;
    }

    /** A supplementary tier's own name (扶贫保险) in the policy {@code policyId} as kept here, or empty. */
    public Optional<String> tierName(String policyId, String tierId) {
        return snapshot.documents.stream().filter(d -> d.getPolicyId().equals(policyId)).max(Comparator.comparingLong(PolicyDocument::getLoadedAtMillis))
                .flatMap(d -> check(d).supplementary().stream().filter(t -> t.id().equals(tierId)).findFirst())
                .map(t -> t.name());
    }

    public int count() {
        return snapshot.documents.size();
    }
}
