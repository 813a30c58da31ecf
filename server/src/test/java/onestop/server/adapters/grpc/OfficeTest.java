package onestop.server.adapters.grpc;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** {@link OfficeContract} on SQLite. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficeTest extends OfficeContract {
    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("office");
    }
}
