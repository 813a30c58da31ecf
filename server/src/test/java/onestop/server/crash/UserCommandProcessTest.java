package onestop.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import onestop.server.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./onestop server user ...} as a process, as an operator runs it: exactly one line on stdout when it works
 * (no log lines), exactly one on stderr and exit status 1 when it does not, never a stack trace; on SQLite and on
 * PostgreSQL.
 */
@Tag("slow")
class UserCommandProcessTest {
    @TempDir
    Path temp;

    record Outcome(int exit, List<String> out, List<String> err) {}

    static Outcome run(String stdin, List<String> args) throws Exception {
        Process p = new ProcessBuilder(ServerProcess.serverMain(args.toArray(String[]::new))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the command did not end within 90 s: " + out.get());
        }
        return new Outcome(p.exitValue(), lines(out.get()), lines(err.get()));
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> user(List<String> store, String... args) {
        List<String> a = new ArrayList<>(List.of("user"));
        a.addAll(List.of(args));
        a.addAll(store);
        return a;
    }

    static void assertOneLine(Outcome o, String line) {
        assertEquals(new Outcome(0, List.of(line), List.of()), o);
    }

    static void assertOneLineFailure(Outcome o, String expected) {
        assertEquals(1, o.exit(), o.toString());
        assertEquals(List.of(), o.out(), o.toString());
        assertEquals(1, o.err().size(), o.toString());
        assertTrue(o.err().get(0).startsWith("onestop server user: ") && o.err().get(0).contains(expected), o.toString());
        assertFalse(o.toString().contains("\tat ") || o.toString().contains("Exception"), "a stack trace: " + o);
    }

    void addPasswdDisable(List<String> store) throws Exception {
        assertOneLine(run("password-one-1\n", user(store, "add", "he.admin", "--role", "ADMIN")), "office user he.admin added, role ADMIN");
        assertOneLineFailure(run("password-two-2\n", user(store, "add", "he.admin", "--role", "AUDITOR")), "office user he.admin already exists");
        assertOneLineFailure(run("short\n", user(store, "passwd", "he.admin")), "the password must be at least 10 characters (got 5)");
        assertOneLine(run("password-two-2\n", user(store, "passwd", "he.admin")), "office user he.admin: password changed");
        assertOneLine(run("", user(store, "disable", "he.admin")), "office user he.admin disabled");
        assertOneLineFailure(run("", user(store, "disable", "nobody")), "no office user nobody");
    }

    @Test
    void onSqlite() throws Exception {
        addPasswdDisable(List.of("--data", temp.resolve("data").toString()));
    }

    @Test
    void onPostgres() throws Exception {
        String url = PostgresServer.get().newDatabase("usercli");
        addPasswdDisable(List.of("--data", temp.resolve("data").toString(), "--db", url, "--db-user", "postgres"));
    }

    @Test
    void anUnreachableStoreIsOneLine() throws Exception {
        int closed = ServerProcess.freePort();
        assertOneLineFailure(run("password-one-1\n", user(List.of("--data", temp.resolve("data").toString(), "--db",
                        "jdbc:postgresql://127.0.0.1:" + closed + "/onestop", "--db-user", "onestop"), "add", "he.admin", "--role", "ADMIN")),
                "store PostgreSQL jdbc:postgresql://127.0.0.1:" + closed + "/onestop: cannot connect");
    }
}
