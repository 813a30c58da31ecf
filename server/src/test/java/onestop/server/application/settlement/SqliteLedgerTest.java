package onestop.server.application.settlement;

import java.nio.file.Path;
import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest extends LedgerContract {
    @TempDir
    Path dir;

    @Override
    ServerFixture fixture() {
        return ServerFixture.sqlite(dir);
    }
}
