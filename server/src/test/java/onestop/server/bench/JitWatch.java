package onestop.server.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's JIT compiler threads (HotSpot's "C1/C2 CompilerThreadN"), read from Linux /proc. On two cores the C2
 * compiler takes most of a core for the first minute of load (measured: 35% of the server's CPU 40 s in, compiling TLS,
 * Netty, gRPC and the settle path), a one-off cost that would otherwise be charged to the settlements measured. A
 * warm-up therefore lasts until the compilers are quiet, not a fixed time.
 */
final class JitWatch {
    /** Quiet: the compiler threads used less than this share of one core over {@link #QUIET_WINDOW_MILLIS}. */
    static final double QUIET_CORES = 0.03;
    static final long QUIET_WINDOW_MILLIS = 3_000;
    private final long pid;

    JitWatch(long pid) {
        this.pid = pid;
    }

    /** CPU seconds the compiler threads used so far; NaN when unknown (not Linux, or the process is gone). */
    double compilerSeconds() {
        Map<String, Long> threads = threadTicks(pid);
        long ticks = 0;
        boolean any = false;
        for (Map.Entry<String, Long> e : threads.entrySet()) {
            if (!e.getKey().startsWith("C1 Compiler") && !e.getKey().startsWith("C2 Compiler")) continue;
            ticks += e.getValue();
            any = true;
        }
        return any ? ticks / 100.0 : Double.NaN;
    }

    /**
     * CPU ticks (user + system) of a process's live threads, by thread name with its trailing digits dropped
     * ("grpc-nio-worker-ELG-1-" for all of that pool); empty when unknown. A thread that has ended takes its time with it.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : ds) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // a thread that ended while being read
                }
                long[] used = CpuMeter.statTicks(t.resolve("stat"));
                if (used != null) out.merge(comm.replaceAll("[0-9]+$", ""), used[0] + used[1], Long::sum);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** The busiest thread groups of {@code after} minus {@code before}, e.g. "agent-background 21.3 s, grpc-nio-worker-ELG-1- 9.1 s". */
    static String busiest(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 100.0))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Waits at least {@code minNanos}, then until the compilers are quiet or {@code maxNanos} have passed. Returns
     * whether the compilers went quiet (false also when they cannot be seen: then only the minimum was waited).
     */
    boolean awaitQuiet(long minNanos, long maxNanos) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(minNanos));
        double before = compilerSeconds();
        if (Double.isNaN(before)) return false;
        while (System.nanoTime() - start < maxNanos) {
            Thread.sleep(QUIET_WINDOW_MILLIS);
            double now = compilerSeconds();
            if (Double.isNaN(now)) return false;
            if ((now - before) / (QUIET_WINDOW_MILLIS / 1000.0) < QUIET_CORES) return true;
            before = now;
        }
        return false;
    }
}
