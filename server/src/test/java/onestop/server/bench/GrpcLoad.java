package onestop.server.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.netty.channel.EventLoop;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import onestop.v1.DiagnosticsServiceGrpc;
import onestop.v1.EchoRequest;
import onestop.v1.EchoResponse;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.Visit;
import onestop.v1.VisitType;

/**
 * Calls over gRPC: a closed loop (N clients, each sending its next call when the last is answered) and an open loop
 * (a fixed schedule). Both are asynchronous: a client is a callback, not a thread, so the load generator's few event
 * loop threads do the sending and the answering and it takes little of the CPU it shares with the server.
 */
final class GrpcLoad {
    /** Every call's deadline. */
    static final long DEADLINE_MILLIS = 5_000;
    /** The open loop sends nothing more while this many calls are unanswered (counted as failures). */
    static final int MAX_OUTSTANDING = 20_000;
    /** Echo's payload: 16 bytes, about what a health probe carries. */
    static final EchoRequest ECHO = EchoRequest.newBuilder().setPayload(ByteString.copyFromUtf8("onestop-bench-01")).build();

    private final List<SettlementServiceGrpc.SettlementServiceStub> settle = new ArrayList<>();
    private final List<DiagnosticsServiceGrpc.DiagnosticsServiceStub> diagnostics = new ArrayList<>();
    private final String[] persons;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();

    GrpcLoad(List<ManagedChannel> channels, String token, List<String> persons) {
        this.persons = persons.toArray(String[]::new);
        this.idPrefix = "b" + Long.toString(System.currentTimeMillis(), 36) + "-";
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        for (ManagedChannel ch : channels) { // stubs are immutable and thread-safe: one of each per channel
            settle.add(SettlementServiceGrpc.newStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)));
            diagnostics.add(DiagnosticsServiceGrpc.newStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)));
        }
    }

    record Result(long ok, double seconds, long[] sortedNanos) {
        double perSecond() {
            return ok / seconds;
        }
    }

    /** One call in flight: told once, with null when it succeeded, else what went wrong. */
    @FunctionalInterface
    interface Call {
        void send(long n, Consumer<String> done);
    }

    /** A new settlement of a random person: unique request and settlement ids, 2024-06-10, inpatient, 500 to 20,000 yuan. */
    SettleRequest nextRequest() {
        String id = idPrefix + sequence.incrementAndGet();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return SettleRequest.newBuilder().setRequestId(id).setIdNumber(persons[r.nextInt(persons.length)])
                .setVisit(Visit.newBuilder().setSettlementId(id).setDate(BenchData.DATE).setType(VisitType.INPATIENT)
                        .setTotalFen(50_000 + r.nextLong(1_950_000)))
                .build();
    }

    /** Settles one new settlement; done(null) when answered SETTLED. */
    final Call settleCall = (n, done) -> settle.get((int) (n % settle.size())).withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
            .settle(nextRequest(), new StreamObserver<>() {
                private String problem = "no answer";

                @Override
                public void onNext(Settlement s) {
                    problem = s.getStatus() == SettlementStatus.SETTLED ? null : "answered " + s.getStatus() + " for " + s.getSettlementId();
                }

                @Override
                public void onError(Throwable t) {
                    done.accept(t instanceof StatusRuntimeException e ? e.getStatus().toString() : t.toString());
                }

                @Override
                public void onCompleted() {
                    done.accept(problem);
                }
            });

    /** Echoes {@link #ECHO}; done(null) when the payload came back. */
    final Call echoCall = (n, done) -> diagnostics.get((int) (n % diagnostics.size())).withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
            .echo(ECHO, new StreamObserver<>() {
                private String problem = "no answer";

                @Override
                public void onNext(EchoResponse r) {
                    problem = r.getPayload().equals(ECHO.getPayload()) ? null : "echo answered another payload";
                }

                @Override
                public void onError(Throwable t) {
                    done.accept(t instanceof StatusRuntimeException e ? e.getStatus().toString() : t.toString());
                }

                @Override
                public void onCompleted() {
                    done.accept(problem);
                }
            });

    /** One call, waited for: null when it succeeded, else what went wrong. */
    static String once(Call call) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(1);
        String[] problem = new String[1];
        call.send(0, p -> {
            problem[0] = p;
            answered.countDown();
        });
        if (!answered.await(DEADLINE_MILLIS + 5_000, TimeUnit.MILLISECONDS)) return "no answer";
        return problem[0];
    }

    /** The end of a warm-up: returns when the measured window may open (see {@link JitWatch}). */
    @FunctionalInterface
    interface Warmup {
        void await() throws InterruptedException;
    }

    /**
     * N clients, each sending its next call when the last is answered, through {@code warmup} then {@code measure}.
     * Counts calls that succeeded within the measured window; latency from send to answer. {@code window} is told when
     * the measured window opens and again when it closes (the CPU meters).
     */
    Result closedLoop(Call call, int clients, Warmup warmup, long measureNanos, Errors errors, Runnable window)
            throws InterruptedException {
        Latencies[] perClient = new Latencies[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) perClient[c] = new Latencies();
        AtomicLong n = new AtomicLong();
        long[] edges = {Long.MAX_VALUE, Long.MAX_VALUE}; // measured from, to: set once the warm-up is over
        final class Client implements Consumer<String> {
            private final Latencies mine; // touched by this client's callbacks only, one after another
            private long sent;

            Client(Latencies mine) {
                this.mine = mine;
            }

            void send() {
                sent = System.nanoTime(); // before the call: its answer may come on another thread at once
                try {
                    call.send(n.getAndIncrement(), this);
                } catch (RuntimeException e) {
                    errors.record("send: " + e);
                    done.countDown();
                }
            }

            @Override
            public void accept(String problem) {
                long answered = System.nanoTime();
                long from;
                long to;
                synchronized (edges) {
                    from = edges[0];
                    to = edges[1];
                }
                if (problem != null) errors.record(problem);
                else if (answered >= from && answered < to && sent >= from) mine.add(answered - sent);
                if (answered >= to) done.countDown();
                else send();
            }
        }
        for (int c = 0; c < clients; c++) new Client(perClient[c]).send();
        warmup.await();
        long from = System.nanoTime();
        long end = from + measureNanos;
        synchronized (edges) {
            edges[0] = from;
            edges[1] = end;
        }
        window.run();
        while (System.nanoTime() < end) LockSupport.parkNanos(end - System.nanoTime());
        window.run();
        if (!done.await(DEADLINE_MILLIS + 5_000, TimeUnit.MILLISECONDS)) throw new IllegalStateException("closed loop: calls never answered");
        Latencies all = new Latencies();
        for (Latencies l : perClient) all.addAll(l);
        return new Result(all.size(), measureNanos / 1e9, all.sorted());
    }

    /**
     * Settles at a fixed {@code perSecond}, asynchronously, whatever the answers do, through {@code warmup} (awaited on
     * another thread) then {@code measureNanos}. The schedule runs on {@code pacer}, the one event loop that also serves
     * this load's channels: a call is sent on the thread that writes it, with no hand-over and no extra wake-up (from a
     * thread of its own, the pacing cost the load generator a third of its CPU, beside the server on the same two
     * cores). Latency is measured from each call's intended start (not its actual send), so a stalled server or a late
     * pacer is not hidden (coordinated omission). Counts and measures calls intended within the measured window. At most
     * {@code maxCalls} calls in all.
     */
    Result openLoop(EventLoop pacer, double perSecond, Warmup warmup, long measureNanos, int maxCalls, Errors errors,
            java.nio.file.Path timeline, Runnable window) throws InterruptedException, java.io.IOException {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long[] edges = {Long.MAX_VALUE, Long.MAX_VALUE}; // measured from, to: set once the warm-up is over
        Thread watcher = new Thread(() -> {
            try {
                warmup.await();
            } catch (InterruptedException e) {
                return;
            }
            long from = System.nanoTime();
            synchronized (edges) {
                edges[0] = from;
                edges[1] = from + measureNanos;
            }
        }, "bench-warmup");
        watcher.setDaemon(true);
        watcher.start();
        long[] latency = new long[maxCalls]; // by call number; 0: not measured or failed
        AtomicLong outstanding = new AtomicLong();
        CountDownLatch paced = new CountDownLatch(1);
        final class Pacing implements Runnable {
            int k;               // the next call; only the pacer's thread touches these
            boolean windowOpen;
            long from = Long.MAX_VALUE;
            long end = Long.MAX_VALUE;

            /** Sends every call due by now, then comes back when the next one is due. */
            @Override
            public void run() {
                long now = System.nanoTime();
                for (; k < maxCalls; k++) {
                    long intended = start + (long) (k * interval);
                    if (intended > now) {
                        pacer.schedule(this, intended - now, TimeUnit.NANOSECONDS);
                        return;
                    }
                    if (!windowOpen) {
                        synchronized (edges) {
                            from = edges[0];
                            end = edges[1];
                        }
                    }
                    if (intended >= end) break;
                    boolean measured = intended >= from;
                    if (measured && !windowOpen) {
                        window.run();
                        windowOpen = true;
                    }
                    if (outstanding.get() >= MAX_OUTSTANDING) {
                        errors.record("not sent: " + MAX_OUTSTANDING + " calls unanswered");
                        continue;
                    }
                    int slot = k;
                    outstanding.incrementAndGet();
                    try {
                        settleCall.send(k, problem -> {
                            if (problem != null) errors.record(problem);
                            else if (measured) latency[slot] = Math.max(1, System.nanoTime() - intended);
                            outstanding.decrementAndGet();
                        });
                    } catch (RuntimeException e) {
                        errors.record("send: " + e);
                        outstanding.decrementAndGet();
                    }
                }
                paced.countDown();
            }
        }
        Pacing pacing = new Pacing();
        pacer.schedule(pacing, Math.max(0, start - System.nanoTime()), TimeUnit.NANOSECONDS);
        paced.await();
        if (!pacing.windowOpen) throw new IllegalStateException("open loop: the warm-up outlasted " + maxCalls + " calls");
        int sentCalls = pacing.k;
        long from = pacing.from;
        long end = pacing.end;
        while (System.nanoTime() < end) LockSupport.parkNanos(end - System.nanoTime());
        window.run();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS + 5_000);
        while (outstanding.get() > 0 && System.nanoTime() < until) Thread.sleep(10);
        if (outstanding.get() > 0) errors.record("open loop: " + outstanding.get() + " calls never answered");
        Latencies all = new Latencies();
        for (long l : latency) if (l > 0) all.add(l);
        if (timeline != null) { // one line per measured call: when it was due (ms into the window), its latency (ms)
            try (java.io.PrintWriter w = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(timeline))) {
                w.println("due_ms,latency_ms");
                for (int i = 0; i < sentCalls; i++) {
                    if (latency[i] > 0) w.printf(java.util.Locale.ROOT, "%.3f,%.3f%n", (start + i * interval - from) / 1e6, latency[i] / 1e6);
                }
            }
        }
        return new Result(all.size(), measureNanos / 1e9, all.sorted());
    }
}
