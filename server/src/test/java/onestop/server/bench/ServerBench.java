package onestop.server.bench;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.domain.Caller;

/**
 * {@code ./onestop bench server}: the real server as a separate process over a durable SQLite file, as deployed (TLS
 * on, bearer tokens checked), loaded by N asynchronous gRPC clients settling for M persons. Four phases: a closed loop
 * (peak committed settlements/s, p50/p99, server CPU per settlement), a closed loop of Echo calls (the floor: server
 * CPU per call through the same TLS, token check and interceptors), an open loop at 70% of the settle peak (p50/p99
 * from each call's intended start), and the same statements by plain JDBC on a fresh file (the storage's own rate).
 * CPU is counted over each phase's measured window only, as the calls are. The line before the last is
 * {@code server cpu per settle: X ms, echo cpu per call: Y ms}; the last is
 * {@code settle: T tx/s, jdbc: J tx/s, ratio: R, p99@70%: P ms}. Exit status 1 when any call failed (a settle not
 * answered SETTLED, an echo not answered its payload, a JDBC transaction failed), 2 on a bad option.
 */
public final class ServerBench implements BenchMain.Bench {
    static final double OPEN_LOOP_SHARE = 0.70;
    static final double TARGET_RATIO = 1.0;
    static final double TARGET_P99_MILLIS = 25.0;
    static final double TARGET_SERVER_CPU_MILLIS = 0.5;
    static final String USAGE = "usage: ./onestop bench server [--clients N (32)] [--persons M (10000)] [--seconds S per phase (20)]"
            + " [--warmup S at least (5)] [--max-warmup S (240)] [--channels K (4)] [--time-limit S] [--timeline FILE.csv (open-loop latencies by due time)]";

    private int clients = 32;
    private int persons = 10_000;
    private int seconds = 20;
    private int warmup = 5;
    private int maxWarmup = 240;
    private int channels = 4;
    private int timeLimit = -1;
    private Path timeline;

    private Path tempDir;
    private ServerProcess server;
    private final List<ManagedChannel> open = new ArrayList<>();
    private io.netty.channel.EventLoopGroup pacer; // the open loop's one event loop: its channels and its schedule
    private boolean cleaned;

    public static void main(String[] args) {
        BenchMain.main("bench server", USAGE, new ServerBench(), args);
    }

    @Override
    public void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String o = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(o + " needs a value");
            if (o.equals("--timeline")) {
                timeline = Path.of(args[++i]).toAbsolutePath();
                continue;
            }
            String v = args[++i];
            switch (o) {
                case "--clients" -> clients = BenchMain.range(o, v, 1, 1024);
                case "--persons" -> persons = BenchMain.range(o, v, 1, 1_000_000);
                case "--seconds" -> seconds = BenchMain.range(o, v, 1, 3600);
                case "--warmup" -> warmup = BenchMain.range(o, v, 0, 3600);
                case "--max-warmup" -> maxWarmup = BenchMain.range(o, v, 0, 3600);
                case "--channels" -> channels = BenchMain.range(o, v, 1, 64);
                case "--time-limit" -> timeLimit = BenchMain.range(o, v, 10, 86_400);
                default -> throw new IllegalArgumentException("unknown option " + o);
            }
        }
        maxWarmup = Math.max(maxWarmup, warmup);
        if (timeLimit < 0) timeLimit = 3 * (maxWarmup + seconds) + warmup + seconds + 240 + persons / 500;
    }

    @Override
    public int timeLimitSeconds() {
        return timeLimit;
    }

    private static void progress(String s) {
        System.err.println("bench server: " + s);
    }

    @Override
    public int run() throws Exception {
        Path root = BenchMain.projectRoot();
        tempDir = Files.createTempDirectory("onestop-bench-");
        Path data = Files.createDirectories(tempDir.resolve("server"));
        List<String> ids = BenchData.persons(persons);
        long warmupNanos = TimeUnit.SECONDS.toNanos(warmup);
        long maxWarmupNanos = TimeUnit.SECONDS.toNanos(maxWarmup);
        long measureNanos = TimeUnit.SECONDS.toNanos(seconds);

        // 1. Seed the server's store directly, then close it.
        long t0 = System.nanoTime();
        try (Database db = Database.open("jdbc:sqlite:" + data.resolve("onestop.db"), "", "", 16)) {
            JdbcStore store = new JdbcStore(db);
            new PolicyRegistry(store, Clock.systemUTC()).loadFolder(root.resolve("examples/policies"));
            BenchData.seed(store, ids);
        }
        progress(String.format(Locale.ROOT, "seeded %d persons in %.1f s (%s)", persons, (System.nanoTime() - t0) / 1e9, tempDir));

        // 2. The real server, as its own process on 127.0.0.1.
        t0 = System.nanoTime();
        server = ServerProcess.start(root, data);
        server.awaitServing(90_000);
        progress(String.format(Locale.ROOT, "server pid %d serving on 127.0.0.1:%d after %.1f s", server.pid(), server.port(),
                (System.nanoTime() - t0) / 1e9));
        String token = server.token(Caller.hospital(BenchData.HOSPITAL));
        for (int i = 0; i < channels; i++) open.add(server.channel());
        checkDeployedAsDeployed(open.get(0));
        GrpcLoad load = new GrpcLoad(open, token, ids);
        String first = GrpcLoad.once(load.settleCall);
        if (first != null) throw new IllegalStateException("the first settle failed: " + first);

        // 3. Closed loop: the peak, and the server's CPU per settlement in the measured window.
        Errors closedErrors = new Errors();
        progress(String.format(Locale.ROOT, "closed loop: %d clients, warm-up of %d to %d s (until the JIT is quiet) + %d s", clients,
                warmup, maxWarmup, seconds));
        JitWatch jit = new JitWatch(server.pid());
        Warmups warmups = new Warmups(jit, warmupNanos, maxWarmupNanos);
        Window closedWindow = new Window(server.pid());
        GrpcLoad.Result closed = load.closedLoop(load.settleCall, clients, warmups.next("closed loop"), measureNanos, closedErrors, closedWindow);
        closedErrors.print("closed loop");
        if (closed.ok() == 0) throw new IllegalStateException("closed loop: no settlement committed");

        // 4. The floor: echo, a call that does nothing, through the same TLS, token check and interceptors.
        Errors echoErrors = new Errors();
        progress(String.format(Locale.ROOT, "echo closed loop: %d clients", clients));
        Window echoWindow = new Window(server.pid());
        GrpcLoad.Result echo = load.closedLoop(load.echoCall, clients, warmups.next("echo"), measureNanos, echoErrors, echoWindow);
        echoErrors.print("echo");

        // 5. Open loop at 70% of the peak.
        double rate = OPEN_LOOP_SHARE * closed.perSecond();
        Errors openErrors = new Errors();
        progress(String.format(Locale.ROOT, "open loop: %.0f settles/s", rate));
        Window openWindow = new Window(server.pid());
        int maxCalls = (int) Math.min(50_000_000, rate * (maxWarmup + seconds + 10));
        pacer = ServerProcess.oneEventLoop("bench-open-loop");
        List<ManagedChannel> pacedChannels = new ArrayList<>();
        for (int i = 0; i < channels; i++) pacedChannels.add(server.channel(pacer));
        open.addAll(pacedChannels);
        GrpcLoad.Result paced = new GrpcLoad(pacedChannels, token, ids).openLoop(pacer.next(), rate, warmups.next("open loop"), measureNanos,
                maxCalls, openErrors, timeline, openWindow);
        openErrors.print("open loop");

        for (ManagedChannel ch : open) ch.shutdownNow();
        pacer.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        server.close();
        progress("server stopped");

        // 6. Plain JDBC on a fresh file of the same schema, the same persons.
        Errors jdbcErrors = new Errors();
        GrpcLoad.Result jdbc;
        Path plain = Files.createDirectories(tempDir.resolve("jdbc"));
        Window jdbcWindow = new Window(0);
        try (Database db = Database.open("jdbc:sqlite:" + plain.resolve("plain.db"), "", "", 16)) {
            BenchData.seed(new JdbcStore(db), ids);
            progress(String.format(Locale.ROOT, "plain JDBC: %d threads, %d s warm-up + %d s", clients, warmup, seconds));
            jdbc = new PlainJdbcLoad(db, ids).run(clients, TimeUnit.SECONDS.toNanos(Math.max(warmup, 10)), measureNanos, jdbcErrors, jdbcWindow);
        }
        jdbcErrors.print("plain JDBC");
        String closedCpu = closedWindow.report();
        String echoCpu = echoWindow.report();
        String openCpu = openWindow.report();
        String jdbcCpu = jdbcWindow.report();
        double settleCpuMillis = closedWindow.serverSeconds / closed.ok() * 1e3;
        double echoCpuMillis = echoWindow.serverSeconds / echo.ok() * 1e3;

        // 6. Report.
        long[] c = closed.sortedNanos();
        long[] o = paced.sortedNanos();
        long[] j = jdbc.sortedNanos();
        double ratio = jdbc.perSecond() > 0 ? closed.perSecond() / jdbc.perSecond() : Double.NaN;
        double p99at70 = Latencies.percentileMillis(o, 0.99);
        long errors = closedErrors.count() + echoErrors.count() + openErrors.count() + jdbcErrors.count();
        System.out.printf(Locale.ROOT, "clients %d, persons %d, %d s per phase, durable SQLite (WAL; the log forced to disk before any answer); warm-up %s%n",
                clients, persons, seconds, warmups.summary());
        System.out.printf(Locale.ROOT, "closed loop   %8.0f settles/s   p50 %6.1f ms   p99 %6.1f ms   (%d settled)%n",
                closed.perSecond(), Latencies.percentileMillis(c, 0.50), Latencies.percentileMillis(c, 0.99), closed.ok());
        System.out.printf(Locale.ROOT, "echo          %8.0f calls/s     p50 %6.1f ms   p99 %6.1f ms   (%d answered)%n",
                echo.perSecond(), Latencies.percentileMillis(echo.sortedNanos(), 0.50), Latencies.percentileMillis(echo.sortedNanos(), 0.99),
                echo.ok());
        System.out.printf(Locale.ROOT, "open loop 70%% %8.0f settles/s   p50 %6.1f ms   p99 %6.1f ms   (target %.0f/s, from intended start)%n",
                paced.perSecond(), Latencies.percentileMillis(o, 0.50), p99at70, rate);
        System.out.printf(Locale.ROOT, "plain JDBC    %8.0f tx/s        p50 %6.1f ms   p99 %6.1f ms   (%d threads, same statements)%n",
                jdbc.perSecond(), Latencies.percentileMillis(j, 0.50), Latencies.percentileMillis(j, 0.99), clients);
        for (String[] line : new String[][] {{"closed loop", closedCpu}, {"echo", echoCpu}, {"open loop", openCpu}, {"plain JDBC", jdbcCpu}}) {
            if (!line[1].isEmpty()) System.out.printf(Locale.ROOT, "%-13s %s%n", line[0], line[1]);
        }
        System.out.printf(Locale.ROOT, "targets: ratio %.2f %s %.2f, p99@70%% %.1f ms %s %.0f ms, server cpu per settle %.3f ms %s %.1f ms; errors: %d%n",
                ratio, ratio >= TARGET_RATIO ? ">=" : "<", TARGET_RATIO, p99at70, p99at70 <= TARGET_P99_MILLIS ? "<=" : ">",
                TARGET_P99_MILLIS, settleCpuMillis, settleCpuMillis <= TARGET_SERVER_CPU_MILLIS ? "<=" : ">", TARGET_SERVER_CPU_MILLIS, errors);
        System.out.printf(Locale.ROOT, "server cpu per settle: %.3f ms, echo cpu per call: %.3f ms%n", settleCpuMillis, echoCpuMillis);
        System.out.printf(Locale.ROOT, "settle: %d tx/s, jdbc: %d tx/s, ratio: %.2f, p99@70%%: %.1f ms%n",
                Math.round(closed.perSecond()), Math.round(jdbc.perSecond()), ratio, p99at70);
        System.out.flush();
        return errors == 0 ? 0 : 1;
    }

    /** Each phase's warm-up: at least the minimum, then until the server's JIT compilers are quiet, at most the maximum. */
    static final class Warmups {
        private final JitWatch jit;
        private final long minNanos;
        private final long maxNanos;
        private final List<String> taken = new ArrayList<>();

        Warmups(JitWatch jit, long minNanos, long maxNanos) {
            this.jit = jit;
            this.minNanos = minNanos;
            this.maxNanos = maxNanos;
        }

        GrpcLoad.Warmup next(String phase) {
            return () -> {
                long t0 = System.nanoTime();
                boolean quiet = jit.awaitQuiet(minNanos, maxNanos);
                String s = String.format(Locale.ROOT, "%s %.0f s%s", phase, (System.nanoTime() - t0) / 1e9, quiet ? "" : " (JIT still busy)");
                synchronized (taken) {
                    taken.add(s);
                }
                progress("warm-up over: " + s);
            };
        }

        String summary() {
            synchronized (taken) {
                return String.join(", ", taken);
            }
        }
    }

    /** The CPU meter of a phase: opened and closed by the load at the edges of its measured window. */
    static final class Window implements Runnable {
        private final long serverPid;
        private CpuMeter meter;
        private String report = "";
        double serverSeconds = Double.NaN;

        Window(long serverPid) {
            this.serverPid = serverPid;
        }

        @Override
        public void run() {
            if (meter == null) {
                meter = new CpuMeter(serverPid);
            } else if (report.isEmpty()) {
                serverSeconds = meter.serverSeconds();
                report = meter.report(serverPid > 0 ? "load generator" : "JDBC");
            }
        }

        /** The CPU line of the window, empty before it closed or off Linux. */
        String report() {
            return report;
        }
    }

    /**
     * The server must be as deployed: a plaintext channel refused, and a call without a token or with a forged one
     * refused UNAUTHENTICATED. Otherwise the figures would be of a server nobody runs.
     */
    private void checkDeployedAsDeployed(ManagedChannel tls) {
        ManagedChannel plaintext = server.plaintextChannel();
        try {
            onestop.v1.DiagnosticsServiceGrpc.newBlockingStub(plaintext).withDeadlineAfter(5, TimeUnit.SECONDS).echo(GrpcLoad.ECHO);
            throw new IllegalStateException("the server answered a plaintext call: TLS is off");
        } catch (io.grpc.StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                throw new IllegalStateException("a plaintext call should find no server, got " + e.getStatus());
            }
        } finally {
            plaintext.shutdownNow();
        }
        for (String bad : new String[] {null, "Bearer os1.e30.AAAA"}) {
            var stub = onestop.v1.DiagnosticsServiceGrpc.newBlockingStub(tls).withDeadlineAfter(5, TimeUnit.SECONDS);
            if (bad != null) {
                io.grpc.Metadata m = new io.grpc.Metadata();
                m.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), bad);
                stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(m));
            }
            try {
                stub.echo(GrpcLoad.ECHO);
                throw new IllegalStateException("the server answered a call " + (bad == null ? "without a token" : "with a forged token"));
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAUTHENTICATED) {
                    throw new IllegalStateException("a call without a valid token should be UNAUTHENTICATED, got " + e.getStatus());
                }
            }
        }
        progress("TLS on (plaintext refused), tokens checked (none or forged: UNAUTHENTICATED)");
    }

    /** Closes channels, stops the server, deletes the temp folder; once, from whichever path gets here first. */
    @Override
    public synchronized void cleanUp() {
        if (cleaned) return;
        cleaned = true;
        for (ManagedChannel ch : open) ch.shutdownNow();
        if (pacer != null) pacer.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (server != null) server.close();
        BenchMain.deleteQuietly("bench server", tempDir);
    }
}
