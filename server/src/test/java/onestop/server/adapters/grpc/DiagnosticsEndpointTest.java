package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.DiagnosticsServiceGrpc;
import onestop.v1.EchoRequest;
import onestop.v1.EchoResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Echo in process, through the real interceptor: any authenticated caller, nobody else, short payloads only. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiagnosticsEndpointTest implements TestPropertyProvider {
    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("diagnostics-test");
    }

    DiagnosticsServiceGrpc.DiagnosticsServiceBlockingStub echo(Caller caller) {
        return DiagnosticsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withCallCredentials(GrpcApiTest.bearer(tokens.issue(caller, 60_000)));
    }

    static EchoRequest request(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) b[i] = (byte) (i * 7 + 1);
        return EchoRequest.newBuilder().setPayload(ByteString.copyFrom(b)).build();
    }

    @Test
    void anyAuthenticatedCallerGetsThePayloadBackAndTheServerTime() {
        for (Caller caller : new Caller[] {Caller.hospital("H341002001"), Caller.office("市医保局", Role.AUDITOR)}) {
            EchoRequest r = request(DiagnosticsEndpoint.MAX_PAYLOAD_BYTES); // the longest allowed
            long before = System.currentTimeMillis();
            EchoResponse a = echo(caller).echo(r);
            long after = System.currentTimeMillis();
            assertEquals(r.getPayload(), a.getPayload(), "the payload comes back unchanged");
            assertTrue(a.getServerTimeMillis() >= before && a.getServerTimeMillis() <= after,
                    () -> "server time " + a.getServerTimeMillis() + " outside [" + before + ", " + after + "]");
        }
        assertEquals(ByteString.EMPTY, echo(Caller.hospital("H341002001")).echo(EchoRequest.getDefaultInstance()).getPayload());
    }

    @Test
    void callsWithoutAValidTokenAreRefused() {
        var anonymous = DiagnosticsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        GrpcApiTest.assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> anonymous.echo(request(4)));
        var forged = DiagnosticsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withCallCredentials(GrpcApiTest.bearer("os1.e30.AAAA"));
        GrpcApiTest.assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> forged.echo(request(4)));
        var expired = DiagnosticsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withCallCredentials(GrpcApiTest.bearer(tokens.issue(Caller.hospital("H341002001"), -1)));
        GrpcApiTest.assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> expired.echo(request(4)));
    }

    @Test
    void anOversizePayloadIsRefusedNamingTheField() {
        var stub = echo(Caller.hospital("H341002001"));
        GrpcApiTest.assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "payload",
                () -> stub.echo(request(DiagnosticsEndpoint.MAX_PAYLOAD_BYTES + 1)));
        GrpcApiTest.assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "payload", () -> stub.echo(request(4096)));
    }
}
