package onestop.server.application.admin;

import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.Tag;

@Tag("slow")
class PostgresAuditFilterTest extends AuditFilterContract {
    @Override
    ServerFixture fixture() {
        return ServerFixture.postgres(getClass().getSimpleName());
    }
}
