package onestop.server.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onestop.server.testing.ServerFixture;

/** The real server as a separate OS process, started from the built classes, for crash tests. */
final class ServerProcess implements AutoCloseable {
    final Path data;
    final int port;
    private final Process process;

    private ServerProcess(Path data, int port, Process process) {
        this.data = data;
        this.port = port;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The command line of the server with the demo data and the example policies, plus {@code extra} options. */
    static List<String> command(Path data, int port, String... extra) throws IOException {
        Path root = ServerFixture.projectRoot();
        List<String> cmd = serverMain("--data", data.toString(), "--port", String.valueOf(port), "--demo", "--policies",
                root.resolve("examples/policies").toString());
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** {@code ServerMain} with these arguments, from the built classes, as {@code ./onestop server} runs it. */
    static List<String> serverMain(String... args) throws IOException {
        Path root = ServerFixture.projectRoot();
        Path cpFile = root.resolve("server/target/runtime-classpath.txt");
        if (!Files.exists(cpFile)) throw new IllegalStateException("run after `mvn package`: " + cpFile + " is missing");
        String cp = root.resolve("server/target/classes") + ":" + Files.readString(cpFile).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", cp, "onestop.server.ServerMain"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ServerProcess start(Path data, int port, String... extra) throws Exception {
        return start(data, port, java.util.Map.of(), extra);
    }

    static ServerProcess start(Path data, int port, java.util.Map<String, String> env, String... extra) throws Exception {
        Files.createDirectories(data);
        ProcessBuilder pb = new ProcessBuilder(command(data, port, extra)).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        ServerProcess server = new ServerProcess(data, port, p);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("server exited: " + Files.readString(data.resolve("server.log")));
            try (Socket s = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not open port " + port);
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
