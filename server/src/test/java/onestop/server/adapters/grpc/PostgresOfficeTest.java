package onestop.server.adapters.grpc;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.HashMap;
import java.util.Map;
import onestop.server.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/** {@link OfficeContract} on a real PostgreSQL: the dashboard's, the search's and the day's summaries' SQL there. */
@Tag("slow")
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOfficeTest extends OfficeContract {
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(onestop.server.testing.DemoServerProperties.fresh("office-pg"));
        p.put("onestop.db-url", PostgresServer.get().newDatabase(getClass().getSimpleName()));
        p.put("onestop.db-user", "postgres");
        return p;
    }
}
