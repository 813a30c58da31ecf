package onestop.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's programs as a child JVM: run as the launcher runs it ({@code java [options] -cp
 * MODULE/target/classes:<runtime-classpath.txt> MAIN args}) or by the launcher itself, its output in a log file, none of the caller's
 * {@code ONESTOP_*}, {@code GRPC_*} or {@code MICRONAUT_*} environment let in (the programs read their settings from
 * there). Extra JVM options for a profile (a JFR recording) come from an environment variable named by the caller; "%n"
 * in them is replaced by the start's number, so that two starts of one program write two recordings.
 */
final class ChildJvm implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    /** Starts so far by program name: "%n" in the profile options is this start's number (one JFR file per start). */
    private static final Map<String, Integer> STARTS = new java.util.concurrent.ConcurrentHashMap<>();
    private final String name;
    private final Process process;
    private final Path log;
    private final long startNanos;

    private ChildJvm(String name, Process process, Path log, long startNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code mainClass} of {@code module} in {@code workDir} as {@code java [options] -cp MODULE/target/classes:...},
     * output to {@code workDir/<name>.log}.
     *
     * @param jvmOptions options before the class path (e.g. system properties)
     * @param profileEnv the environment variable whose words are added to the JVM options (e.g. a JFR recording)
     * @param env        settings given to the program through its environment
     */
    static ChildJvm start(String name, Path projectRoot, String module, List<String> jvmOptions, String profileEnv, String mainClass,
                          List<String> args, Path workDir, Map<String, String> env) {
        Path classes = projectRoot.resolve(module + "/target/classes");
        Path cpFile = projectRoot.resolve(module + "/target/runtime-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(cpFile)) {
            throw new IllegalStateException(module + " module not built (no " + cpFile + "): run mvn -B -q -o package -DskipTests");
        }
        String cp;
        try {
            cp = classes + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOptions);
        cmd.addAll(profileOptions(name, profileEnv));
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(args);
        return start(name, cmd, workDir, env);
    }

    /** This JVM's java, for the programs started (the same JDK measured on both sides). */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The words of {@code profileEnv} (JVM options for a profile), "%n" replaced by this start's number; none when unset. */
    static List<String> profileOptions(String name, String profileEnv) {
        String opts = System.getenv(profileEnv);
        int sequence = STARTS.merge(name, 1, Integer::sum);
        if (opts == null || opts.isBlank()) return List.of();
        return List.of(opts.replace("%n", String.valueOf(sequence)).trim().split("\\s+"));
    }

    /** Starts {@code command} in {@code workDir}, output to {@code workDir/<name>.log}, with {@code env} and none of the caller's settings. */
    static ChildJvm start(String name, List<String> command, Path workDir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Path log = workDir.resolve(name + ".log");
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        environment.putAll(env);
        try {
            long t0 = System.nanoTime();
            return new ChildJvm(name, pb.start(), log, t0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name, e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before {@link ProcessBuilder#start()}. */
    long startNanos() {
        return startNanos;
    }

    /** Fails, with the end of the log, when the process has ended. */
    void checkAlive(String doing) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the " + name + " exited with status " + process.exitValue() + " " + doing + ":\n" + logTail(40));
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + name + " log: " + e.getMessage() + ")";
        }
    }

    /** {@code VmRSS}, {@code VmHWM} (peak), {@code RssAnon} and {@code RssFile} from /proc/PID/status, in KiB; -1 each when unknown. */
    long[] residentKib() {
        long[] out = {-1, -1, -1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) out[0] = kib(line);
                if (line.startsWith("VmHWM:")) out[1] = kib(line);
                if (line.startsWith("RssAnon:")) out[2] = kib(line);
                if (line.startsWith("RssFile:")) out[3] = kib(line);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process has ended: unknown
        }
        return out;
    }

    private static long kib(String line) { // "VmRSS:	  123456 kB"
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** SIGTERM, up to 15 s for a clean stop, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
