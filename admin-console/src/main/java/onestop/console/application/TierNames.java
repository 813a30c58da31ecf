package onestop.console.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.policy.SupplementaryTier;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.PolicyDocument;

/**
 * A supplementary tier's own name from its policy (扶贫补充医疗保险), as the glossary asks the statement to say it. Read
 * from the policy the server stored and validated, with the engine's reader (its YAML bounded: ten aliases at most, a
 * policy's size); an uploaded or draft text is never parsed here. Kept per policy text for an hour; a policy that
 * cannot be read, or that the role may not see, leaves the tier named by its id.
 */
public final class TierNames {
    private final OfficeServer server;
    private final Cache<String, Map<String, String>> bySha = Caffeine.newBuilder().maximumSize(200).expireAfterWrite(Duration.ofHours(1)).build();

    public TierNames(OfficeServer server) {
        this.server = server;
    }

    /** Tier id → name for the policy's current version; empty when it cannot be had. */
    public Map<String, String> of(String token, String policyId) {
        if (policyId == null || policyId.isEmpty()) return Map.of();
        try {
            List<PolicyDocument> versions = server.policyVersions(token, ListPolicyVersionsRequest.newBuilder().setPolicyId(policyId).build())
                    .getVersionsList();
            if (versions.isEmpty()) return Map.of();
            PolicyDocument d = versions.get(0);
            return bySha.get(d.getSha256(), k -> read(d));
        } catch (ConsoleException e) {
            return Map.of();
        }
    }

    private static Map<String, String> read(PolicyDocument d) {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (SupplementaryTier t : PolicyReader.read(d.getPolicyId() + ".yaml", d.getYaml()).supplementary()) names.put(t.id(), t.name());
        } catch (RuntimeException unreadable) {
            // the server took it; if this reader does not, the ids will do
        }
        return names;
    }
}
