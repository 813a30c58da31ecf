package onestop.server.adapters.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.function.Function;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
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
            out.onError(internal(e));
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    public static StatusRuntimeException internal(Throwable e) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {}: {}", incident, e.toString(), e);
        return io.grpc.Status.INTERNAL.withDescription("internal error, incident " + incident + "; nothing was changed "
                + "unless a later GetSettlement shows it; retry with the same request_id").asRuntimeException();
    }
}
