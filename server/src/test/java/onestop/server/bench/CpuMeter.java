package onestop.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the machine's CPU went during a phase's measured window (Linux /proc): the whole machine, each process measured
 * (the server, the agent), this JVM (the load generator or the JDBC phase), and everything else — on a shared machine,
 * other work skews the figures. Made when the window opens, read when it closes, so warm-up (JIT compiling included) is
 * not counted.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on Linux/x86 and arm64
    private final Map<String, Long> pids;
    private final long wallStart = System.nanoTime();
    private final long[] machineStart = machine();
    private final long selfStart = ticks(ProcessHandle.current().pid());
    private final Map<String, long[]> starts = new LinkedHashMap<>();

    /** The server process alone ({@code serverPid} 0: none, only this JVM). */
    CpuMeter(long serverPid) {
        this(serverPid > 0 ? Map.of("server", serverPid) : Map.of());
    }

    /** Processes by the name the report gives them, in the order given. */
    CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.forEach((name, pid) -> starts.put(name, both(pid)));
    }

    /** CPU seconds (user + system) the server process used since this meter was made; NaN when unknown. */
    double serverSeconds() {
        return seconds("server");
    }

    /** CPU seconds (user + system) the named process used since this meter was made; NaN when unknown or ended. */
    double seconds(String name) {
        Long pid = pids.get(name);
        if (pid == null) return Double.NaN;
        long[] now = both(pid);
        return now[0] + now[1] <= 0 ? Double.NaN : (now[0] + now[1] - starts.get(name)[0] - starts.get(name)[1]) / TICKS_PER_SECOND;
    }

    /** e.g. "cpu (2 cores): machine 1.93, server 0.71 (kernel 0.20), load generator 0.58, other 0.64 cores busy"; empty off Linux. */
    String report(String selfName) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long[] m = machine();
        if (m == null || machineStart == null || wall <= 0) return "";
        double busy = (m[0] - machineStart[0]) / TICKS_PER_SECOND / wall;
        double self = Math.max(0, ticks(ProcessHandle.current().pid()) - selfStart) / TICKS_PER_SECOND / wall;
        StringBuilder measured = new StringBuilder();
        double children = 0;
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            long[] now = both(e.getValue());
            long[] then = starts.get(e.getKey());
            double all = Math.max(0, now[0] + now[1] - then[0] - then[1]) / TICKS_PER_SECOND / wall;
            double kernel = Math.max(0, now[1] - then[1]) / TICKS_PER_SECOND / wall;
            children += all;
            measured.append(String.format(Locale.ROOT, "%s %.2f (kernel %.2f), ", e.getKey(), all, kernel));
        }
        double other = Math.max(0, busy - self - children);
        return String.format(Locale.ROOT, "cpu (%d cores): machine %.2f, %s%s %.2f, other %.2f cores busy",
                Runtime.getRuntime().availableProcessors(), busy, measured, selfName, self, other);
    }

    /** {busy, total} jiffies of all CPUs, or null. */
    private static long[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0); // cpu user nice system idle iowait irq softirq steal ...
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {utime, stime} in ticks from a /proc stat file (a process's or a thread's), or null when it cannot be read. */
    static long[] statTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+"); // fields from 3 (state) on
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // utime (14), stime (15)
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of a process, in ticks (0 when unknown, e.g. it has ended). */
    private static long ticks(long pid) {
        long[] t = both(pid);
        return t[0] + t[1];
    }

    /** {utime, stime} of a process, in ticks ({0, 0} when unknown, e.g. it has ended). */
    private static long[] both(long pid) {
        long[] t = statTicks(Path.of("/proc/" + pid + "/stat"));
        return t == null ? new long[2] : t;
    }
}
