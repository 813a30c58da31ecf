package onestop.server.application.settlement;

import java.util.ArrayList;
import java.util.List;
import onestop.engine.application.SettlementEngine;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.Tag;

/** The ledger contract on a real PostgreSQL; the concurrency test runs two instances on one database. */
@Tag("slow")
class PostgresLedgerTest extends LedgerContract {
    private final List<Database> extra = new ArrayList<>();

    @Override
    ServerFixture fixture() {
        return ServerFixture.postgres(getClass().getSimpleName());
    }

    @Override
    List<LedgerService> servers() {
        // A second "server instance": its own pool, registry and ledger over the same database.
        Database second = Database.open(f.db.jdbcUrl(), "postgres", "", 16);
        extra.add(second);
        JdbcStore store = new JdbcStore(second);
        PolicyRegistry policies = new PolicyRegistry(store, f.clock);
        return List.of(f.ledger, new LedgerService(store, policies, new SettlementEngine(), f.clock));
    }

    @Override
    void closeExtra(List<LedgerService> instances) {
        extra.forEach(Database::close);
    }
}
