package onestop.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The counter agent as a process of its own (its main class on this test's class path, its settings from the
 * environment as {@code ./onestop agent} passes them), so that a test can {@code kill -9} it mid-outage and start it
 * again over the same data folder.
 */
public final class RealAgent implements AutoCloseable {
    private final Path data;
    private final int port;
    private final Process process;

    private RealAgent(Path data, int port, Process process) {
        this.data = data;
        this.port = port;
        this.process = process;
    }

    /** Starts it on 127.0.0.1:{@code port} and waits (up to 60 s) for its /health. */
    public static RealAgent start(Path dir, int port, Map<String, String> settings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "onestop.agent.AgentMain"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        settings.forEach((k, v) -> pb.environment().put(k, v));
        pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        RealAgent agent = new RealAgent(dir, port, pb.start());
        agent.awaitHealth(TimeUnit.SECONDS.toNanos(60));
        return agent;
    }

    private void awaitHealth(long timeoutNanos) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < until) {
            if (!process.isAlive()) throw new IllegalStateException("the agent exited with " + process.exitValue() + ":\n" + log());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agent did not answer /health in time:\n" + log());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** kill -9: nothing flushed, no shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("the agent process did not die");
    }

    public String log() {
        try {
            List<String> all = Files.readAllLines(data.resolve("agent.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no agent log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
