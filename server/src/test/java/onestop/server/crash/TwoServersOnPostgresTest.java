package onestop.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.testing.LedgerAudit;
import onestop.server.testing.PostgresServer;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes share one PostgreSQL; 8 clients settle (and sometimes reverse) for the same
 * persons through both at once, at two hospitals. Afterwards every person-year equals a serial
 * replay of its committed settlements: no lost update, no double payment.
 */
@Tag("slow")
class TwoServersOnPostgresTest {
    static final List<String> PERSONS = List.of("341002195603121237", "34100219800101004X");
    static final List<String> HOSPITALS = List.of("H341002001", "H341003001");
    static final int CLIENTS = 8;
    static final int PER_CLIENT = 25;

    @TempDir
    Path dir;

    @Test
    void eightClientsThroughTwoServersEqualASerialReplay() throws Exception {
        String url = PostgresServer.get().newDatabase("two_servers");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        int portA = ServerProcess.freePort();
        int portB = ServerProcess.freePort();
        try (ServerProcess first = ServerProcess.start(a, portA, "--db", url, "--db-user", "postgres")) {
            Files.copy(a.resolve("auth.key"), b.resolve("auth.key")); // the instances share one token secret
            try (ServerProcess second = ServerProcess.start(b, portB, "--db", url, "--db-user", "postgres")) {
                TokenService tokens = new TokenService(HexFormat.of().parseHex(Files.readString(a.resolve("auth.key")).strip()), Clock.systemUTC());
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    results.add(pool.submit(() -> runClient(client, client % 2 == 0 ? portA : portB,
                            tokens.issue(Caller.hospital(HOSPITALS.get(client / 2 % 2)), 600_000))));
                }
                int settled = 0;
                for (Future<Integer> f : results) settled += f.get(120, TimeUnit.SECONDS);
                pool.shutdown();
                assertEquals(CLIENTS * PER_CLIENT, settled);
            }
        }
        try (Database db = Database.open(url, "postgres", "", 2)) {
            JdbcStore store = new JdbcStore(db);
            PolicyRegistry policies = new PolicyRegistry(store, Clock.systemUTC());
            int rows = 0;
            for (String person : PERSONS) {
                rows += LedgerAudit.assertSerialReplay(store, policies.active("341000", 2024).orElseThrow().policy(), person, 2024);
            }
            assertEquals(CLIENTS * PER_CLIENT, rows);
        }
    }

    private static int runClient(int client, int port, String token) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            var stub = SettlementServiceGrpc.newBlockingStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            int settled = 0;
            for (int i = 0; i < PER_CLIENT; i++) {
                String id = "T" + client + "-" + i;
                var s = stub.withDeadlineAfter(30, TimeUnit.SECONDS).settle(SettleRequest.newBuilder().setRequestId("t" + client + "-" + i)
                        .setIdNumber(PERSONS.get((client + i) % 2)).setVisit(Visit.newBuilder().setSettlementId(id).setDate("2024-06-10")
                                .setType(VisitType.INPATIENT).setTotalFen(200_000 + 13_579L * i + 101L * client)).build());
                assertEquals(SettlementStatus.SETTLED, s.getStatus());
                settled++;
                if (i % 6 == 5) {
                    var r = stub.withDeadlineAfter(30, TimeUnit.SECONDS).reverse(ReverseRequest.newBuilder()
                            .setRequestId("r" + client + "-" + i).setSettlementId(id).build());
                    assertTrue(r.getStatus() == SettlementStatus.REVERSED);
                }
            }
            return settled;
        } finally {
            ch.shutdownNow();
        }
    }
}
