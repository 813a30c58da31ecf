package onestop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.security.PasswordHashes;
import onestop.server.domain.AuditEntry;
import onestop.server.domain.AuditFilter;
import onestop.server.domain.OfficeUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./onestop server user ...} in process: one line out for each command, one line on stderr and status 1 for bad input. */
class UserCommandTest {
    @TempDir
    Path data;

    record Run(int exit, List<String> out, List<String> err) {}

    Run user(String stdin, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--data", data.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = UserCommand.run(a, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    static void assertFails(Run r, String expected) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of(), r.out(), r.toString());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).startsWith("onestop server user: ") && r.err().get(0).contains(expected), r.toString());
    }

    <T> T inStore(java.util.function.Function<onestop.server.application.ports.StoreTx, T> read) {
        try (Database db = Database.open("jdbc:sqlite:" + data.resolve("onestop.db"), "", "", 2)) {
            return new JdbcStore(db).read(read);
        }
    }

    @Test
    void addPasswdAndDisableEachPrintOneLineAndAreAudited() {
        Run added = user("first-password-1\n", "add", "liu.admin", "--role", "ADMIN");
        assertEquals(new Run(0, List.of("office user liu.admin added, role ADMIN"), List.of()), added);
        OfficeUser u = inStore(tx -> tx.officeUser("liu.admin")).orElseThrow();
        assertTrue(PasswordHashes.verify("first-password-1", u.passwordHash()));

        assertEquals(new Run(0, List.of("office user liu.admin: password changed"), List.of()), user("second-password-2\n", "passwd", "liu.admin"));
        u = inStore(tx -> tx.officeUser("liu.admin")).orElseThrow();
        assertTrue(PasswordHashes.verify("second-password-2", u.passwordHash()));
        assertFalse(PasswordHashes.verify("first-password-1", u.passwordHash()));
        assertFalse(u.disabled());

        assertEquals(new Run(0, List.of("office user liu.admin disabled"), List.of()), user("", "disable", "liu.admin"));
        assertTrue(inStore(tx -> tx.officeUser("liu.admin")).orElseThrow().disabled());

        List<AuditEntry> trail = inStore(tx -> tx.auditPage(new AuditFilter("cli", "", Long.MIN_VALUE, Long.MAX_VALUE), Long.MAX_VALUE, 10));
        assertEquals(List.of("office-user-disable", "office-user-passwd", "office-user-add"), trail.stream().map(AuditEntry::action).toList());
        assertTrue(trail.stream().allMatch(e -> e.target().equals("liu.admin")));
        assertTrue(trail.stream().noneMatch(e -> e.detail().contains("password-")), "no password in the audit trail");
    }

    @Test
    void badInputIsOneLineAndChangesNothing() {
        assertFails(user("short\n", "add", "ma.civil", "--role", "CIVIL_AFFAIRS"), "the password must be at least 10 characters (got 5)");
        assertFails(user("", "add", "ma.civil", "--role", "CIVIL_AFFAIRS"), "no password: give it on the first line of standard input");
        assertFails(user("long-enough-password\n", "add", "ma.civil"), "give the role: --role ADMIN|AUDITOR|CIVIL_AFFAIRS");
        assertFails(user("long-enough-password\n", "add", "ma.civil", "--role", "HOSPITAL"), "--role must be ADMIN, AUDITOR or CIVIL_AFFAIRS");
        assertFails(user("long-enough-password\n", "add", "ma civil", "--role", "AUDITOR"), "name must be 1-64 of A-Z a-z 0-9 . _ -");
        assertFails(user("long-enough-password\n", "add", "ma.civil", "--role", "AUDITOR", "--colour", "red"), "unknown option --colour");
        assertFails(user("long-enough-password\n", "add", "ma.civil", "--role", "AUDITOR", "--db-password", "x"), "--db-password is refused");
        assertFails(user("long-enough-password\n", "remove", "ma.civil"), "usage: onestop server user add NAME");
        assertFails(user("long-enough-password\n", "passwd", "nobody"), "no office user nobody");
        assertFails(user("", "disable", "nobody"), "no office user nobody");

        assertEquals(0, user("long-enough-password\n", "add", "ma.civil", "--role", "CIVIL_AFFAIRS").exit());
        assertFails(user("another-password-3\n", "add", "ma.civil", "--role", "AUDITOR"), "office user ma.civil already exists");
        OfficeUser u = inStore(tx -> tx.officeUser("ma.civil")).orElseThrow();
        assertEquals(onestop.server.domain.Role.CIVIL_AFFAIRS, u.role());
        assertTrue(PasswordHashes.verify("long-enough-password", u.passwordHash()));
    }
}
