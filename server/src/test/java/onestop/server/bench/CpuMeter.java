package onestop.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the machine's CPU went during a phase's measured window (Linux /proc): the whole machine, the server process,
 * this JVM (the load generator or the JDBC phase), and everything else — on a shared machine, other work skews the
 * figures. Made when the window opens, read when it closes, so warm-up (JIT compiling included) is not counted.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on Linux/x86 and arm64
    private final long serverPid;
    private final long wallStart = System.nanoTime();
    private final long[] machineStart = machine();
    private final long selfStart = ticks(ProcessHandle.current().pid());
    private final long serverStart;
    private final long serverSystemStart;

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = serverPid > 0 ? ticks(serverPid) : 0;
        this.serverSystemStart = serverPid > 0 ? systemTicks(serverPid) : 0;
    }

    /** CPU seconds (user + system) the server process used since this meter was made; NaN when unknown. */
    double serverSeconds() {
        if (serverPid <= 0) return Double.NaN;
        long now = ticks(serverPid);
        return now <= 0 ? Double.NaN : (now - serverStart) / TICKS_PER_SECOND;
    }

    /** e.g. "cpu (2 cores): machine 1.93, server 0.71, load generator 0.58, other 0.64 cores"; empty off Linux. */
    String report(String selfName) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long[] m = machine();
        if (m == null || machineStart == null || wall <= 0) return "";
        double busy = (m[0] - machineStart[0]) / TICKS_PER_SECOND / wall;
        double self = Math.max(0, ticks(ProcessHandle.current().pid()) - selfStart) / TICKS_PER_SECOND / wall;
        double server = serverPid > 0 ? Math.max(0, ticks(serverPid) - serverStart) / TICKS_PER_SECOND / wall : 0;
        double serverSystem = serverPid > 0 ? Math.max(0, systemTicks(serverPid) - serverSystemStart) / TICKS_PER_SECOND / wall : 0;
        double other = Math.max(0, busy - self - server);
        return String.format(Locale.ROOT, "cpu (%d cores): machine %.2f, %s%s %.2f, other %.2f cores busy",
                Runtime.getRuntime().availableProcessors(), busy,
                serverPid > 0 ? String.format(Locale.ROOT, "server %.2f (kernel %.2f), ", server, serverSystem) : "",
                selfName, self, other);
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

    /** stime of a process (its time in the kernel: system calls, TCP, fsync), in ticks (0 when unknown). */
    private static long systemTicks(long pid) {
        long[] t = statTicks(Path.of("/proc/" + pid + "/stat"));
        return t == null ? 0 : t[1];
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
        long[] t = statTicks(Path.of("/proc/" + pid + "/stat"));
        return t == null ? 0 : t[0] + t[1];
    }
}
