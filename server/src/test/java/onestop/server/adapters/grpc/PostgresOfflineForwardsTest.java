package onestop.server.adapters.grpc;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.HashMap;
import java.util.Map;
import onestop.server.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/** {@link OfflineForwardsContract} on a real PostgreSQL: the server in process, its store a fresh database. */
@Tag("slow")
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOfflineForwardsTest extends OfflineForwardsContract {
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(onestop.server.testing.DemoServerProperties.fresh("offline-forwards-pg"));
        p.put("onestop.db-url", PostgresServer.get().newDatabase(getClass().getSimpleName()));
        p.put("onestop.db-user", "postgres");
        return p;
    }
}
