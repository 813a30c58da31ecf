package onestop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import onestop.agent.testing.ExampleFiles;
import onestop.agent.testing.RealAgent;
import onestop.agent.testing.RealServer;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Person;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.ListSettlementsResponse;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.UpsertPersonRequest;
import onestop.wire.EngineMessages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage end to end with real processes: the server (TLS, tokens, SQLite) and the agent each in their own JVM. The
 * server is killed; 200 bills are settled through the agent's HIS API for persons with and without earlier
 * settlements, some reversed; the agent is killed with {@code kill -9} half way and started again; then the server is
 * started again over its data. Every journaled settlement must reach the server's ledger exactly once, every
 * person-year must equal a serial replay of its ledger through the engine, and the provisional result kept beside each
 * forwarded one must be what the agent answered.
 */
@Tag("slow")
class OutageAgainstServerTest {
    static final String HOSPITAL = "H341002001";
    static final LocalDate DAY = LocalDate.of(2024, 6, 12);
    static final String KEY = "outage-test-api-key-0123456789";
    static final int PERSONS = 12;
    static final int BILLS = 200;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final JsonMapper json = JsonMapper.createDefault();

    /** GB 11643: 17 digits and the check character. */
    static String idNumber(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    record Answer(int status, Map<String, Object> body) {}

    Answer call(RealAgent agent, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.url() + path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), json.readValue(r.body(), Argument.mapOf(String.class, Object.class)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static String yuan(long fen) {
        return onestop.engine.domain.money.Money.format(fen);
    }

    static String settleBody(String requestId, String id, String settlementId, long totalFen, long outOfScopeFen) {
        return "{\"request_id\": \"" + requestId + "\", \"id_number\": \"" + id + "\", \"visit\": {\"settlement_id\": \"" + settlementId
                + "\", \"date\": \"" + DAY + "\", \"type\": \"INPATIENT\", \"total\": \"" + yuan(totalFen) + "\", \"out_of_scope\": \""
                + yuan(outOfScopeFen) + "\"}}";
    }

    @Test
    void everyJournaledSettlementReachesTheLedgerOnceThroughAServerOutageAndAnAgentKill(@TempDir Path dir) throws Exception {
        Path serverData = dir.resolve("server");
        int serverPort = RealServer.freePort();
        RealServer server = RealServer.start(serverData, serverPort);
        RealAgent agent = null;
        ManagedChannel channel = null;
        try {
            Path cert = server.certificate();
            channel = NettyChannelBuilder.forAddress(RealServer.HOST, serverPort)
                    .sslContext(GrpcSslContexts.forClient().trustManager(cert.toFile()).build()).build();
            // persons of the hospital's county, half of them in 低保 (medical assistance): the roster the agent syncs
            var admin = AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(server.officeToken("outage-test", "ADMIN")));
            List<String> persons = new ArrayList<>();
            for (int i = 0; i < PERSONS; i++) {
                String id = idNumber(String.format("34100219700101%03d", 100 + i));
                onestop.v1.Person.Builder p = onestop.v1.Person.newBuilder().setIdNumber(id).setName("测试" + i)
                        .setScheme(onestop.v1.Scheme.RESIDENT).setCounty("341002").addInsuredYears(2024);
                if (i % 2 == 0) p.addCategories(onestop.v1.CategoryPeriod.newBuilder().setCategory(onestop.v1.Category.MINIMUM_LIVING)
                        .setFrom("2024-01-01"));
                admin.withDeadlineAfter(10, TimeUnit.SECONDS).upsertPerson(UpsertPersonRequest.newBuilder().setRequestId("seed-" + i)
                        .setPerson(p).build());
                persons.add(id);
            }

            Path agentDir = dir.resolve("agent");
            Files.createDirectories(agentDir);
            Path token = Files.writeString(agentDir.resolve("token"), server.hospitalToken(HOSPITAL) + "\n");
            Path key = Files.writeString(agentDir.resolve("api-key"), KEY + "\n");
            Map<String, String> env = new HashMap<>();
            env.put("ONESTOP_AGENT_SERVER", RealServer.HOST + ":" + serverPort);
            env.put("ONESTOP_AGENT_CA_CERT", cert.toString());
            env.put("ONESTOP_AGENT_TOKEN_FILE", token.toString());
            env.put("ONESTOP_AGENT_API_KEY_FILE", key.toString());
            env.put("ONESTOP_AGENT_DATA", agentDir.resolve("data").toString());
            env.put("ONESTOP_AGENT_CALL_DEADLINE_MILLIS", "2000");
            env.put("ONESTOP_AGENT_MAX_ATTEMPTS", "2");
            env.put("ONESTOP_AGENT_REPORT_INTERVAL_SECONDS", "5");
            env.put("ONESTOP_AGENT_SYNC_INTERVAL_SECONDS", "10");
            env.put("ONESTOP_AGENT_OFFLINE_MAX_FORWARD_BACKOFF_SECONDS", "2");
            env.put("ONESTOP_AGENT_OFFLINE_MAX_FUND_YUAN", "5000000"); // 200 bills of up to ¥15,000
            int agentPort = RealServer.freePort();
            agent = RealAgent.start(agentDir, agentPort, env);
            awaitStatus(agent, s -> ((Number) s.get("roster_size")).intValue() >= PERSONS && !String.valueOf(s.get("hospital_code")).isEmpty(),
                    "the roster synced and the hospital known");

            // earlier settlements, online: a third of the persons start the outage with a year already under way
            SplittableRandom random = new SplittableRandom(20240612);
            record Bill(String sid, String id, long totalFen, long outOfScopeFen) {}
            List<Bill> order = new ArrayList<>(); // the order the server commits them in: online first, then the journal's
            for (int i = 0; i < PERSONS; i += 3) {
                order.add(new Bill("ON-" + i, persons.get(i), 800_000, 20_000));
                Answer a = call(agent, "POST", "/api/v1/settlements", settleBody("online-" + i, persons.get(i), "ON-" + i, 800_000, 20_000));
                assertEquals(201, a.status(), a::toString);
                assertEquals(Boolean.FALSE, map(a.body().get("settlement")).get("provisional"));
            }

            server.kill();
            // the outage: 200 bills, every 10th reversed right after; the agent killed half way and started again
            Map<String, Map<String, Object>> provisional = new LinkedHashMap<>();
            List<String> reversed = new ArrayList<>();
            for (int n = 0; n < BILLS; n++) {
                if (n == BILLS / 2) {
                    agent.kill();
                    agent = RealAgent.start(agentDir, agentPort, env);
                }
                String id = persons.get(random.nextInt(persons.size()));
                String sid = "OFF-" + n;
                long total = 20_000 + random.nextLong(1_500_000);
                long outOfScope = random.nextLong(total / 10 + 1);
                order.add(new Bill(sid, id, total, outOfScope));
                Answer a = call(agent, "POST", "/api/v1/settlements", settleBody("offline-" + n, id, sid, total, outOfScope));
                assertEquals(201, a.status(), a::toString);
                Map<String, Object> s = map(a.body().get("settlement"));
                assertEquals(Boolean.TRUE, s.get("provisional"), s::toString);
                provisional.put(sid, s);
                if (n % 10 == 9) {
                    Answer r = call(agent, "POST", "/api/v1/settlements/" + sid + "/reversal",
                            "{\"request_id\": \"offline-rv-" + n + "\", \"reason\": \"录入错误\"}");
                    assertEquals(200, r.status(), r::toString);
                    reversed.add(sid);
                }
            }
            Map<String, Object> down = call(agent, "GET", "/api/v1/status", null).body();
            assertEquals(BILLS + reversed.size(), ((Number) map(down.get("offline_journal")).get("pending")).intValue(), down::toString);

            server = RealServer.start(serverData, serverPort);
            RealAgent forwarding = agent;
            awaitStatus(forwarding, s -> ((Number) map(s.get("offline_journal")).get("pending")).intValue() == 0
                    && ((Number) map(s.get("offline_journal")).get("rejected")).intValue() == 0, "the journal forwarded");

            // the server's ledger: every settlement once, the reversed ones reversed, the provisional result beside
            var settlements = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(server.hospitalToken(HOSPITAL)));
            Map<String, Settlement> ledger = new TreeMap<>();
            String page = "";
            do {
                ListSettlementsResponse r = settlements.withDeadlineAfter(10, TimeUnit.SECONDS).listSettlements(ListSettlementsRequest
                        .newBuilder().setDate(DAY.toString()).setPageSize(500).setPageToken(page).build());
                for (Settlement s : r.getSettlementsList()) assertEquals(null, ledger.put(s.getSettlementId(), s), "listed twice");
                page = r.getNextPageToken();
            } while (!page.isEmpty());
            assertEquals(BILLS + (PERSONS + 2) / 3, ledger.size(), "every settlement once: " + ledger.keySet());
            for (var e : provisional.entrySet()) {
                Settlement s = ledger.get(e.getKey());
                assertTrue(s.getOfflineMadeAtMillis() > 0, e.getKey());
                assertEquals(reversed.contains(e.getKey()) ? SettlementStatus.REVERSED : SettlementStatus.SETTLED, s.getStatus(), e.getKey());
                assertEquals(map(e.getValue().get("result")).get("patient"), yuan(s.getProvisional().getPatientPayFen()),
                        "the server keeps what the agent answered beside its own: " + e.getKey());
            }

            // every person-year equals a serial replay of its ledger: settlements in commit order, reversals at their time
            Policy policy = PolicyReader.read("huangshan-2024.yaml",
                    Files.readString(ExampleFiles.policies().resolve("huangshan-2024.yaml"), StandardCharsets.UTF_8));
            SettlementEngine engine = new SettlementEngine();
            Map<String, Accumulators> years = new HashMap<>();
            java.util.Set<String> differing = new java.util.TreeSet<>();
            for (Bill b : order) {
                Settlement got = ledger.get(b.sid());
                Person person = new Person(Scheme.RESIDENT, persons.indexOf(b.id()) % 2 == 0
                        ? List.of(new CategoryHolding(onestop.engine.domain.Category.MINIMUM_LIVING, LocalDate.of(2024, 1, 1), null))
                        : List.of());
                Accumulators year = years.getOrDefault(b.id(), Accumulators.ZERO);
                Visit v = Visit.of(b.sid(), DAY, VisitType.INPATIENT, HospitalLevel.TERTIARY, b.totalFen(), b.outOfScopeFen(), 0, null).value();
                SettlementResult replay = engine.settle(policy, person, v, year).value();
                assertEquals(EngineMessages.result(replay), got.getResult(), "serial replay of " + b.sid());
                year = replay.after();
                if (reversed.contains(b.sid())) year = year.minus(replay.delta()); // reversed right after, in the journal's order
                years.put(b.id(), year);
                // a reversed one is settled with the patient by its reversal: not an outstanding difference
                if (got.hasProvisional() && !reversed.contains(b.sid()) && amountsDiffer(got.getProvisional(), got.getResult())) {
                    differing.add(b.sid());
                }
            }
            // every difference between what the agent answered and what the server settled is listed for reconciliation
            var reconciliation = onestop.v1.ReconciliationServiceGrpc.newBlockingStub(channel)
                    .withCallCredentials(bearer(server.hospitalToken(HOSPITAL)));
            java.util.Set<String> listed = new java.util.TreeSet<>();
            String next = "";
            do {
                var r = reconciliation.withDeadlineAfter(10, TimeUnit.SECONDS).listOfflineDifferences(onestop.v1.OfflineDifferencesRequest
                        .newBuilder().setDate(DAY.toString()).setPageSize(100).setPageToken(next).build());
                for (var d : r.getDifferencesList()) {
                    listed.add(d.getSettlementId());
                    assertEquals(d.getAuthoritative().getPatientPayFen() - d.getProvisional().getPatientPayFen(), d.getPatientFen());
                }
                next = r.getNextPageToken();
            } while (!next.isEmpty());
            assertEquals(differing, listed, "the differences listed are exactly those where the two results differ");
            // what the agent shows for each confirmed one: the difference it owes or is owed, from the server's answer
            for (String sid : provisional.keySet()) {
                Map<String, Object> s = map(call(agent, "GET", "/api/v1/settlements/" + sid, null).body().get("settlement"));
                assertEquals(Boolean.FALSE, s.get("provisional"), s::toString);
                Settlement l = ledger.get(sid);
                long diff = l.getResult().getPatientPayFen() - l.getProvisional().getPatientPayFen();
                Map<String, Object> d = map(s.get("offline_difference"));
                assertEquals(yuan(Math.max(0, diff)), d.get("patient_owes"), sid);
                assertEquals(yuan(Math.max(0, -diff)), d.get("patient_is_owed"), sid);
            }
        } finally {
            if (agent != null) agent.close();
            if (channel != null) channel.shutdownNow();
            server.close();
        }
    }

    /** A fund paid more or less, or the hospital or the patient: what reconciliation has to settle. */
    static boolean amountsDiffer(onestop.v1.SettlementResult a, onestop.v1.SettlementResult b) {
        long supA = a.getSupplementaryList().stream().mapToLong(onestop.v1.SupplementaryPayment::getPayFen).sum();
        long supB = b.getSupplementaryList().stream().mapToLong(onestop.v1.SupplementaryPayment::getPayFen).sum();
        return a.getBasicPayFen() != b.getBasicPayFen() || a.getCiPayFen() != b.getCiPayFen() || supA != supB
                || a.getAssistancePayFen() != b.getAssistancePayFen() || a.getHospitalAbsorbedFen() != b.getHospitalAbsorbedFen()
                || a.getPatientPayFen() != b.getPatientPayFen();
    }

    private void awaitStatus(RealAgent agent, java.util.function.Predicate<Map<String, Object>> ready, String what) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Object> last = Map.of();
        while (System.nanoTime() < until) {
            Answer a = call(agent, "GET", "/api/v1/status", null);
            last = a.body();
            if (a.status() == 200 && ready.test(last)) return;
            Thread.sleep(250);
        }
        throw new AssertionError(what + " not reached in 120 s: " + last + "\n" + agent.log());
    }
}
