package onestop.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import onestop.engine.domain.settlement.Accumulators;
import onestop.server.adapters.persistence.Database;
import onestop.server.adapters.persistence.JdbcStore;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.StoredSettlement;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL in the middle of a settlement load, then restarted on
 * the same data: every acknowledged settlement is there exactly once, a retry of every request with
 * its original id settles nothing twice, and the accumulators equal the sum of the settlements.
 */
@Tag("slow")
class ServerCrashTest {
    static final String HOSPITAL = "H341002001";
    static final List<String> PERSONS = List.of("341002195603121237", "34100219800101004X");
    static final int CLIENTS = 8;

    @TempDir
    Path data;

    record Sent(String requestId, String idNumber, String settlementId, long totalFen) {
        SettleRequest request() {
            return SettleRequest.newBuilder().setRequestId(requestId).setIdNumber(idNumber)
                    .setVisit(Visit.newBuilder().setSettlementId(settlementId).setDate("2024-06-10").setType(VisitType.INPATIENT)
                            .setTotalFen(totalFen)).build();
        }
    }

    @Test
    void killedMidLoadLosesNothingAndPaysNothingTwice() throws Exception {
        int port = ServerProcess.freePort();
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Map<String, Settlement> acknowledged = new ConcurrentHashMap<>();
        try (ServerProcess server = ServerProcess.start(data, port)) {
            String token = token();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                pool.submit(() -> {
                    ManagedChannel ch = channel(port);
                    try {
                        var stub = SettlementServiceGrpc.newBlockingStub(ch).withCallCredentials(bearer(token));
                        for (int i = 0; !stop.get() && i < 100_000; i++) {
                            Sent s = new Sent("k" + client + "-" + i, PERSONS.get(i % 2), "K" + client + "-" + i, 10_000 + 97L * i + client);
                            sent.put(s.requestId(), s); // stored before sending, like an agent's journal
                            try {
                                acknowledged.put(s.requestId(), stub.withDeadlineAfter(5, TimeUnit.SECONDS).settle(s.request()));
                            } catch (StatusRuntimeException e) {
                                return; // the server is gone
                            }
                        }
                    } finally {
                        ch.shutdownNow();
                    }
                });
            }
            // let the load run, then pull the plug while settlements are in flight
            long until = System.nanoTime() + 20_000_000_000L;
            while (acknowledged.size() < 150 && System.nanoTime() < until) Thread.sleep(20);
            server.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= 100, "load ran: " + acknowledged.size() + " acknowledged");
        assertTrue(sent.size() > acknowledged.size(), "some requests were in flight when the server died");

        try (ServerProcess again = ServerProcess.start(data, port)) {
            ManagedChannel ch = channel(port);
            try {
                var stub = SettlementServiceGrpc.newBlockingStub(ch).withCallCredentials(bearer(token()));
                // every acknowledged settlement survived, as acknowledged
                for (Map.Entry<String, Settlement> a : acknowledged.entrySet()) {
                    Settlement now = stub.getSettlement(onestop.v1.GetSettlementRequest.newBuilder()
                            .setSettlementId(a.getValue().getSettlementId()).build());
                    assertEquals(a.getValue(), now, a.getKey());
                }
                // retrying every request with its original id: acknowledged ones answer the first answer
                for (Sent s : sent.values()) {
                    Settlement answer = stub.withDeadlineAfter(10, TimeUnit.SECONDS).settle(s.request());
                    if (acknowledged.containsKey(s.requestId())) assertEquals(acknowledged.get(s.requestId()), answer);
                }
            } finally {
                ch.shutdownNow();
            }
        }
        // exactly once, and the year adds up: read the store directly
        try (Database db = Database.open("jdbc:sqlite:" + data.resolve("onestop.db"), "", "", 2)) {
            JdbcStore store = new JdbcStore(db);
            int settlements = 0;
            for (String person : PERSONS) {
                List<StoredSettlement> rows = store.read(tx -> tx.settlementsOfPersonYear(person, 2024));
                settlements += rows.size();
                Accumulators sum = Accumulators.ZERO;
                for (StoredSettlement s : rows) sum = sum.plus(s.result().delta());
                assertEquals(sum, store.read(tx -> tx.accumulators(person, 2024)).plus(Accumulators.ZERO), person);
            }
            assertEquals(sent.size(), settlements, "one settlement per request id, none lost, none doubled");
        }
    }

    private String token() throws Exception {
        byte[] secret = HexFormat.of().parseHex(Files.readString(data.resolve("auth.key")).strip());
        return new TokenService(secret, Clock.systemUTC()).issue(Caller.hospital(HOSPITAL), 600_000);
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }
}
