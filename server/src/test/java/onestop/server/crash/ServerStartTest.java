package onestop.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.testing.ServerFixture;
import onestop.v1.GetPersonRequest;
import onestop.v1.PersonServiceGrpc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a process: TLS on the wire, and a bad policy folder stopping the start with one line. */
@Tag("slow")
class ServerStartTest {
    @TempDir
    Path data;

    @Test
    void tlsServesTrustingClientsAndRefusesPlaintext() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(data, port, "--tls")) {
            Path crt = data.resolve("tls/server.crt");
            assertTrue(Files.readString(crt).startsWith("-----BEGIN CERTIFICATE-----"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve("tls/server.key"))));
            ManagedChannel tls = NettyChannelBuilder.forAddress("localhost", port)
                    .sslContext(GrpcSslContexts.forClient().trustManager(crt.toFile()).build()).build();
            ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(tls).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus());
                byte[] secret = HexFormat.of().parseHex(Files.readString(data.resolve("auth.key")).strip());
                String token = new TokenService(secret, Clock.systemUTC()).issue(Caller.hospital("H341002001"), 60_000);
                Metadata auth = new Metadata();
                auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                var persons = PersonServiceGrpc.newBlockingStub(tls)
                        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(auth));
                assertEquals("张秀英", persons.getPerson(GetPersonRequest.newBuilder().setIdNumber("341002195603121237").build()).getName());
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> HealthGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()));
                assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
            } finally {
                tls.shutdownNow();
                plain.shutdownNow();
            }
        }
        String log = Files.readString(data.resolve("server.log"));
        assertFalse(log.contains("341002195603121237"), "a full ID number reached the log");
    }

    @Test
    void aBadPolicyFileStopsTheStartNamingFileAndField() throws Exception {
        Path policies = Files.createDirectories(data.resolve("policies"));
        String good = Files.readString(ServerFixture.projectRoot().resolve("examples/policies/huangshan-2024.yaml"));
        Files.writeString(policies.resolve("huangshan-2024.yaml"), good.replace("rate: \"0.85\"", "rate: \"8.5\""));
        List<String> cmd = ServerProcess.command(data, ServerProcess.freePort(), "--policies", policies.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("onestop server: cannot start: huangshan-2024.yaml: basic.RESIDENT.INPATIENT.levels.PRIMARY.rate: "
                + "must be a decimal between 0 and 1"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }
}
