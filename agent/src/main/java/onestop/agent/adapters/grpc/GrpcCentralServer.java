package onestop.agent.adapters.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.CallCredentials;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import onestop.agent.application.AgentSettings;
import onestop.agent.application.CentralServer;
import onestop.agent.application.RosterEntry;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.AgentReport;
import onestop.v1.AgentReportAck;
import onestop.v1.AgentServiceGrpc;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.GetSettlementRequest;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.ResolveVoucherCodeRequest;
import onestop.v1.ReverseRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SyncServiceGrpc;
import onestop.v1.VoucherHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CentralServer} over gRPC with TLS (trusting the configured CA) and the hospital's bearer token. Each call gets
 * its own deadline; UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are tried again up to the configured number
 * of attempts with exponential backoff and jitter (capped), the same request each time; anything else is an answer.
 */
public final class GrpcCentralServer implements CentralServer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcCentralServer.class);
    static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** A roster stream may run long (a city of a million persons); it still has an end. */
    static final long STREAM_DEADLINE_MILLIS = 10 * 60_000;
    /** Roster batches asked for ahead of the one being applied: one, so receiving overlaps applying. */
    static final int AHEAD = 1;
    private static final Object END = new Object();

    private final ManagedChannel channel;
    private final CallCredentials credentials;
    private final long deadlineMillis;
    private final int maxAttempts;
    private final Clock clock;
    private volatile boolean reachable;
    /** A warning about the outage has been logged and the server has not answered since. */
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private volatile long lastContactMillis;

    public GrpcCentralServer(ManagedChannel channel, String token, long deadlineMillis, int maxAttempts, Clock clock) {
        this.channel = channel;
        this.credentials = bearer(token);
        this.deadlineMillis = deadlineMillis;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** The channel the settings describe: TLS trusting their CA unless plaintext; keep-alive so a dead link is noticed. */
    public static ManagedChannel channel(AgentSettings s) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(s.serverHost(), s.serverPort())
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS).maxInboundMessageSize(4 << 20);
        if (s.plaintext()) {
            b.usePlaintext();
        } else {
            try {
                b.sslContext(GrpcSslContexts.forClient().trustManager(s.caCertificate().toFile()).build());
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalArgumentException("onestop.agent.ca-cert: " + s.caCertificate() + " cannot be used for TLS: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    static CallCredentials bearer(String token) {
        Metadata.Key<String> auth = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(auth, "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    /**
     * One call, tried again on UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED after a backoff, up to the attempts
     * allowed. While the channel is in TRANSIENT_FAILURE (it could not connect and waits out its own reconnect backoff,
     * 1 s growing to 2 min, then tries again by itself) gRPC fails every call at once with UNAVAILABLE: no call is made
     * then, and none is tried again, so an outage answers the counter from the local copy at once instead of after the
     * backoffs (and the failed call's own cost: a fifth of a local answer's CPU).
     */
    private <T> T call(String what, Function<io.grpc.CallOptions, T> rpc) {
        StatusRuntimeException last = null;
        int attempts = 0;
        while (attempts < maxAttempts && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
            attempts++;
            try {
                T answer = rpc.apply(io.grpc.CallOptions.DEFAULT.withCallCredentials(credentials)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS));
                contact();
                return answer;
            } catch (StatusRuntimeException e) {
                if (!TRANSIENT.contains(e.getStatus().getCode())) {
                    contact(); // the server answered, with a rejection
                    throw rejection(e);
                }
                last = e;
                if (attempts < maxAttempts && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) sleep(backoffMillis(attempts));
            }
        }
        String outcome = last == null ? "not connected, reconnecting" : last.getStatus().getCode() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts");
        unreachable(what + ": " + (last == null ? outcome : outcome + ": " + describe(last.getStatus())));
        throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "the central server did not answer " + what + " (" + outcome + ")");
    }

    /** 100, 200, 400 … ms, capped at 2 s, each with up to half again of random jitter so counters do not retry in step. */
    static long backoffMillis(int attempt) {
        long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "interrupted while waiting to try the server again");
        }
    }

    /**
     * The server did not answer. Logged as a warning once per outage (then at debug level, each call given up): during an
     * outage every counter call is answered locally, and a line each, with gRPC's status text and its cause's stack trace,
     * cost more than the local answer itself (two thirds of its allocation, a third of its CPU).
     */
    private void unreachable(String what) {
        reachable = false;
        if (outageLogged.compareAndSet(false, true)) LOG.warn("server unreachable: {}", what);
        else LOG.debug("server unreachable: {}", what);
    }

    /** Code, description and cause in one line: Status.toString() carries the cause's whole stack trace. */
    static String describe(Status s) {
        return s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription()) + (s.getCause() == null ? "" : " (" + s.getCause() + ")");
    }

    private void contact() {
        if (outageLogged.compareAndSet(true, false)) LOG.info("server reachable again");
        reachable = true;
        lastContactMillis = clock.millis();
    }

    /** The server's rejection as the agent's: the ErrorInfo reason, the BadRequest field, the message after "CODE: ". */
    static AgentException rejection(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        String reason = null;
        String field = "";
        if (s != null) {
            for (Any any : s.getDetailsList()) {
                try {
                    if (any.is(ErrorInfo.class)) reason = any.unpack(ErrorInfo.class).getReason();
                    if (any.is(BadRequest.class) && any.unpack(BadRequest.class).getFieldViolationsCount() > 0) {
                        field = any.unpack(BadRequest.class).getFieldViolations(0).getField();
                    }
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    // a detail we cannot read: the status still says enough
                }
            }
        }
        String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().toString() : e.getStatus().getDescription();
        ResultCode code = codeOf(reason, e.getStatus().getCode());
        if (message.startsWith(code.name() + ": ")) message = message.substring(code.name().length() + 2);
        return new AgentException(code, field, message);
    }

    private static ResultCode codeOf(String reason, Status.Code status) {
        if (reason != null) {
            try {
                return ResultCode.valueOf(reason);
            } catch (IllegalArgumentException newerServer) {
                // a reason this agent does not know yet: judged by the status below
            }
        }
        return switch (status) {
            case UNAUTHENTICATED -> ResultCode.UNAUTHENTICATED;
            case PERMISSION_DENIED -> ResultCode.PERMISSION_DENIED;
            case NOT_FOUND -> ResultCode.UNKNOWN_SETTLEMENT;
            case INVALID_ARGUMENT -> ResultCode.INVALID_ARGUMENT;
            default -> ResultCode.SERVER_UNREACHABLE;
        };
    }

    /** The stubs of one attempt: the hospital's token, the attempt's deadline. */
    private SettlementServiceGrpc.SettlementServiceBlockingStub settlements(io.grpc.CallOptions o) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadline(o.getDeadline());
    }

    private PersonServiceGrpc.PersonServiceBlockingStub persons(io.grpc.CallOptions o) {
        return PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadline(o.getDeadline());
    }

    @Override
    public EligibilityDecision checkEligibility(CheckEligibilityRequest r) {
        return call("CheckEligibility", o -> persons(o).checkEligibility(r));
    }

    @Override
    public SettlementResult preSettle(SettleRequest r) {
        return call("PreSettle", o -> settlements(o).preSettle(r));
    }

    @Override
    public Settlement settle(SettleRequest r) {
        return call("Settle", o -> settlements(o).settle(r));
    }

    @Override
    public Settlement reverse(ReverseRequest r) {
        return call("Reverse", o -> settlements(o).reverse(r));
    }

    @Override
    public Settlement getSettlement(GetSettlementRequest r) {
        return call("GetSettlement", o -> settlements(o).getSettlement(r));
    }

    @Override
    public VoucherHolder resolveVoucher(String code) {
        return call("ResolveVoucherCode", o -> persons(o).resolveVoucherCode(ResolveVoucherCodeRequest.newBuilder().setCode(code).build()));
    }

    @Override
    public PolicySnapshot policySnapshot(PolicySnapshotRequest r) {
        return call("GetPolicySnapshot", o -> SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
                .withDeadline(o.getDeadline()).getPolicySnapshot(r));
    }

    /**
     * The stream with flow control by batches: the network thread parses the deltas and hands them over {@code batch} at a
     * time (one hand-off per batch, not per delta); one batch is asked for ahead of the one being applied, so receiving
     * overlaps applying and a slow disk holds the server back rather than filling this heap (two batches at most here).
     */
    @Override
    public void streamRoster(RosterRequest r, int batch, Consumer<List<RosterEntry>> sink) {
        if (batch < 1) throw new IllegalArgumentException("batch must be positive, got " + batch);
        // Not retried here: the syncer resumes from the last version it stored, which is the retry that loses nothing.
        BlockingQueue<Object> arrived = new ArrayBlockingQueue<>(AHEAD + 2); // full batches asked for, a last partial one, the end
        ClientCall<RosterRequest, RosterDelta> call = channel.newCall(SyncServiceGrpc.getStreamRosterMethod(), io.grpc.CallOptions.DEFAULT
                .withCallCredentials(credentials).withDeadlineAfter(STREAM_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .withExecutor(Runnable::run)); // parsed on the network thread, handed over by the batch
        call.start(new ClientCall.Listener<>() {
            private List<RosterEntry> filling = new ArrayList<>(batch);

            @Override
            public void onMessage(RosterDelta d) {
                filling.add(RosterEntry.of(d)); // the parsed message is garbage at once: only the entry is kept
                if (filling.size() == batch) {
                    handOver(filling);
                    filling = new ArrayList<>(batch);
                }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (!filling.isEmpty()) handOver(filling);
                handOver(status.isOk() ? END : status.asRuntimeException(trailers));
            }

            private void handOver(Object o) {
                // cannot be full: no more than AHEAD batches are ever asked for beyond those taken
                if (!arrived.offer(o)) call.cancel("roster batches beyond the flow-control window", null);
            }
        }, new Metadata());
        call.sendMessage(r);
        call.halfClose();
        call.request(AHEAD * batch);
        try {
            while (true) {
                Object next = arrived.take();
                if (next == END) {
                    contact();
                    return;
                }
                if (next instanceof StatusRuntimeException e) {
                    if (TRANSIENT.contains(e.getStatus().getCode())) {
                        unreachable("StreamRoster broke off: " + describe(e.getStatus()));
                        throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "the roster stream broke off: " + e.getStatus().getCode());
                    }
                    contact();
                    throw rejection(e);
                }
                @SuppressWarnings("unchecked")
                List<RosterEntry> entries = (List<RosterEntry>) next;
                contact();
                call.request(entries.size());
                sink.accept(entries);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "interrupted while streaming the roster");
        } catch (RuntimeException e) {
            call.cancel("the roster stream was given up: " + e.getMessage(), e);
            throw e;
        }
    }

    @Override
    public AgentReportAck report(AgentReport report) {
        return call("Report", o -> AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
                .withDeadline(o.getDeadline()).report(report));
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    @Override
    public boolean linkDown() {
        return channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE;
    }

    @Override
    public long lastContactMillis() {
        return lastContactMillis;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
