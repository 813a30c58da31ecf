package onestop.server.adapters.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;

/**
 * Every OneStop call needs a bearer token ({@code authorization: Bearer os1....}); the caller it
 * names is put in the gRPC context for the endpoints. Health and reflection stay open so that
 * standard tools can probe the server, and so does the office's Login, which is how a console user
 * gets a token: it gets the peer's address instead, for its per-address limit.
 */
public final class AuthInterceptor implements ServerInterceptor {
    public static final Context.Key<Caller> CALLER = Context.key("onestop-caller");
    private static final Context.Key<String> PEER = Context.key("onestop-peer");
    private static final String LOGIN = onestop.v1.OfficeAuthServiceGrpc.getLoginMethod().getFullMethodName();
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenService tokens;

    public AuthInterceptor(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (service != null && service.startsWith("grpc.")) return next.startCall(call, headers);
        if (call.getMethodDescriptor().getFullMethodName().equals(LOGIN)) {
            return Contexts.interceptCall(Context.current().withValue(PEER, peer(call)), call, headers, next);
        }
        String header = headers.get(AUTHORIZATION);
        Optional<Caller> caller = header != null && header.startsWith("Bearer ")
                ? tokens.verify(header.substring("Bearer ".length()).strip()) : Optional.empty();
        if (caller.isEmpty()) {
            io.grpc.StatusRuntimeException e = GrpcErrors.toException(Rejection.of(ResultCode.UNAUTHENTICATED, "",
                    "a valid bearer token is required (authorization: Bearer os1....)"));
            call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller.get()), call, headers, next);
    }

    private static String peer(ServerCall<?, ?> call) {
        java.net.SocketAddress a = call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (a instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return a == null ? "" : a.toString();
    }

    /** The peer's address of the current Login call (no port): "" elsewhere. */
    public static String peerAddress() {
        String p = PEER.get();
        return p == null ? "" : p;
    }

    /** The authenticated caller of the current call. */
    public static Caller caller() {
        Caller c = CALLER.get();
        if (c == null) throw new IllegalStateException("no caller: the auth interceptor is not installed");
        return c;
    }
}
