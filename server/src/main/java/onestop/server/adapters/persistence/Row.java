package onestop.server.adapters.persistence;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current row of a query, its columns read by name through an index computed once per SQL text. The SQLite
 * driver finds a column by name with a case-blind scan of all the columns, afresh for every result set: reading a
 * 35-column settlement by name cost more than SQLite's own search for it (profiled under load).
 */
final class Row {
    /** Column positions by lower-case name, per SQL text (the store's own constants, so a bounded set). */
    private static final Map<String, Map<String, Integer>> POSITIONS = new ConcurrentHashMap<>();
    private static final int MAX_SQL_TEXTS = 1_000;

    private final ResultSet rs;
    private final Map<String, Integer> positions;

    private Row(ResultSet rs, Map<String, Integer> positions) {
        this.rs = rs;
        this.positions = positions;
    }

    static Row of(String sql, ResultSet rs) throws SQLException {
        Map<String, Integer> p = POSITIONS.get(sql);
        if (p == null) {
            p = positions(rs.getMetaData());
            if (POSITIONS.size() < MAX_SQL_TEXTS) POSITIONS.put(sql, p);
        }
        return new Row(rs, p);
    }

    private static Map<String, Integer> positions(ResultSetMetaData md) throws SQLException {
        Map<String, Integer> p = new HashMap<>();
        for (int i = md.getColumnCount(); i >= 1; i--) p.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i); // first wins
        return Map.copyOf(p);
    }

    private int at(String column) throws SQLException {
        Integer i = positions.get(column);
        if (i == null) i = positions.get(column.toLowerCase(Locale.ROOT));
        if (i == null) throw new SQLException("no column " + column + " in the query's result");
        return i;
    }

    String getString(String column) throws SQLException {
        return rs.getString(at(column));
    }

    String getString(int column) throws SQLException {
        return rs.getString(column);
    }

    long getLong(String column) throws SQLException {
        return rs.getLong(at(column));
    }

    long getLong(int column) throws SQLException {
        return rs.getLong(column);
    }

    int getInt(String column) throws SQLException {
        return rs.getInt(at(column));
    }

    int getInt(int column) throws SQLException {
        return rs.getInt(column);
    }

    boolean getBoolean(String column) throws SQLException {
        return rs.getBoolean(at(column));
    }

    boolean getBoolean(int column) throws SQLException {
        return rs.getBoolean(column);
    }
}
