package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import java.time.Clock;
import onestop.engine.domain.Outcome;
import onestop.server.application.Checks;
import onestop.v1.DiagnosticsServiceGrpc;
import onestop.v1.EchoRequest;
import onestop.v1.EchoResponse;

/**
 * onestop.v1.DiagnosticsService: Echo answers the payload and the server's clock. It is bound like
 * every endpoint, so it passes the same TLS, token check and interceptors: what it costs is the
 * floor under every call.
 */
@Singleton
public final class DiagnosticsEndpoint extends DiagnosticsServiceGrpc.DiagnosticsServiceImplBase {
    static final int MAX_PAYLOAD_BYTES = 64;
    private final Clock clock;

    public DiagnosticsEndpoint(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void echo(EchoRequest r, StreamObserver<EchoResponse> out) {
        GrpcErrors.respond(out, () -> {
            AuthInterceptor.caller(); // any authenticated caller; fails loudly if the interceptor is not installed
            if (r.getPayload().size() > MAX_PAYLOAD_BYTES) {
                return Outcome.rejected(Checks.invalid("payload", "payload is longer than " + MAX_PAYLOAD_BYTES + " bytes"));
            }
            return Outcome.ok(EchoResponse.newBuilder().setPayload(r.getPayload()).setServerTimeMillis(clock.millis()).build());
        }, e -> e);
    }
}
