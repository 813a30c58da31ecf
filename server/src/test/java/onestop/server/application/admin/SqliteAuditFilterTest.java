package onestop.server.application.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditFilterTest extends AuditFilterContract {
    @TempDir
    Path dir;

    @Override
    ServerFixture fixture() {
        return ServerFixture.sqlite(dir);
    }

    /** One actor's or one action's entries are found through their index, newest first, not by reading the whole trail. */
    @Test
    void actorAndActionFiltersUseTheirIndexes() {
        assertTrue(plan("SELECT * FROM audit WHERE id < 9 AND actor = 'a' ORDER BY id DESC LIMIT 3").contains("audit_by_actor"));
        assertTrue(plan("SELECT * FROM audit WHERE id < 9 AND action = 'a' ORDER BY id DESC LIMIT 3").contains("audit_by_action"));
    }

    private String plan(String sql) {
        return f.db.read(c -> {
            StringBuilder s = new StringBuilder();
            try (var rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                while (rs.next()) s.append(rs.getString("detail")).append('\n');
            }
            return s.toString();
        });
    }
}
