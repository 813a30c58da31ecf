package onestop.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import onestop.server.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the start can fail ends in one line on stderr saying what and where, no stack trace anywhere, and a
 * non-zero exit status: a read-only or full disk (real tmpfs mounts), a database locked by another process, PostgreSQL
 * unreachable or refusing the password, the port taken, bad TLS files, a password on the command line.
 */
@Tag("slow")
class ServerStartFailuresTest {
    @TempDir
    Path temp;

    record Outcome(int exit, String stdout, String stderr) {}

    static Outcome run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the server did not stop by itself within 90 s: " + out.get());
        }
        return new Outcome(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The start fails with exactly one stderr line containing {@code expected}; nothing anywhere looks like a stack trace. */
    static void assertOneLineFailure(Outcome o, String expected) {
        String all = "exit " + o.exit() + "\n--- stdout\n" + o.stdout() + "\n--- stderr\n" + o.stderr();
        assertNotEquals(0, o.exit(), all);
        List<String> errLines = o.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, errLines.size(), "one line on stderr: " + all);
        assertTrue(errLines.get(0).startsWith("onestop server: cannot start: "), all);
        // paths are masked like everything else in the line: a temp folder's 18-digit name may look like an ID number
        String shown = onestop.server.adapters.logging.MaskIdNumbers.mask(expected);
        assertTrue(errLines.get(0).contains(shown), "expected «" + shown + "» in: " + errLines.get(0));
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread") || all.contains("Caused by:"), "a stack trace: " + all);
        assertFalse(o.stdout().lines().anyMatch(l -> l.contains(" ERROR ")), "an ERROR log line besides the one line: " + all);
    }

    List<String> server(Path data, int port, String... extra) throws IOException {
        return ServerProcess.command(data, port, extra);
    }

    /** A real tmpfs at {@code dir}; the test fails (it does not skip) where mounts are not allowed. */
    static void mount(Path dir, String options) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()).redirectErrorStream(true).start();
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mount tmpfs -o " + options + " failed: " + out);
    }

    static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aReadOnlyDataFolder() throws Exception {
        Path ro = temp.resolve("ro");
        mount(ro, "ro,size=1m");
        try {
            assertOneLineFailure(run(server(ro, ServerProcess.freePort()), Map.of()), "data folder " + ro + " is not writable: Read-only file system");
        } finally {
            unmount(ro);
        }
    }

    @Test
    void aFullDisk() throws Exception {
        Path full = temp.resolve("full");
        mount(full, "size=64k");
        try {
            assertOneLineFailure(run(server(full, ServerProcess.freePort()), Map.of()), "store SQLite " + full.resolve("onestop.db") + ": the disk is full");
        } finally {
            unmount(full);
        }
    }

    @Test
    void aDatabaseLockedByAnotherProcess() throws Exception {
        Path data = temp.resolve("locked");
        int port = ServerProcess.freePort();
        try (ServerProcess first = ServerProcess.start(data, port)) {
            first.close(); // a migrated store, then stopped
        }
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("onestop.db"));
             Statement s = holder.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // as a backup tool or a second writer would hold it
            assertOneLineFailure(run(server(data, ServerProcess.freePort()), Map.of()),
                    "store SQLite " + data.resolve("onestop.db") + ": the database file is locked by another process");
            s.execute("ROLLBACK");
        }
    }

    @Test
    void postgresUnreachable() throws Exception {
        int closed = ServerProcess.freePort();
        assertOneLineFailure(run(server(temp.resolve("pg1"), ServerProcess.freePort(), "--db", "jdbc:postgresql://127.0.0.1:" + closed + "/onestop",
                "--db-user", "onestop"), Map.of()), "store PostgreSQL jdbc:postgresql://127.0.0.1:" + closed + "/onestop: cannot connect");
    }

    @Test
    void postgresPasswordComesFromTheEnvironmentOrAFileAndAWrongOneIsOneLine() throws Exception {
        PostgresServer pg = PostgresServer.get();
        pg.passwordRole("onestop_pw", "s3cret-Ω");
        String url = pg.newDatabase("startpw");
        awaitPasswordRequired(url);
        assertOneLineFailure(run(server(temp.resolve("pg2"), ServerProcess.freePort(), "--db", url, "--db-user", "onestop_pw"),
                Map.of("ONESTOP_DB_PASSWORD", "wrong")), "store PostgreSQL " + url + ": wrong password");
        Path file = Files.writeString(temp.resolve("pw.txt"), "wrong too\n");
        assertOneLineFailure(run(server(temp.resolve("pg3"), ServerProcess.freePort(), "--db", url, "--db-user", "onestop_pw",
                "--db-password-file", file.toString()), Map.of()), "wrong password");
        assertOneLineFailure(run(server(temp.resolve("pg4"), ServerProcess.freePort(), "--db", url, "--db-user", "onestop_pw",
                "--db-password-file", temp.resolve("missing.txt").toString()), Map.of()),
                "database password file " + temp.resolve("missing.txt") + " cannot be read: no such file or folder");

        // the right password, from a file and then from the environment, starts the server
        Files.writeString(file, "s3cret-Ω\n");
        try (ServerProcess ok = ServerProcess.start(temp.resolve("pg5"), ServerProcess.freePort(), "--db", url, "--db-user", "onestop_pw",
                "--db-password-file", file.toString())) {
            assertTrue(Files.readString(temp.resolve("pg5/server.log")).contains("store ready: PostgreSQL"));
        }
        try (ServerProcess ok = ServerProcess.start(temp.resolve("pg6"), ServerProcess.freePort(), Map.of("ONESTOP_DB_PASSWORD", "s3cret-Ω"),
                "--db", url, "--db-user", "onestop_pw")) {
            assertTrue(Files.readString(temp.resolve("pg6/server.log")).contains("store ready: PostgreSQL"));
        }
    }

    /** pg_reload_conf() is taken up by the postmaster shortly after it returns. */
    private static void awaitPasswordRequired(String url) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Connection c = DriverManager.getConnection(url, "onestop_pw", "not-it")) {
                Thread.sleep(50);
            } catch (java.sql.SQLException refused) {
                return;
            }
        }
        throw new AssertionError("PostgreSQL still trusts onestop_pw after reloading pg_hba.conf");
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() throws Exception {
        assertOneLineFailure(run(server(temp.resolve("argv"), ServerProcess.freePort(), "--db", "jdbc:postgresql://127.0.0.1:5/x",
                "--db-password", "hunter2"), Map.of()), "--db-password is refused");
    }

    @Test
    void aPortTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            assertOneLineFailure(run(server(temp.resolve("port"), port), Map.of()), "gRPC port " + port + " cannot be opened: Address already in use");
        }
    }

    @Test
    void badTlsFiles() throws Exception {
        Path data = temp.resolve("tls");
        Path dir = Files.createDirectories(data.resolve("tls"));
        Files.writeString(dir.resolve("server.crt"), "not a certificate\n");
        Files.writeString(dir.resolve("server.key"), "not a key\n");
        assertOneLineFailure(run(server(data, ServerProcess.freePort(), "--tls"), Map.of()),
                "TLS certificate " + dir.resolve("server.crt").toAbsolutePath() + " is not a PEM X.509 certificate");

        // a good certificate with another pair's key
        Path other = temp.resolve("other");
        onestop.server.adapters.bootstrap.TlsFiles.ensure(other);
        onestop.server.adapters.bootstrap.TlsFiles.ensure(temp.resolve("mine"));
        Files.copy(temp.resolve("mine/tls/server.crt"), dir.resolve("server.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("server.key"), "not a key\n");
        assertOneLineFailure(run(server(data, ServerProcess.freePort(), "--tls"), Map.of()),
                "TLS private key " + dir.resolve("server.key").toAbsolutePath() + " is not a PEM private key");
        Files.copy(other.resolve("tls/server.key"), dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLineFailure(run(server(data, ServerProcess.freePort(), "--tls"), Map.of()),
                "TLS private key " + dir.resolve("server.key").toAbsolutePath() + " does not belong to certificate");
    }

    @Test
    void aBadOptionIsOneLineToo() throws Exception {
        List<String> cmd = new ArrayList<>(server(temp.resolve("opt"), ServerProcess.freePort()));
        cmd.add("--colour");
        assertOneLineFailure(run(cmd, Map.of()), "unknown option --colour");
    }
}
