package onestop.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The central server as it is deployed, in its own JVM, for the agent's slow tests: started from the server module's
 * build output ({@code server/target/classes} and {@code runtime-classpath.txt}: {@code mvn -o -q package -DskipTests
 * -pl server -am}) as {@code ./onestop up} starts it: TLS on (its self-signed pair made in the data folder), SQLite in
 * a temp folder, the demo hospitals and roster, the example policies. The agent has no compile-time link to the
 * server module: this is the wire, nothing else.
 */
public final class RealServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Path root;
    private final Path data;
    private final int port;
    private final Process process;

    private RealServer(Path root, Path data, int port, Process process) {
        this.root = root;
        this.data = data;
        this.port = port;
        this.process = process;
    }

    /** The project's root: the folder above the working directory that holds examples/policies and a pom.xml. */
    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/policies")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no examples/policies above " + Path.of("").toAbsolutePath());
    }

    /** Starts it and waits (up to 90 s) until it has written its certificate and listens. */
    public static RealServer start(Path data) throws IOException, InterruptedException {
        return start(data, freePort());
    }

    /** Started again over the same data folder and port (after {@link #kill}): what the agents knew of it still holds. */
    public static RealServer start(Path data, int port) throws IOException, InterruptedException {
        Path root = projectRoot();
        Files.createDirectories(data);
        List<String> cmd = java();
        cmd.addAll(List.of("-Xmx256m", "-Dgrpc.server.host=" + HOST, "-cp", classpath(root), "onestop.server.ServerMain", "--tls", "--demo",
                "--data", data.toString(), "--port", String.valueOf(port), "--policies", root.resolve("examples/policies").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        // the server reads ONESTOP_*, GRPC_* and MICRONAUT_* from the environment: none of the caller's may leak in
        pb.environment().keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        RealServer server = new RealServer(root, data, port, pb.start());
        server.awaitListening(TimeUnit.SECONDS.toNanos(90));
        return server;
    }

    private static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    private static String classpath(Path root) throws IOException {
        Path classes = root.resolve("server/target/classes");
        Path list = root.resolve("server/target/runtime-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(list)) {
            throw new IllegalStateException("the server module is not built (no " + list + "): mvn -o -q package -DskipTests -pl server -am");
        }
        return classes + ":" + Files.readString(list, StandardCharsets.UTF_8).strip();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(long timeoutNanos) throws InterruptedException {
        long until = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < until) {
            if (!process.isAlive()) throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + log());
            if (Files.isRegularFile(certificate())) {
                try (Socket s = new Socket(HOST, port)) {
                    return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not listen on " + HOST + ":" + port + " in time:\n" + log());
    }

    /** {@code ./onestop server token --hospital CODE}: a bearer token signed with this server's secret. */
    public String hospitalToken(String hospital) throws IOException, InterruptedException {
        return token("--hospital", hospital);
    }

    /** {@code ./onestop server token --office NAME --role ROLE}: an office user's bearer token. */
    public String officeToken(String name, String role) throws IOException, InterruptedException {
        return token("--office", name, "--role", role);
    }

    private String token(String... who) throws IOException, InterruptedException {
        List<String> cmd = java();
        cmd.addAll(List.of("-cp", classpath(root), "onestop.server.ServerMain", "token"));
        cmd.addAll(List.of(who));
        cmd.addAll(List.of("--days", "1", "--data", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(data.toFile()).redirectError(data.resolve("token.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("no token: " + Files.readString(data.resolve("token.log")));
        }
        List<String> lines = out.strip().lines().toList();
        String token = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        if (!token.startsWith("os1.")) throw new IllegalStateException("not a token: " + out);
        return token;
    }

    public int port() {
        return port;
    }

    /** What agents trust: the certificate the server made on its first start. */
    public Path certificate() {
        return data.resolve("tls/server.crt");
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no goodbye on open connections. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("the server process did not die");
    }

    public String log() {
        try {
            List<String> all = Files.readAllLines(data.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
