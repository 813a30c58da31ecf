package onestop.server.adapters.persistence;

import java.sql.SQLException;
import java.util.function.Function;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;

/** {@link Store} over a {@link Database}: each unit of work gets a {@link JdbcStoreTx} on one connection. */
public final class JdbcStore implements Store {
    private final Database db;

    public JdbcStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    @Override
    public <T> T write(Function<StoreTx, T> work) {
        return db.inTransaction(c -> {
            JdbcStoreTx tx = new JdbcStoreTx(c, db.dialect(), db.statements(c));
            return unwrap(() -> work.apply(tx));
        });
    }

    @Override
    public <T> T read(Function<StoreTx, T> work) {
        return db.read(c -> {
            JdbcStoreTx tx = new JdbcStoreTx(c, db.dialect(), db.statements(c));
            return unwrap(() -> work.apply(tx));
        });
    }

    /** Lets the retry loop see the SQLException a repository wrapped, so lost races are retried. */
    private static <T> T unwrap(java.util.function.Supplier<T> s) throws SQLException {
        try {
            return s.get();
        } catch (JdbcStoreTx.SqlFailure e) {
            throw e.getCause();
        }
    }
}
