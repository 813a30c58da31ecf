package onestop.server.adapters.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.ports.StoreBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejections on the wire (Google AIP-193): the gRPC status of the code, a message starting with the
 * code, an ErrorInfo whose reason is the code, and a BadRequest naming the field when there is one.
 * Anything unexpected becomes INTERNAL with an incident id; the stack trace stays in the log.
 */
public final class GrpcErrors {
    public static final String DOMAIN = "onestop.v1";
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {}

    public static StatusRuntimeException toException(Rejection r) {
        com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder()
                .setCode(code(r.code().status()).getNumber())
                .setMessage(r.code().name() + ": " + r.message())
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(r.code().name()).setDomain(DOMAIN)
                        .putMetadata("field", r.field()).build()));
        if (!r.field().isEmpty()) {
            s.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(r.field()).setDescription(r.message())).build()));
        }
        return StatusProto.toStatusRuntimeException(s.build());
    }

    private static Code code(ResultCode.Status status) {
        return switch (status) {
            case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
            case NOT_FOUND -> Code.NOT_FOUND;
            case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
            case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
        };
    }

    /** The reason code of a status sent by {@link #toException}, or null. */
    public static String reason(Throwable t) {
        com.google.rpc.Status s = StatusProto.fromThrowable(t);
        if (s == null) return null;
        for (Any any : s.getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                try {
                    return any.unpack(ErrorInfo.class).getReason();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Answers one unary call: the value mapped, or the rejection, or INTERNAL for a bug. */
    public static <T, R> void respond(StreamObserver<R> out, java.util.function.Supplier<Outcome<T>> call, Function<T, R> map) {
        R response;
        try {
            Outcome<T> outcome = call.get();
            if (!outcome.isOk()) {
                out.onError(toException(outcome.rejection()));
                return;
            }
            response = map.apply(outcome.value());
        } catch (RuntimeException e) {
            out.onError(failure(e));
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    /**
     * Answers one unary call when the future {@code call} returns completes, on whichever thread completes it (the
     * store's writer, for a settlement): the handler's thread is free at once. The answer to a call its client has
     * cancelled meanwhile is dropped, not thrown.
     */
    public static <T, R> void respondLater(StreamObserver<R> out, java.util.function.Supplier<CompletableFuture<Outcome<T>>> call,
                                           Function<T, R> map) {
        if (out instanceof ServerCallStreamObserver<R> server) server.setOnCancelHandler(() -> {});
        CompletableFuture<Outcome<T>> later;
        try {
            later = call.get();
        } catch (RuntimeException e) {
            out.onError(failure(e));
            return;
        }
        later.whenComplete((outcome, failure) -> {
            if (failure != null) {
                out.onError(failure(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure));
            } else {
                respond(out, () -> outcome, map);
            }
        });
    }

    /** A failure as the caller hears it: a store too busy to take the work is RESOURCE_EXHAUSTED, anything else a bug. */
    public static StatusRuntimeException failure(Throwable e) {
        if (e instanceof StoreBusy busy) {
            logBusy(busy);
            return toException(Rejection.of(ResultCode.RESOURCE_EXHAUSTED, "", "the server is busy (" + busy.getMessage()
                    + "); nothing was written: send the same request, with the same request_id, again shortly"));
        }
        return internal(e);
    }

    private static final AtomicLong busySince = new AtomicLong();
    private static final AtomicLong busyCount = new AtomicLong();

    /** One line a second at most, with how many calls were turned away: an overload must not also flood the log. */
    private static void logBusy(StoreBusy busy) {
        busyCount.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = busySince.get();
        if (now - last >= 1000 && busySince.compareAndSet(last, now)) {
            LOG.warn("busy: {} call(s) turned away with RESOURCE_EXHAUSTED in the last second or more ({})", busyCount.getAndSet(0), busy.getMessage());
        }
    }

    public static StatusRuntimeException internal(Throwable e) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {}: {}", incident, e.toString(), e);
        return io.grpc.Status.INTERNAL.withDescription("internal error, incident " + incident + "; nothing was changed "
                + "unless a later GetSettlement shows it; retry with the same request_id").asRuntimeException();
    }
}
