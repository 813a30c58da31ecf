package onestop.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real counter agent as a child process, started by {@code ./onestop agent} as deployed (its JVM options from
 * {@code agent/jvm.options}, its class-data archive), its settings from the environment ({@code ONESTOP_AGENT_*}, the HTTP
 * port from {@code MICRONAUT_SERVER_PORT}): TLS to the server trusting its certificate, the hospital's token and the HIS
 * API key in files. Extra JVM options (a JFR recording) come from {@code ONESTOP_BENCH_AGENT_OPTS}.
 */
final class AgentProcess implements AutoCloseable {
    static final String JVM_OPTIONS = "agent/jvm.options";
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(roster_size|roster_version)\"\\s*:\\s*(-?[0-9]+)");
    private final ChildJvm jvm;
    private final int port;
    private final String apiKey;

    private AgentProcess(ChildJvm jvm, int port, String apiKey) {
        this.jvm = jvm;
        this.port = port;
        this.apiKey = apiKey;
    }

    /**
     * Starts {@code ./onestop agent} on 127.0.0.1:{@code port} with its data in {@code dataDir} (log: {@code dataDir/agent.log}),
     * talking to the server at {@code serverAddress} (host:port) over TLS trusting {@code caCert}. The launcher execs the JVM:
     * the process started is the agent's JVM.
     */
    static AgentProcess start(Path projectRoot, Path dataDir, int port, String serverAddress, Path caCert, Path tokenFile, Path apiKeyFile)
            throws IOException {
        return start(projectRoot, dataDir, port, serverAddress, caCert, tokenFile, apiKeyFile, Map.of());
    }

    /** As above, with more settings ({@code ONESTOP_AGENT_OFFLINE_*} for the outage phase). */
    static AgentProcess start(Path projectRoot, Path dataDir, int port, String serverAddress, Path caCert, Path tokenFile, Path apiKeyFile,
                              Map<String, String> more) throws IOException {
        Path launcher = projectRoot.resolve("onestop");
        if (!Files.isExecutable(launcher)) throw new IllegalStateException("no launcher " + launcher);
        Map<String, String> env = new HashMap<>(Map.of(
                "ONESTOP_AGENT_SERVER", serverAddress,
                "ONESTOP_AGENT_CA_CERT", caCert.toString(),
                "ONESTOP_AGENT_TOKEN_FILE", tokenFile.toString(),
                "ONESTOP_AGENT_API_KEY_FILE", apiKeyFile.toString(),
                "ONESTOP_AGENT_DATA", dataDir.toString(),
                "ONESTOP_AGENT_CARD_READER_KIND", "none",
                "MICRONAUT_SERVER_PORT", String.valueOf(port),
                "JAVA", ChildJvm.java()));
        env.putAll(more);
        List<String> profile = ChildJvm.profileOptions("agent", "ONESTOP_BENCH_AGENT_OPTS");
        if (!profile.isEmpty()) env.put("ONESTOP_JAVA_OPTS", String.join(" ", profile));
        String key = Files.readString(apiKeyFile).strip();
        return new AgentProcess(ChildJvm.start("agent", List.of(launcher.toString(), "agent"), dataDir, env), port, key);
    }

    long pid() {
        return jvm.pid();
    }

    int port() {
        return port;
    }

    String apiKey() {
        return apiKey;
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** A keep-alive client of this agent's HTTP API. */
    LocalHttp client() {
        return new LocalHttp(ChildJvm.HOST, port);
    }

    /**
     * Polls {@code GET /health} every 10 ms on a new connection until it answers 200; returns the nanoseconds from just
     * before the process was started to that answer. Fails when the process ends or {@code timeoutMillis} pass.
     */
    long awaitReady(long timeoutMillis) throws InterruptedException {
        long until = jvm.startNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String last = "no answer";
        while (System.nanoTime() < until) {
            jvm.checkAlive("before answering /health");
            try (LocalHttp http = client()) {
                LocalHttp.Answer a = http.get("/health", null);
                long at = System.nanoTime();
                if (a.status() == 200) return at - jvm.startNanos();
                last = a.status() + " " + a.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the agent did not answer /health within " + timeoutMillis / 1000 + " s (last: " + last + "):\n"
                + jvm.logTail(40));
    }

    /** {@code roster_size} and {@code roster_version} from {@code GET /api/v1/status}. */
    long[] roster(LocalHttp http) throws IOException {
        LocalHttp.Answer a = http.get("/api/v1/status", apiKey);
        if (a.status() != 200) throw new IOException("status answered " + a.status() + ": " + a.body());
        long[] out = {-1, -1};
        Matcher m = NUMBER_FIELD.matcher(a.body());
        while (m.find()) out[m.group(1).equals("roster_size") ? 0 : 1] = Long.parseLong(m.group(2));
        if (out[0] < 0 || out[1] < 0) throw new IOException("status without roster_size and roster_version: " + a.body());
        return out;
    }

    /** VmRSS, VmHWM (peak), RssAnon and RssFile of the agent process, KiB. */
    long[] residentKib() {
        return jvm.residentKib();
    }

    /**
     * The JVM's own account of its memory ({@code jcmd PID VM.native_memory summary}: heap, class space, code, arenas...)
     * when the agent runs with {@code -XX:NativeMemoryTracking=summary} (e.g. from {@code ONESTOP_BENCH_AGENT_OPTS}); the
     * committed size of each category, one line, or empty.
     */
    String nativeMemory() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid()),
                    "VM.native_memory", "summary").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            StringBuilder b = new StringBuilder();
            Matcher m = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(out);
            while (m.find()) {
                long kib = Long.parseLong(m.group(2));
                if (kib >= 1024) b.append(b.length() == 0 ? "" : ", ").append(m.group(1).trim()).append(' ').append(kib / 1024).append(" MB");
            }
            Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
            return total.find() ? "committed " + Long.parseLong(total.group(1)) / 1024 + " MB: " + b : "";
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    String logTail(int lines) {
        return jvm.logTail(lines);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
