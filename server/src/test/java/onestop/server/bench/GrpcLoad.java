package onestop.server.bench;

import io.grpc.ManagedChannel;
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
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.Visit;
import onestop.v1.VisitType;

/** Settle calls over gRPC: a closed loop (N clients, each waits for its answer) and an open loop (a fixed schedule). */
final class GrpcLoad {
    /** Every call's deadline. */
    static final long DEADLINE_MILLIS = 5_000;
    /** The open loop sends nothing more while this many calls are unanswered (counted as failures). */
    static final int MAX_OUTSTANDING = 20_000;

    private final List<SettlementServiceGrpc.SettlementServiceBlockingStub> blocking = new ArrayList<>();
    private final List<SettlementServiceGrpc.SettlementServiceStub> async = new ArrayList<>();
    private final List<String> persons;
    private final String runTag;
    private final AtomicLong sequence = new AtomicLong();

    GrpcLoad(List<ManagedChannel> channels, String token, List<String> persons) {
        this.persons = persons;
        this.runTag = Long.toString(System.currentTimeMillis(), 36);
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        for (ManagedChannel ch : channels) { // stubs are immutable and thread-safe: one of each kind per channel
            blocking.add(SettlementServiceGrpc.newBlockingStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)));
            async.add(SettlementServiceGrpc.newStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)));
        }
    }

    record Result(long ok, double seconds, long[] sortedNanos) {
        double perSecond() {
            return ok / seconds;
        }
    }

    private SettlementServiceGrpc.SettlementServiceBlockingStub blocking(int client) {
        return blocking.get(client % blocking.size());
    }

    private SettlementServiceGrpc.SettlementServiceStub async(long n) {
        return async.get((int) (n % async.size()));
    }

    /** A new settlement of a random person: unique request and settlement ids, 2024-06-10, inpatient, 500 to 20,000 yuan. */
    SettleRequest nextRequest() {
        long n = sequence.incrementAndGet();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String id = "b" + runTag + "-" + n;
        return SettleRequest.newBuilder().setRequestId(id).setIdNumber(persons.get(r.nextInt(persons.size())))
                .setVisit(Visit.newBuilder().setSettlementId(id).setDate(BenchData.DATE).setType(VisitType.INPATIENT)
                        .setTotalFen(50_000 + r.nextLong(1_950_000)))
                .build();
    }

    /** One settle, blocking: null when SETTLED, else what went wrong. */
    String settleOnce(int client) {
        try {
            Settlement s = blocking(client).withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS).settle(nextRequest());
            return s.getStatus() == SettlementStatus.SETTLED ? null : "answered " + s.getStatus() + " for " + s.getSettlementId();
        } catch (StatusRuntimeException e) {
            return e.getStatus().toString();
        }
    }

    /**
     * N clients, each sending its next settle when the last is answered, for {@code warmup} then {@code measure}.
     * Counts calls answered SETTLED within the measured window; latency from send to answer.
     */
    Result closedLoop(int clients, long warmupNanos, long measureNanos, Errors errors) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        Latencies[] perClient = new Latencies[clients];
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            perClient[c] = new Latencies();
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < start) LockSupport.parkNanos(start - System.nanoTime());
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) break;
                        String problem = settleOnce(client);
                        long answered = System.nanoTime();
                        if (problem != null) errors.record(problem);
                        else if (answered >= measureFrom && answered < end) perClient[client].add(answered - sent);
                    }
                } catch (RuntimeException e) {
                    errors.record("client " + client + ": " + e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long waitNanos = end - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS + 5_000);
        if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) throw new IllegalStateException("closed loop: clients did not stop");
        Latencies all = new Latencies();
        for (Latencies l : perClient) all.addAll(l);
        return new Result(all.size(), measureNanos / 1e9, all.sorted());
    }

    /**
     * Sends at a fixed {@code perSecond} from one scheduling thread, asynchronously, whatever the answers do. Latency is
     * measured from each call's intended start (not its actual send), so a stalled server is not hidden by a late
     * client (coordinated omission). Counts and measures calls intended within the measured window.
     */
    Result openLoop(double perSecond, long warmupNanos, long measureNanos, Errors errors, java.nio.file.Path timeline)
            throws InterruptedException, java.io.IOException {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) ((warmupNanos + measureNanos) / interval));
        long[] latency = new long[total]; // by call number; 0: not measured or failed
        AtomicLong outstanding = new AtomicLong();
        for (int k = 0; k < total; k++) {
            long intended = start + (long) (k * interval);
            if (intended >= end) break;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            if (outstanding.get() >= MAX_OUTSTANDING) {
                errors.record("not sent: " + MAX_OUTSTANDING + " calls unanswered");
                continue;
            }
            boolean measured = intended >= measureFrom;
            int slot = k;
            outstanding.incrementAndGet();
            try {
                async(k).withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS).settle(nextRequest(), new StreamObserver<>() {
                    private boolean settled;

                    @Override
                    public void onNext(Settlement s) {
                        settled = s.getStatus() == SettlementStatus.SETTLED;
                        if (!settled) errors.record("answered " + s.getStatus() + " for " + s.getSettlementId());
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.record(t instanceof StatusRuntimeException e ? e.getStatus().toString() : t.toString());
                        outstanding.decrementAndGet();
                    }

                    @Override
                    public void onCompleted() {
                        if (settled && measured) latency[slot] = Math.max(1, System.nanoTime() - intended);
                        outstanding.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                errors.record("send: " + e);
                outstanding.decrementAndGet();
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS + 5_000);
        while (outstanding.get() > 0 && System.nanoTime() < until) Thread.sleep(10);
        if (outstanding.get() > 0) errors.record("open loop: " + outstanding.get() + " calls never answered");
        Latencies all = new Latencies();
        for (long l : latency) if (l > 0) all.add(l);
        if (timeline != null) { // one line per measured call: when it was due (ms into the window), its latency (ms)
            try (java.io.PrintWriter w = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(timeline))) {
                w.println("due_ms,latency_ms");
                for (int k = 0; k < total; k++) {
                    if (latency[k] > 0) w.printf(java.util.Locale.ROOT, "%.3f,%.3f%n", (start + k * interval - measureFrom) / 1e6, latency[k] / 1e6);
                }
            }
        }
        return new Result(all.size(), measureNanos / 1e9, all.sorted());
    }
}
