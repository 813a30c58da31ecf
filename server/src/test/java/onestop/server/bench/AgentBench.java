package onestop.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.domain.Caller;

/**
 * {@code ./onestop bench agent}: the real counter agent as a separate process, as {@code ./onestop agent} runs it, beside
 * the real server (TLS, the hospital's token checked) holding M persons in the hospital's region.
 * <ol>
 * <li>ready: from starting the agent's JVM to the first 200 of {@code GET /health}, on a fresh data folder with the server
 * up, and again on restart over the synced roster with the server stopped; the larger is reported;</li>
 * <li>sync: from that first answer (the agent starts its first sync then, after one report) to {@code /api/v1/status}
 * showing all M persons in the local roster;</li>
 * <li>eligibility: the server stopped, N requests {@code POST /api/v1/eligibility} over K keep-alive connections, persons
 * drawn at random from the M, after a warm-up that lasts until the agent's JIT compilers are quiet; every answer must
 * be 200 with {@code "source":"local"};</li>
 * <li>memory: VmRSS of the agent after the run (and its peak, VmHWM).</li>
 * </ol>
 * The line before the last says which targets were met and the CPU each side used; the last is
 * {@code eligibility p99: X ms, ready: Y s, rss: Z MB, sync 1M: W s} (MB: MiB). Exit status 1 when any request failed,
 * 2 on a bad option.
 *
 * <p>It lives beside {@link ServerBench} because it needs what the server's tests have (the store to seed, the token
 * service, the server process, the CPU meter); the agent is only ever a process here, reached over HTTP.
 */
public final class AgentBench implements BenchMain.Bench {
    static final String NAME = "bench agent";
    static final double TARGET_P99_MILLIS = 2.0;
    static final double TARGET_READY_SECONDS = 3.0;
    static final double TARGET_RSS_MIB = 200.0;
    static final double TARGET_SYNC_SECONDS = 60.0;
    static final double TARGET_OFFLINE_P99_MILLIS = 10.0;
    static final double TARGET_FORWARD_SECONDS = 10.0;
    /**
     * The outage phase's agent settings: room for the bench's 1,000 entries (a county hospital's defaults are 500 and
     * ¥1,000,000) and a forwarder that looks again within a second, so the forward is timed, not the backoff.
     */
    static final Map<String, String> OFFLINE_SETTINGS = Map.of("ONESTOP_AGENT_OFFLINE_MAX_ENTRIES", "5000",
            "ONESTOP_AGENT_OFFLINE_MAX_FUND_YUAN", "100000000", "ONESTOP_AGENT_OFFLINE_MAX_FORWARD_BACKOFF_SECONDS", "1");
    static final String USAGE = "usage: ./onestop bench agent [--persons M (1000000)] [--requests N (10000)] [--connections K (2)]"
            + " [--warmup S at least (5)] [--max-warmup S (120)] [--sync-limit S (600)] [--time-limit S]"
            + " [--server-data DIR (keep the seeded server store there and reuse it: for profiling runs)]";

    private int persons = 1_000_000;
    private int requests = 10_000;
    private int connections = 2;
    private int warmup = 5;
    private int maxWarmup = 120;
    private int syncLimit = 600;
    private int timeLimit = -1;
    private Path serverDataKept;

    private Path tempDir;
    private ServerProcess server;
    private AgentProcess agent;
    private boolean cleaned;

    public static void main(String[] args) {
        BenchMain.main(NAME, USAGE, new AgentBench(), args);
    }

    @Override
    public void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String o = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(o + " needs a value");
            String v = args[++i];
            if (o.equals("--server-data")) {
                serverDataKept = Path.of(v).toAbsolutePath();
                continue;
            }
            switch (o) {
                case "--persons" -> persons = BenchMain.range(o, v, 1, 5_000_000);
                case "--requests" -> requests = BenchMain.range(o, v, 1, 10_000_000);
                case "--connections" -> connections = BenchMain.range(o, v, 1, 64);
                case "--warmup" -> warmup = BenchMain.range(o, v, 0, 3600);
                case "--max-warmup" -> maxWarmup = BenchMain.range(o, v, 0, 3600);
                case "--sync-limit" -> syncLimit = BenchMain.range(o, v, 10, 86_400);
                case "--time-limit" -> timeLimit = BenchMain.range(o, v, 10, 86_400);
                default -> throw new IllegalArgumentException("unknown option " + o);
            }
        }
        maxWarmup = Math.max(maxWarmup, warmup);
        if (timeLimit < 0) timeLimit = 300 + persons / 5_000 + syncLimit + maxWarmup + requests / 100;
    }

    @Override
    public int timeLimitSeconds() {
        return timeLimit;
    }

    private static void progress(String s) {
        System.err.println(NAME + ": " + s);
    }

    @Override
    public int run() throws Exception {
        Path root = BenchMain.projectRoot();
        tempDir = Files.createTempDirectory("onestop-bench-agent-");
        Path serverData = Files.createDirectories(serverDataKept != null ? serverDataKept : tempDir.resolve("server"));
        Path agentData = Files.createDirectories(tempDir.resolve("agent"));
        Path secrets = Files.createDirectory(tempDir.resolve("secrets"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        // 1. The server's store: the policies, the hospital, M persons of its county.
        Path seeded = serverData.resolve("bench-seeded-" + persons);
        if (Files.exists(seeded)) {
            progress("reusing the server store of " + persons + " persons in " + serverData);
        } else {
            if (Files.exists(serverData.resolve("onestop.db"))) throw new IllegalStateException(serverData + " holds another store: give an empty folder");
            long t0 = System.nanoTime();
            try (Database db = Database.open("jdbc:sqlite:" + serverData.resolve("onestop.db"), "", "", 4)) {
                JdbcStore store = new JdbcStore(db);
                new PolicyRegistry(store, Clock.systemUTC()).loadFolder(root.resolve("examples/policies"));
                BenchData.seedHospital(store);
                BenchData.seedRoster(db, persons);
            }
            Files.createFile(seeded);
            progress(String.format(Locale.ROOT, "seeded %d persons in %.1f s (%s)", persons, (System.nanoTime() - t0) / 1e9, serverData));
        }

        // 2. The real server; the hospital's token and the HIS API key in files only their owner reads.
        long t0 = System.nanoTime();
        synchronized (this) {
            if (cleaned) throw new IllegalStateException("stopped");
            server = ServerProcess.start(root, serverData);
        }
        server.awaitServing(90_000);
        progress(String.format(Locale.ROOT, "server pid %d serving on 127.0.0.1:%d after %.1f s", server.pid(), server.port(),
                (System.nanoTime() - t0) / 1e9));
        Path tokenFile = secrets.resolve("token");
        Files.writeString(tokenFile, server.token(Caller.hospital(BenchData.HOSPITAL)) + "\n", StandardCharsets.UTF_8);
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        Path apiKeyFile = Files.writeString(secrets.resolve("api-key"), HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        int port = ChildJvm.freePort();

        // 3. The agent's first start on an empty folder, then its first sync of the whole roster.
        String serverAddress = ChildJvm.HOST + ":" + server.port();
        Path ca = server.certificate();
        startAgent(() -> AgentProcess.start(root, agentData, port, serverAddress, ca, tokenFile, apiKeyFile, OFFLINE_SETTINGS));
        long readyFirst = agent.awaitReady(60_000);
        long syncStart = System.nanoTime();
        progress(String.format(Locale.ROOT, "agent pid %d answered /health %.2f s after its start (empty store, server up); syncing %d persons",
                agent.pid(), readyFirst / 1e9, persons));
        CpuMeter syncCpu = new CpuMeter(Map.of("agent", agent.pid(), "server", server.pid()));
        Map<String, Long> agentThreads = JitWatch.threadTicks(agent.pid());
        Map<String, Long> serverThreads = JitWatch.threadTicks(server.pid());
        long[] roster = awaitRoster(syncStart);
        double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
        String syncCpuLine = syncCpu.report("bench");
        double syncAgentCpu = syncCpu.seconds("agent");
        double syncServerCpu = syncCpu.seconds("server");
        long[] rssAfterSync = agent.residentKib();
        String nmtAfterSync = agent.nativeMemory();
        if (!nmtAfterSync.isEmpty()) progress("agent native memory (NMT) after the sync: " + nmtAfterSync);
        progress("sync cpu by thread: agent: " + JitWatch.busiest(agentThreads, JitWatch.threadTicks(agent.pid()), 6) + "; server: "
                + JitWatch.busiest(serverThreads, JitWatch.threadTicks(server.pid()), 4));
        progress(String.format(Locale.ROOT, "synced %d persons (roster version %d) in %.1f s", roster[0], roster[1], syncSeconds));

        // 4. The server stopped: every eligibility answer comes from the local roster.
        server.close();
        progress("server stopped");
        Errors errors = new Errors(NAME);
        JitWatch jit = new JitWatch(agent.pid());
        Load load = new Load(agent, persons, connections);
        t0 = System.nanoTime();
        int warmed = load.warmUp(jit, new JitWatch(ProcessHandle.current().pid()), TimeUnit.SECONDS.toNanos(warmup),
                TimeUnit.SECONDS.toNanos(maxWarmup), errors);
        double warmSeconds = (System.nanoTime() - t0) / 1e9;
        boolean quiet = load.quiet;
        progress(String.format(Locale.ROOT, "warm-up over: %d requests in %.0f s%s; measuring %d requests over %d connections", warmed,
                warmSeconds, quiet ? "" : " (JIT still busy)", requests, connections));
        Errors measuredErrors = new Errors(NAME);
        CpuMeter eligibilityCpu = new CpuMeter(Map.of("agent", agent.pid()));
        Map<String, Long> agentBefore = JitWatch.threadTicks(agent.pid());
        Map<String, Long> benchBefore = JitWatch.threadTicks(ProcessHandle.current().pid());
        long m0 = System.nanoTime();
        Latencies lat = load.measure(requests, measuredErrors, 2000);
        double measuredSeconds = (System.nanoTime() - m0) / 1e9;
        String eligibilityCpuLine = eligibilityCpu.report("bench (client)");
        double eligibilityAgentCpu = eligibilityCpu.seconds("agent");
        long[] rss = agent.residentKib();
        progress("eligibility cpu by thread: agent: " + JitWatch.busiest(agentBefore, JitWatch.threadTicks(agent.pid()), 6) + "; bench: "
                + JitWatch.busiest(benchBefore, JitWatch.threadTicks(ProcessHandle.current().pid()), 4));
        String nmt = agent.nativeMemory();
        if (!nmt.isEmpty()) progress("agent native memory (NMT) after the run: " + nmt);
        errors.print("eligibility warm-up");
        measuredErrors.print("eligibility");

        // 5. A restart over the synced roster with the server still down: ready as a counter finds it after a reboot. From
        // here the agent reaches the server through a line the bench can cut (the server itself is started again in 6).
        agent.close();
        TcpProxy line = new TcpProxy(serverPortOf(serverAddress), false);
        String lineAddress = ChildJvm.HOST + ":" + line.port();
        startAgent(() -> AgentProcess.start(root, agentData, port, lineAddress, ca, tokenFile, apiKeyFile, OFFLINE_SETTINGS));
        long readyRestart = agent.awaitReady(60_000);
        progress(String.format(Locale.ROOT, "agent pid %d answered /health %.2f s after its restart (%d persons, server down)", agent.pid(),
                readyRestart / 1e9, roster[0]));
        Errors restartErrors = new Errors(NAME);
        try (LocalHttp http = agent.client()) {
            load.once(http, load.body(new SplittableRandom(1)), restartErrors, null);
        }
        restartErrors.print("eligibility after the restart");

        // 6. The outage, as a county hospital has it: the server runs on (warm) and the line to it goes down. First a round
        // to warm both sides' paths: offline pre-settlements and settlements with the server down, the server started
        // and that journal forwarded. Then the line is cut, 1,000 bills are settled provisionally (each answered only once
        // journaled with synchronous=FULL), the line is mended and the journal forwarded.
        Errors offlineErrors = new Errors(NAME);
        Outage outage = new Outage(agent, persons);
        long w0 = System.nanoTime();
        outage.warmUp(offlineErrors);
        outage.settle("warm", Outage.WARMUP_SETTLEMENTS, offlineErrors);
        synchronized (this) {
            if (cleaned) throw new IllegalStateException("stopped");
            server = ServerProcess.start(root, serverData, serverPortOf(serverAddress));
        }
        server.awaitServing(90_000);
        line.mend();
        outage.awaitForwarded(System.nanoTime(), syncLimit, offlineErrors);
        progress(String.format(Locale.ROOT, "outage warm-up over in %.0f s: %d offline pre-settlements, %d offline settlements forwarded"
                + " to the restarted server; cutting the line, settling %d bills offline", (System.nanoTime() - w0) / 1e9, Outage.WARMUP,
                Outage.WARMUP_SETTLEMENTS, Outage.SETTLEMENTS));
        line.cut();
        CpuMeter offlineCpu = new CpuMeter(Map.of("agent", agent.pid()));
        long o0 = System.nanoTime();
        Latencies offline = outage.settle("bench", Outage.SETTLEMENTS, offlineErrors);
        double offlineSeconds = (System.nanoTime() - o0) / 1e9;
        String offlineCpuLine = offlineCpu.report("bench (client)");
        offlineErrors.print("offline settlements");
        long mendedAt = System.nanoTime();
        line.mend();
        CpuMeter forwardCpu = new CpuMeter(Map.of("agent", agent.pid(), "server", server.pid()));
        long f0 = outage.awaitOnline(mendedAt, syncLimit, offlineErrors); // the agent's first call through the mended line
        int[] journal = outage.awaitForwarded(mendedAt, syncLimit, offlineErrors);
        double forwardSeconds = (System.nanoTime() - f0) / 1e9;
        double noticeSeconds = (f0 - mendedAt) / 1e9;
        String forwardCpuLine = forwardCpu.report("bench");
        progress(String.format(Locale.ROOT, "line mended: the agent reached the server %.1f s later (gRPC's reconnect backoff), then"
                        + " forwarded %d journaled settlements in %.1f s (rejected %d)", noticeSeconds, Outage.SETTLEMENTS - journal[0],
                forwardSeconds, journal[1]));
        line.close();
        server.close();
        agent.close();

        // 6. Report.
        long[] sorted = lat.sorted();
        double p50 = Latencies.percentileMillis(sorted, 0.50);
        double p90 = Latencies.percentileMillis(sorted, 0.90);
        double p99 = Latencies.percentileMillis(sorted, 0.99);
        double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        double ready = Math.max(readyFirst, readyRestart) / 1e9;
        double rssMib = rss[0] / 1024.0;
        long failed = errors.count() + measuredErrors.count() + restartErrors.count() + offlineErrors.count();
        long[] offSorted = offline.sorted();
        double offP50 = Latencies.percentileMillis(offSorted, 0.50);
        double offP99 = Latencies.percentileMillis(offSorted, 0.99);
        double forward1000 = forwardSeconds * 1000.0 / Outage.SETTLEMENTS;
        System.out.printf(Locale.ROOT, "persons %d (county %s, hospital %s), %d requests over %d keep-alive connections after %d warm-up requests"
                + " (%.0f s%s); agent JVM options: %s%n", persons, BenchData.COUNTY, BenchData.HOSPITAL, requests, connections, warmed,
                warmSeconds, quiet ? ", JIT quiet" : ", JIT still busy", jvmOptions(root));
        System.out.printf(Locale.ROOT, "ready         first start (empty store, server up) %.2f s, restart (%d persons, server down) %.2f s%n",
                readyFirst / 1e9, roster[0], readyRestart / 1e9);
        System.out.printf(Locale.ROOT, "sync          %d persons in %.1f s (%.0f persons/s), roster version %d; cpu: agent %.1f s, server %.1f s%n",
                roster[0], syncSeconds, roster[0] / syncSeconds, roster[1], syncAgentCpu, syncServerCpu);
        System.out.printf(Locale.ROOT, "eligibility   %.0f answers/s   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms   (%d answered \"source\":\"local\");"
                + " agent cpu per answer %.3f ms%n", lat.size() / measuredSeconds, p50, p90, p99, max, lat.size(), eligibilityAgentCpu / lat.size() * 1e3);
        System.out.printf(Locale.ROOT, "rss           after the run %.0f MB (anonymous %.0f, files %.0f; peak %.0f MB); after the sync %.0f MB (peak %.0f MB)%n",
                rssMib, rss[2] / 1024.0, rss[3] / 1024.0, rss[1] / 1024.0, rssAfterSync[0] / 1024.0, rssAfterSync[1] / 1024.0);
        System.out.printf(Locale.ROOT, "offline       %d provisional settlements, one counter, the line to the server cut: %.0f/s   p50 %.2f ms   p99 %.2f ms   max %.2f ms"
                + " (each journaled: SQLite WAL, synchronous=FULL, committed before the answer); the line mended: reached the server"
                + " after %.1f s, the journal forwarded in %.1f s%n",
                offSorted.length, offSorted.length / offlineSeconds, offP50, offP99, offSorted.length == 0 ? Double.NaN : offSorted[offSorted.length - 1] / 1e6,
                noticeSeconds, forwardSeconds);
        System.out.printf(Locale.ROOT, "sync          %s%n", syncCpuLine);
        System.out.printf(Locale.ROOT, "eligibility   %s%n", eligibilityCpuLine);
        System.out.printf(Locale.ROOT, "offline       %s%n", offlineCpuLine);
        System.out.printf(Locale.ROOT, "forward       %s%n", forwardCpuLine);
        List<String> missed = new ArrayList<>();
        if (!(p99 <= TARGET_P99_MILLIS)) missed.add("eligibility p99");
        if (!(ready <= TARGET_READY_SECONDS)) missed.add("ready");
        if (!(rssMib <= TARGET_RSS_MIB)) missed.add("rss");
        if (!(syncSeconds <= TARGET_SYNC_SECONDS)) missed.add("sync");
        if (!(offP99 <= TARGET_OFFLINE_P99_MILLIS)) missed.add("offline settle p99");
        if (!(forward1000 <= TARGET_FORWARD_SECONDS)) missed.add("forward 1000");
        System.out.printf(Locale.ROOT, "targets %s: p99 %.2f %s %.0f ms, ready %.2f %s %.0f s, rss %.0f %s %.0f MB, sync %.1f %s %.0f s; errors: %d;"
                        + " cpu (cores): sync agent %.2f server %.2f, eligibility agent %.2f; %s%n",
                missed.isEmpty() ? "met" : "NOT met (" + String.join(", ", missed) + ")", p99, p99 <= TARGET_P99_MILLIS ? "<=" : ">",
                TARGET_P99_MILLIS, ready, ready <= TARGET_READY_SECONDS ? "<=" : ">", TARGET_READY_SECONDS, rssMib,
                rssMib <= TARGET_RSS_MIB ? "<=" : ">", TARGET_RSS_MIB, syncSeconds, syncSeconds <= TARGET_SYNC_SECONDS ? "<=" : ">",
                TARGET_SYNC_SECONDS, failed, syncAgentCpu / syncSeconds, syncServerCpu / syncSeconds, eligibilityAgentCpu / measuredSeconds,
                otherBusy(syncCpuLine, eligibilityCpuLine));
        System.out.printf(Locale.ROOT, "targets (outage): offline settle p99 %.2f %s %.0f ms, forward 1000 %.1f %s %.0f s%n", offP99,
                offP99 <= TARGET_OFFLINE_P99_MILLIS ? "<=" : ">", TARGET_OFFLINE_P99_MILLIS, forward1000,
                forward1000 <= TARGET_FORWARD_SECONDS ? "<=" : ">", TARGET_FORWARD_SECONDS);
        System.out.printf(Locale.ROOT, "offline settle p99: %.2f ms, forward 1000: %.1f s%n", offP99, forward1000);
        System.out.printf(Locale.ROOT, "eligibility p99: %.2f ms, ready: %.2f s, rss: %.0f MB, sync 1M: %.1f s%n", p99, ready, rssMib, syncSeconds);
        System.out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** "other busy: sync 0.31, eligibility 0.12 cores" from the two CPU lines (what the rest of the machine did meanwhile). */
    private static String otherBusy(String sync, String eligibility) {
        return "other busy: sync " + other(sync) + ", eligibility " + other(eligibility) + " cores";
    }

    private static String other(String cpuLine) {
        int i = cpuLine.indexOf("other ");
        if (i < 0) return "?";
        int end = cpuLine.indexOf(' ', i + 6);
        return cpuLine.substring(i + 6, end < 0 ? cpuLine.length() : end);
    }

    private static String jvmOptions(Path root) throws IOException {
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve(AgentProcess.JVM_OPTIONS), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) words.add(l);
        }
        if (Files.isRegularFile(root.resolve("agent/target/agent.jsa"))) words.add("+ class-data archive agent/target/agent.jsa");
        String extra = System.getenv("ONESTOP_BENCH_AGENT_OPTS");
        if (extra != null && !extra.isBlank()) words.add("+ ONESTOP_BENCH_AGENT_OPTS " + extra.strip());
        return words.isEmpty() ? "(none)" : String.join(" ", words);
    }

    /**
     * Polls the agent's status every 250 ms until its roster holds every person; {roster_size, roster_version}. Fails after
     * {@code --sync-limit} seconds or when the agent ends.
     */
    private long[] awaitRoster(long since) throws Exception {
        long until = since + TimeUnit.SECONDS.toNanos(syncLimit);
        long lastReport = since;
        long[] r = {0, 0};
        try (LocalHttp http = agent.client()) {
            while (true) {
                agent.jvm().checkAlive("during the sync");
                r = agent.roster(http);
                if (r[0] >= persons) return r;
                long now = System.nanoTime();
                if (now > until) {
                    throw new IllegalStateException("the roster held " + r[0] + " of " + persons + " persons (version " + r[1] + ") after "
                            + syncLimit + " s:\n" + agent.logTail(30));
                }
                if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    progress(String.format(Locale.ROOT, "  %.0f s: roster version %d", (now - since) / 1e9, r[1]));
                    lastReport = now;
                }
                Thread.sleep(250);
            }
        }
    }

    /** The eligibility load: K threads, each with its own keep-alive connection, persons at random. */
    static final class Load {
        /** Requests in a warm-up round. */
        static final int ROUND = 2_000;
        /** A loop gives up after this many failed requests. */
        static final int MAX_ERRORS = 1_000;
        private final AgentProcess agent;
        private final int persons;
        private final int connections;
        volatile boolean quiet;

        Load(AgentProcess agent, int persons, int connections) {
            this.agent = agent;
            this.persons = persons;
            this.connections = connections;
        }

        /** The request of a random person. */
        String body(SplittableRandom random) {
            return "{\"id_number\":\"" + BenchData.person(random.nextInt(persons)) + "\",\"date\":\"" + BenchData.DATE + "\",\"document\":\"ID_CARD\"}";
        }

        /** One request; its latency into {@code into} (when not null) if the answer is right. */
        void once(LocalHttp http, String body, Errors errors, Latencies into) {
            long t0 = System.nanoTime();
            try {
                LocalHttp.Answer a = http.post("/api/v1/eligibility", agent.apiKey(), body);
                long took = System.nanoTime() - t0;
                if (a.status() != 200) {
                    errors.record("HTTP " + a.status() + ": " + a.body());
                } else if (!a.body().contains("\"source\":\"local\"")) {
                    errors.record("not answered from the local roster: " + a.body());
                } else if (into != null) {
                    into.add(took);
                }
            } catch (IOException e) {
                errors.record(e.toString());
            }
        }

        /**
         * Rounds of {@link #ROUND} requests, each exactly as the measured run (its bodies made, its threads started, its
         * latencies kept, its loop ended), until at least {@code minNanos} passed and the JIT compilers of the agent,
         * then of this JVM (the client), are quiet, at most {@code maxNanos}; how many requests. A warm-up that only
         * stopped its loop at the end would leave the loop's exit uncompiled: this JVM would deoptimise and recompile
         * the client while it is measured.
         */
        int warmUp(JitWatch agentJit, JitWatch clientJit, long minNanos, long maxNanos, Errors errors) throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong count = new AtomicLong();
            Thread rounds = started("warm-up", () -> {
                for (long seed = 1000; !stop.get() && errors.count() < MAX_ERRORS; seed++) {
                    try {
                        count.addAndGet(measure(ROUND, errors, seed).size());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                long t0 = System.nanoTime();
                quiet = agentJit.awaitQuiet(minNanos, maxNanos);
                quiet &= clientJit.awaitQuiet(0, Math.max(0, maxNanos - (System.nanoTime() - t0)));
            } finally {
                stop.set(true);
                rounds.join();
            }
            return (int) Math.min(Integer.MAX_VALUE, count.get());
        }

        private static Thread started(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.start();
            return t;
        }

        /**
         * {@code total} requests for persons at random ({@code seed}), shared by the connections; the latencies of the
         * right answers. The bodies are made before the clock starts: the client does as little as it can while measured.
         */
        Latencies measure(int total, Errors errors, long seed) throws InterruptedException {
            String[] bodies = new String[total];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < total; i++) bodies[i] = body(random);
            AtomicInteger next = new AtomicInteger();
            List<Latencies> each = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Latencies mine = new Latencies();
                each.add(mine);
                threads.add(started("requests-" + c, () -> {
                    try (LocalHttp http = agent.client()) {
                        for (int i = next.getAndIncrement(); i < total && errors.count() < MAX_ERRORS; i = next.getAndIncrement()) {
                            once(http, bodies[i], errors, mine);
                        }
                    }
                }));
            }
            for (Thread t : threads) t.join();
            Latencies all = new Latencies();
            each.forEach(all::addAll);
            return all;
        }
    }

    @FunctionalInterface
    private interface Start {
        AgentProcess start() throws IOException;
    }

    /** Starts the agent unless the bench is being stopped (then a process started now would outlive it). */
    private synchronized void startAgent(Start start) throws IOException {
        if (cleaned) throw new IllegalStateException("stopped");
        agent = start.start();
    }

    /** Stops the agent and the server, deletes the temp folder; once, from whichever path gets here first. */
    @Override
    public synchronized void cleanUp() {
        if (cleaned) return;
        cleaned = true;
        if (agent != null) agent.close();
        if (server != null) server.close();
        BenchMain.deleteQuietly(NAME, tempDir);
    }

    private static int serverPortOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The outage phase's load: one counter's bills, one at a time over one keep-alive connection. */
    static final class Outage {
        static final int WARMUP = 3_000;
        static final int WARMUP_SETTLEMENTS = 500;
        static final int SETTLEMENTS = 1_000;
        private final AgentProcess agent;
        private final int persons;
        private final SplittableRandom random = new SplittableRandom(20240611);

        Outage(AgentProcess agent, int persons) {
            this.agent = agent;
            this.persons = persons;
        }

        /** A person insured for 2024 (one in 50 of the bench's roster is insured for 2023 only). */
        private String person() {
            int i;
            do {
                i = random.nextInt(persons);
            } while (i % 50 == 1);
            return BenchData.person(i);
        }

        private String visit(String settlementId) {
            long totalFen = 10_000 + random.nextLong(490_000);
            return "{\"settlement_id\":\"" + settlementId + "\",\"date\":\"" + BenchData.DATE + "\",\"type\":\"INPATIENT\",\"total\":\""
                    + java.math.BigDecimal.valueOf(totalFen, 2).toPlainString() + "\"}";
        }

        /** The same engine path without the journal: 预结算 offline, until the agent's JIT has seen it. */
        void warmUp(Errors errors) throws IOException {
            try (LocalHttp http = agent.client()) {
                for (int n = 0; n < WARMUP; n++) {
                    LocalHttp.Answer a = http.post("/api/v1/pre-settlements", agent.apiKey(),
                            "{\"id_number\":\"" + person() + "\",\"visit\":" + visit("W-" + n) + "}");
                    if (a.status() != 200) errors.record("pre-settlement HTTP " + a.status() + ": " + a.body());
                }
            }
        }

        Latencies settle(String prefix, int count, Errors errors) throws IOException {
            Latencies lat = new Latencies();
            String[] bodies = new String[count];
            for (int n = 0; n < count; n++) {
                bodies[n] = "{\"request_id\":\"" + prefix + "-off-" + n + "\",\"id_number\":\"" + person() + "\",\"visit\":"
                        + visit(prefix + "-" + n) + "}";
            }
            try (LocalHttp http = agent.client()) {
                for (String body : bodies) {
                    long t0 = System.nanoTime();
                    LocalHttp.Answer a = http.post("/api/v1/settlements", agent.apiKey(), body);
                    long t1 = System.nanoTime();
                    if (a.status() != 201) {
                        errors.record("offline settle HTTP " + a.status() + ": " + a.body());
                    } else if (!a.body().contains("\"provisional\":true")) {
                        errors.record("not provisional: " + a.body());
                    } else {
                        lat.add(t1 - t0);
                    }
                }
            }
            return lat;
        }

        /** Polls the agent's status until it says the server is online; when it first did (System.nanoTime()). */
        long awaitOnline(long since, int limitSeconds, Errors errors) throws Exception {
            long until = since + TimeUnit.SECONDS.toNanos(limitSeconds);
            try (LocalHttp http = agent.client()) {
                while (true) {
                    String body = http.get("/api/v1/status", agent.apiKey()).body();
                    if (body.contains("\"server\":\"online\"")) return System.nanoTime();
                    if (System.nanoTime() > until) {
                        errors.record("the agent did not reach the server within " + limitSeconds + " s of the line mended");
                        return System.nanoTime();
                    }
                    Thread.sleep(20);
                }
            }
        }

        /** Polls the agent's status until its journal is empty; {still pending, rejected}. */
        int[] awaitForwarded(long since, int limitSeconds, Errors errors) throws Exception {
            long until = since + TimeUnit.SECONDS.toNanos(limitSeconds);
            try (LocalHttp http = agent.client()) {
                while (true) {
                    agent.jvm().checkAlive("while forwarding");
                    String body = http.get("/api/v1/status", agent.apiKey()).body();
                    int pending = number(body, "\"offline_journal\":{\"pending\":");
                    int rejected = number(body, "\"rejected\":");
                    if (pending == 0) {
                        if (rejected > 0) errors.record(rejected + " journaled settlements rejected by the server");
                        return new int[] {0, rejected};
                    }
                    if (System.nanoTime() > until) {
                        errors.record(pending + " journaled settlements still waiting after " + limitSeconds + " s");
                        return new int[] {pending, rejected};
                    }
                    Thread.sleep(50);
                }
            }
        }

        private static int number(String json, String after) {
            int i = json.indexOf(after);
            if (i < 0) throw new IllegalStateException("no " + after + " in " + json);
            int from = i + after.length();
            int to = from;
            while (to < json.length() && Character.isDigit(json.charAt(to))) to++;
            return Integer.parseInt(json.substring(from, to));
        }
    }
}
