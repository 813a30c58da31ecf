package onestop.server.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path tasks = Path.of("/proc/" + pid + "/task");
        long ticks = 0;
        boolean any = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // a thread that ended while being read: its time is gone with it
                }
                if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) continue;
                long[] used = CpuMeter.statTicks(t.resolve("stat"));
                if (used == null) continue;
                ticks += used[0] + used[1];
                any = true;
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return any ? ticks / 100.0 : Double.NaN;
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
