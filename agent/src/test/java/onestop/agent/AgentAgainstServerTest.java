package onestop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.agent.application.HospitalInfo;
import onestop.agent.application.Labels;
import onestop.agent.application.LocalStore;
import onestop.agent.testing.RealServer;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Person;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.v1.Hospital;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counter agent against the real central server: the server in its own JVM (TLS, bearer tokens, SQLite, the demo
 * hospitals and roster, the example policies, as {@code ./onestop up} runs it), the agent in this one with its real
 * gRPC client, driven through its HIS API as an HIS would: sync, eligibility, admission, pre-settlement, settlement
 * and its retry, reversal, statement; then the server killed: eligibility from the local roster and policy, a
 * provisional settlement (临时结算) journaled.
 *
 * <p>Every amount expected is computed here by the engine ({@link YearLedger}) from the example policy file, the
 * person as the agent's roster holds them and the hospital as the server registered it, never copied from an answer.
 * The visit is the README's curl session.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentAgainstServerTest {
    static final String HOSPITAL = "H341002001";
    static final String ZHANG = "341002195603121237"; // the README's demo person
    static final LocalDate DAY = LocalDate.of(2024, 6, 10);
    static final String KEY = "slow-test-api-key-0123456789";
    static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    RealServer server;
    ApplicationContext agentContext;
    EmbeddedServer agent;
    JsonMapper json;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = RealServer.start(dir.resolve("server"));
        Path agentDir = Files.createDirectories(dir.resolve("agent"));
        Path token = Files.writeString(agentDir.resolve("token"), server.hospitalToken(HOSPITAL) + "\n");
        Path key = Files.writeString(agentDir.resolve("api-key"), KEY + "\n");
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("onestop.agent.server", RealServer.HOST + ":" + server.port());
        p.put("onestop.agent.ca-cert", server.certificate().toString());
        p.put("onestop.agent.token-file", token.toString());
        p.put("onestop.agent.api-key-file", key.toString());
        p.put("onestop.agent.data", agentDir.resolve("data").toString());
        p.put("onestop.agent.agent-id", "slow-test-counter");
        p.put("onestop.agent.call-deadline-millis", "3000");
        p.put("onestop.agent.max-attempts", "2");
        // the background work as deployed: a report and a sync at start, then every interval
        p.put("onestop.agent.report-interval-seconds", "5");
        p.put("onestop.agent.sync-interval-seconds", "10");
        agentContext = ApplicationContext.builder().properties(p).start();
        agent = agentContext.getBean(EmbeddedServer.class).start();
        json = agentContext.getBean(JsonMapper.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (agentContext != null) agentContext.close();
        if (server != null) server.close();
    }

    // ---- HTTP as the HIS speaks it

    record Answer(int status, Map<String, Object> body) {}

    Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.getURL() + path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), json.readValue(r.body(), MAP));
    }

    Map<String, Object> ok(int status, String method, String path, String body) throws Exception {
        Answer a = call(method, path, body);
        assertEquals(status, a.status(), () -> method + " " + path + " " + body + " answered " + a + "\nserver log:\n" + server.log());
        return a.body();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static String visit(String settlementId) {
        return "{\"settlement_id\": \"" + settlementId + "\", \"date\": \"" + DAY + "\", \"type\": \"INPATIENT\", \"total\": \"12000.00\","
                + " \"out_of_scope\": \"500.00\"}";
    }

    static Visit engineVisit(String settlementId, HospitalLevel level) {
        return Visit.of(settlementId, DAY, VisitType.INPATIENT, level, 1_200_000, 50_000, 0, null).value();
    }

    static String settle(String requestId, String settlementId) {
        return "{\"request_id\": \"" + requestId + "\", \"id_number\": \"" + ZHANG + "\", \"visit\": " + visit(settlementId) + "}";
    }

    static String preSettle(String settlementId) {
        return "{\"id_number\": \"" + ZHANG + "\", \"visit\": " + visit(settlementId) + "}";
    }

    static final String ELIGIBILITY = "{\"id_number\": \"" + ZHANG + "\", \"document\": \"ID_CARD\", \"date\": \"" + DAY + "\"}";

    /** The answer's result as the engine's result would be written: every amount, the tier chosen, the policy. */
    static Map<String, Object> expected(SettlementResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_id", r.policyId());
        m.put("mode", r.mode().name());
        m.put("total", Money.format(r.totalFen()));
        m.put("compliant", Money.format(r.compliantFen()));
        m.put("basic", Money.format(r.basicPayFen()));
        m.put("critical_illness", Money.format(r.ciPayFen()));
        m.put("supplementary", r.supplementaryPayFen().entrySet().stream()
                .map(e -> Map.<String, Object>of("tier", e.getKey(), "paid", Money.format(e.getValue()))).toList());
        m.put("assistance", Money.format(r.assistancePayFen()));
        m.put("assistance_category", r.assistanceCategory() == null ? "" : r.assistanceCategory());
        m.put("funds", Money.format(r.fundPayFen()));
        m.put("hospital_absorbed", Money.format(r.hospitalAbsorbedFen()));
        m.put("patient", Money.format(r.patientPayFen()));
        m.put("alert", r.alert());
        return m;
    }

    static Map<String, Object> without(Map<String, Object> result, String... keys) {
        Map<String, Object> m = new LinkedHashMap<>(result);
        for (String k : keys) m.remove(k);
        return m;
    }

    /** The decision's parts an HIS acts on. */
    static Map<String, Object> decision(Map<String, Object> answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"deposit_waiver", "pay_after_treatment", "category", "reasons", "policy_id"}) m.put(k, answer.get(k));
        return m;
    }

    static Map<String, Object> decision(EligibilityDecision d, String policyId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deposit_waiver", d.depositWaiver());
        m.put("pay_after_treatment", d.payAfterTreatment());
        m.put("category", d.category() == null ? "" : d.category().name());
        m.put("reasons", d.reasons().stream().map(r -> Map.of("code", r.name(), "label", Labels.of(Labels.REASONS, r.name()))).toList());
        m.put("policy_id", policyId);
        return m;
    }

    /** The person as the engine takes them, from the roster entry the server sent this agent. */
    static Person person(onestop.v1.Person p) {
        List<CategoryHolding> held = new ArrayList<>();
        for (onestop.v1.CategoryPeriod c : p.getCategoriesList()) {
            held.add(new CategoryHolding(Category.valueOf(c.getCategory().name()), c.getFrom().isEmpty() ? null : LocalDate.parse(c.getFrom()),
                    c.getTo().isEmpty() ? null : LocalDate.parse(c.getTo())));
        }
        return new Person(Scheme.valueOf(p.getScheme().name()), held);
    }

    /** What the engine settles for V-3 in a year where {@code settled} were settled and then {@code reversed} reversed. */
    static SettlementResult next(Policy policy, Person person, HospitalLevel level, List<String> settled, List<String> reversed) {
        YearLedger year = new YearLedger(new SettlementEngine(), policy, person, Accumulators.ZERO);
        for (String id : settled) year.settle(engineVisit(id, level)).value();
        for (String id : reversed) year.reverse(id).value();
        return year.settle(engineVisit("V-3", level)).value();
    }

    @Test
    void theHisApiAgainstTheRealServerThenWithoutIt() throws Exception {
        // ---- the start: a report and a sync over TLS with the hospital's token
        Map<String, Object> status = null;
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            status = ok(200, "GET", "/api/v1/status", null);
            if ("online".equals(status.get("server")) && !"".equals(status.get("synced_at")) && HOSPITAL.equals(status.get("hospital_code"))
                    && ((Number) status.get("roster_size")).longValue() > 0) break;
            Thread.sleep(200);
        }
        Map<String, Object> synced = status;
        assertEquals("online", synced.get("server"), () -> "not synced in time: " + synced + "\nserver log:\n" + server.log());
        assertFalse(String.valueOf(synced.get("synced_at")).isEmpty(), synced::toString);
        assertEquals(HOSPITAL, synced.get("hospital_code"), synced::toString);
        assertTrue(((Number) synced.get("policies")).intValue() > 0, synced::toString);
        assertEquals(0, ((Number) synced.get("pending")).intValue(), synced::toString);

        // what the expectations are computed from: the policy file the server loaded, the roster entry and the hospital it sent
        Policy policy = PolicyReader.read("huangshan-2024.yaml",
                Files.readString(RealServer.projectRoot().resolve("examples/policies/huangshan-2024.yaml")));
        onestop.v1.Person rostered = agentContext.getBean(LocalStore.class).person(ZHANG).orElseThrow(() -> new AssertionError("not in the roster"));
        assertEquals("张秀英", rostered.getName());
        Hospital hospital = agentContext.getBean(HospitalInfo.class).current().orElseThrow();
        HospitalLevel level = HospitalLevel.valueOf(hospital.getLevel().name());
        Person person = person(rostered);

        // ---- eligibility: the server's decision, as the engine decides it for this person at this hospital
        Map<String, Object> eligible = ok(200, "POST", "/api/v1/eligibility", ELIGIBILITY);
        assertEquals("server", eligible.get("source"), eligible::toString);
        EligibilityDecision decided = new EligibilityEngine().decide(policy, new EligibilityQuery(rostered.getCounty(),
                rostered.getInsuredYearsList().contains(DAY.getYear()), person.categories(), hospital.getCounty(), hospital.getDesignated(),
                DAY, Document.ID_CARD, false, false));
        assertEquals(decision(decided, policy.id()), decision(eligible), eligible::toString);
        assertEquals(decided.depositWaiver() ? Labels.DEPOSIT_WAIVED : Labels.DEPOSIT_REQUIRED, eligible.get("deposit_waiver_label"));
        assertTrue(decided.depositWaiver(), "the README's demo person is waived the deposit");

        // ---- admission: the same decision, recorded
        Map<String, Object> admitted = ok(201, "POST", "/api/v1/admissions", ELIGIBILITY.replace("}", ", \"name\": \"张秀英\"}"));
        assertEquals("server", admitted.get("source"), admitted::toString);
        assertEquals(decision(eligible), decision(admitted));
        assertTrue(((Number) admitted.get("admission_id")).longValue() > 0, admitted::toString);
        assertEquals("张秀英", admitted.get("name"));

        // ---- the year as the engine runs it: V-2 settled, a retry adds nothing, V-2 reversed
        YearLedger year = new YearLedger(new SettlementEngine(), policy, person, Accumulators.ZERO);
        SettlementResult first = year.settle(engineVisit("V-2", level)).value();
        SettlementResult afterOne = next(policy, person, level, List.of("V-2"), List.of());
        SettlementResult afterTwo = next(policy, person, level, List.of("V-2", "V-2b"), List.of());
        SettlementResult afterReversal = next(policy, person, level, List.of("V-2"), List.of("V-2"));
        assertNotEquals(expected(afterOne), expected(afterTwo), "a doubled settlement would show in the next pre-settlement");
        assertNotEquals(expected(first), expected(afterOne), "the settlement shows in the next pre-settlement");

        Map<String, Object> pre = map(ok(200, "POST", "/api/v1/pre-settlements", preSettle("V-2")).get("pre_settlement"));
        assertEquals(expected(first), without(pre, "settlement_id", "assistance_category_label"), pre::toString);

        Map<String, Object> settled = map(ok(201, "POST", "/api/v1/settlements", settle("his-0001", "V-2")).get("settlement"));
        assertEquals("V-2", settled.get("settlement_id"));
        assertEquals("SETTLED", settled.get("status"), settled::toString);
        assertEquals(HOSPITAL, settled.get("hospital_code"));
        assertEquals(IdNumber.mask(ZHANG), settled.get("id_number_masked"));
        assertEquals(expected(first), without(map(settled.get("result")), "settlement_id", "assistance_category_label"), settled::toString);

        // the same request again (the HIS timed out and retries): the same settlement, nothing paid twice
        Map<String, Object> retried = map(ok(201, "POST", "/api/v1/settlements", settle("his-0001", "V-2")).get("settlement"));
        assertEquals(settled, retried);
        Map<String, Object> reused = ok(409, "POST", "/api/v1/settlements", settle("his-0001", "V-9"));
        assertEquals("REQUEST_ID_REUSED", reused.get("code"));
        assertEquals("request_id", reused.get("field"));
        Map<String, Object> stored = map(ok(200, "GET", "/api/v1/settlements/V-2", null).get("settlement"));
        assertEquals(settled, stored, "the server's copy is the settlement answered");
        Map<String, Object> next = map(ok(200, "POST", "/api/v1/pre-settlements", preSettle("V-3")).get("pre_settlement"));
        assertEquals(expected(afterOne), without(next, "settlement_id", "assistance_category_label"),
                "the next pre-settlement counts V-2 once: " + next);

        // ---- the one bill
        Map<String, Object> statement = map(ok(200, "GET", "/api/v1/settlements/V-2/statement", null).get("statement"));
        assertEquals(Labels.STATEMENT, statement.get("title"));
        assertEquals(HOSPITAL, statement.get("hospital_code"));
        assertEquals(hospital.getName(), statement.get("hospital_name"));
        assertEquals("张秀英", statement.get("patient_name"));
        assertEquals(IdNumber.mask(ZHANG), statement.get("id_number_masked"));
        assertEquals("SETTLED", statement.get("status"));
        assertEquals(Money.format(first.patientPayFen()), statement.get("patient_pays"));
        Map<String, String> lines = new LinkedHashMap<>();
        for (Object l : (List<?>) statement.get("lines")) lines.put(String.valueOf(map(l).get("code")), String.valueOf(map(l).get("amount")));
        assertEquals(Money.format(first.totalFen()), lines.get("total"), lines::toString);
        assertEquals(Money.format(first.basicPayFen()), lines.get("basic"), lines::toString);
        assertEquals(Money.format(first.ciPayFen()), lines.get("critical_illness"), lines::toString);
        assertEquals(Money.format(first.assistancePayFen()), lines.get("assistance"), lines::toString);
        assertEquals(Money.format(first.fundPayFen()), lines.get("funds"), lines::toString);
        assertEquals(Money.format(first.patientPayFen()), lines.get("patient"), lines::toString);

        // ---- reversal with a reason: the year is as if V-2 had not been
        String reason = "收费项目录入错误";
        Map<String, Object> reversed = map(ok(200, "POST", "/api/v1/settlements/V-2/reversal",
                "{\"request_id\": \"his-r-0001\", \"reason\": \"" + reason + "\"}").get("settlement"));
        assertEquals("REVERSED", reversed.get("status"), reversed::toString);
        assertEquals(reason, reversed.get("reverse_reason"));
        assertFalse(String.valueOf(reversed.get("reversed_at")).isEmpty(), reversed::toString);
        assertEquals(expected(first), expected(afterReversal), "the engine: reversing returns the year to its start");
        Map<String, Object> fresh = map(ok(200, "POST", "/api/v1/pre-settlements", preSettle("V-3")).get("pre_settlement"));
        assertEquals(expected(afterReversal), without(fresh, "settlement_id", "assistance_category_label"), fresh::toString);
        Map<String, Object> reversedBill = map(ok(200, "GET", "/api/v1/settlements/V-2/statement", null).get("statement"));
        assertEquals("REVERSED", reversedBill.get("status"));
        assertEquals(reason, reversedBill.get("reverse_reason"));

        // ---- the server dies
        server.kill();
        assertFalse(server.alive());

        Map<String, Object> offline = ok(200, "POST", "/api/v1/eligibility", ELIGIBILITY);
        assertEquals("local", offline.get("source"), offline::toString);
        assertEquals(decision(eligible), decision(offline), "the local roster and policy decide as the server did");
        assertEquals("unreachable", offline.get("server"), offline::toString);

        // 临时结算: the same engine from the local roster and policy, the year as the server last told this agent
        Map<String, Object> provisional = map(ok(201, "POST", "/api/v1/settlements", settle("his-0002", "V-4")).get("settlement"));
        assertEquals(Boolean.TRUE, provisional.get("provisional"), provisional::toString);
        assertEquals(expected(afterReversal), without(map(provisional.get("result")), "settlement_id", "assistance_category_label"),
                "offline, the year is where the server left it: " + provisional);

        Map<String, Object> down = ok(200, "GET", "/api/v1/status", null);
        assertEquals("unreachable", down.get("server"), down::toString);
        assertEquals(1, ((Number) down.get("pending")).intValue(), () -> "the provisional settlement's request id waits for the server: " + down);
        assertEquals(1, ((Number) map(down.get("offline_journal")).get("pending")).intValue(), down::toString);
    }
}
