package onestop.server.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V10 on a SQLite store that already has requests and accumulators: every row is kept, and both tables are keyed
 * WITHOUT ROWID afterwards (one B-tree each: what a settlement's commit writes and searches).
 */
class KeyOnlyTablesMigrationTest {
    @TempDir
    Path dir;

    @Test
    void rowsSurviveAndTheTablesLoseTheirRowids() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/sqlite").target("9")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals("", tableOptions(s, "requests"), "before V10: a rowid table");
            s.executeUpdate("INSERT INTO requests (scope, request_id, operation, body_sha256, outcome_code, outcome_field, "
                    + "outcome_message, result_ref, created_at_millis) VALUES ('H:H1', 'r1', 'settle', 'ab', NULL, NULL, NULL, 'S1', 7), "
                    + "('H:H1', 'r2', 'settle', 'cd', 'PERSON_NOT_FOUND', 'id_number', 'no such person', NULL, 8)");
            s.executeUpdate("INSERT INTO accumulators (id_number, insurance_year, totals, version) VALUES ('341002195603121234', 2024, 't1', 3)");
        }

        Database.open(url, "", "", 2).close(); // migrates to the newest version, as a server's start does

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertTrue(tableOptions(s, "requests").contains("WITHOUT ROWID"), tableOptions(s, "requests"));
            assertTrue(tableOptions(s, "accumulators").contains("WITHOUT ROWID"), tableOptions(s, "accumulators"));
            assertEquals("H:H1|r1|settle|ab|null|null|null|S1|7;H:H1|r2|settle|cd|PERSON_NOT_FOUND|id_number|no such person|null|8",
                    rows(s, "SELECT * FROM requests ORDER BY request_id", 9));
            assertEquals("341002195603121234|2024|t1|3", rows(s, "SELECT * FROM accumulators", 4));
        }
    }

    /** What follows the column list in the table's CREATE statement. */
    private static String tableOptions(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            assertTrue(rs.next(), "no table " + table);
            String sql = rs.getString(1);
            return sql.substring(sql.lastIndexOf(')') + 1).trim();
        }
    }

    private static String rows(Statement s, String sql, int columns) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (b.length() > 0) b.append(';');
                for (int i = 1; i <= columns; i++) b.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
        }
        return b.toString();
    }
}
