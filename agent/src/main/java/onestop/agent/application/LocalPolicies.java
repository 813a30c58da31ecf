package onestop.agent.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
    private volatile List<PolicyDocument> documents = List.of();

    public LocalPolicies(LocalStore store) {
        this.store = store;
        reload();
    }

    public void reload() {
        documents = List.copyOf(store.policies());
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

    /** The policy for a 6-digit region and a year, or POLICY_NOT_FOUND naming {@code field}. */
    public Policy active(String region, int year, String field) {
        Optional<PolicyDocument> d = documents.stream().filter(p -> p.getRegion().equals(region) && p.getYear() == year)
                .max(Comparator.comparingLong(PolicyDocument::getLoadedAtMillis));
        if (d.isEmpty()) {
            throw new AgentException(ResultCode.POLICY_NOT_FOUND, field, "no policy for region " + region + " and year " + year
                    + " in the local copy (synced from the server)");
        }
        return check(d.get());
    }

    /** A supplementary tier's own name (扶贫保险) in the policy {@code policyId} as kept here, or empty. */
    public Optional<String> tierName(String policyId, String tierId) {
        return documents.stream().filter(d -> d.getPolicyId().equals(policyId)).max(Comparator.comparingLong(PolicyDocument::getLoadedAtMillis))
                .flatMap(d -> check(d).supplementary().stream().filter(t -> t.id().equals(tierId)).findFirst())
                .map(t -> t.name());
    }

    public int count() {
        return documents.size();
    }
}
