package onestop.agent.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onestop.agent.adapters.persistence.SqliteLocalStore;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.policy.Policy;
import onestop.v1.PolicyDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local policies: the one loaded last for a region and year, read once, replaced whole by the next sync. */
class LocalPoliciesTest {
    @TempDir
    Path dir;

    private static PolicyDocument huangshan(String sha, long loadedAt) throws Exception {
        String yaml = Files.readString(Path.of("../examples/policies/huangshan-2024.yaml"));
        return PolicyDocument.newBuilder().setPolicyId("huangshan-2024").setRegion("341000").setYear(2024).setYaml(yaml).setSha256(sha)
                .setLoadedAtMillis(loadedAt).build();
    }

    @Test
    void theNewestOfARegionAndYearIsReadOnceUntilTheNextSync() throws Exception {
        try (SqliteLocalStore store = SqliteLocalStore.open(dir.resolve("agent.db"))) {
            store.replacePolicies(List.of(huangshan("a".repeat(64), 1_000), huangshan("b".repeat(64), 2_000)));
            LocalPolicies policies = new LocalPolicies(store);
            Policy p = policies.active("341000", 2024, "date");
            assertEquals("huangshan-2024", p.id());
            assertSame(p, policies.active("341000", 2024, "date"), "resolved once");
            assertEquals(2, policies.count());

            AgentException none = assertThrows(AgentException.class, () -> policies.active("341000", 2019, "date"));
            assertEquals(ResultCode.POLICY_NOT_FOUND, none.code());
            assertEquals("date", none.field());

            store.replacePolicies(List.of());
            policies.reload();
            assertEquals(ResultCode.POLICY_NOT_FOUND, assertThrows(AgentException.class, () -> policies.active("341000", 2024, "date")).code(),
                    "a sync that removed the region's policy is seen at once");
        }
    }
}
