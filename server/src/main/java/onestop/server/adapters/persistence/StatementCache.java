package onestop.server.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one SQLite connection, kept open and reused. SQLite parses and plans a statement's SQL
 * each time it is prepared, and the driver reads its column names; a settlement runs about a dozen statements (the
 * widest an INSERT of 35 columns), all of them the same SQL every time. The SQL texts are the store's own constants,
 * so the cache stays small; past {@link #MAX_STATEMENTS} a statement is prepared and closed as before.
 *
 * <p>Used only by whoever holds the connection (the pool lends it to one thread at a time). A statement is handed out
 * with the parameters of its last run, which its next use binds anew, all of them; one whose run failed is closed and
 * prepared afresh next time.
 */
final class StatementCache {
    static final int MAX_STATEMENTS = 128;
    private final Connection raw;
    private final Map<String, PreparedStatement> bySql = new HashMap<>();

    StatementCache(Connection raw) {
        this.raw = raw;
    }

    /** A statement for {@code sql}, prepared on the raw connection (not tracked by the pool, so it outlives a loan). */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = bySql.get(sql);
        if (ps != null) return ps;
        ps = raw.prepareStatement(sql);
        if (bySql.size() < MAX_STATEMENTS) bySql.put(sql, ps);
        return ps;
    }

    /** Gives a statement back after its run: kept for the next (parameters cleared), or closed if it failed or is not kept. */
    void release(String sql, PreparedStatement ps, boolean failed) throws SQLException {
        if (!failed && bySql.get(sql) == ps) {
            // Not cleared: every use binds all of its statement's parameters again. Clearing them made SQLite throw
            // the compiled statement away and prepare it afresh at its next run (sqlite3_clear_bindings expires a
            // statement whose plan may depend on its parameters): 25-35 us instead of 6-8 us for a person's look-up.
            return;
        }
        if (bySql.get(sql) == ps) bySql.remove(sql);
        ps.close();
    }

    boolean isClosed() {
        try {
            return raw.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    void close() {
        for (PreparedStatement ps : bySql.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is going away; its statements go with it
            }
        }
        bySql.clear();
    }
}
