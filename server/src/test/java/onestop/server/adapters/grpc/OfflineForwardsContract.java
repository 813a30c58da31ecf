package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AgentReport;
import onestop.v1.AgentServiceGrpc;
import onestop.v1.AgentStatus;
import onestop.v1.AuditEntry;
import onestop.v1.DailySummary;
import onestop.v1.DailySummaryRequest;
import onestop.v1.GetSettlementRequest;
import onestop.v1.ListAgentsRequest;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.OfflineDifference;
import onestop.v1.OfflineDifferencesRequest;
import onestop.v1.OfflineDifferencesResponse;
import onestop.v1.ReconciliationServiceGrpc;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementMode;
import onestop.v1.SettlementResult;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.SupplementaryPayment;
import onestop.v1.TierTotals;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Test;

/**
 * The server's half of the agents' outage mode, in process through the real interceptor, endpoints and store (a SQLite
 * and a PostgreSQL subclass): a settlement an agent made offline is forwarded with its original request id, the time it
 * was made and what the agent computed (临时结算); the server settles it anew, keeps the provisional result beside it and
 * lists where the two differ. Each test settles on its own date, so the days' lists and sums are its own.
 */
abstract class OfflineForwardsContract implements TestPropertyProvider {
    static final String HOSPITAL = "H341002001";
    static final String OTHER = "H341003001";
    static final String PERSON = "341002195603121237";     // demo: MINIMUM_LIVING from 2024-01-01
    static final String OTHER_PERSON = "34100219800101004X"; // demo: RESIDENT, 2024
    static final List<String> TABLES = List.of("settlements", "provisional_settlements", "requests", "accumulators", "audit");

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Inject
    Database db;

    /** When the agent made its offline settlements: an hour ago by the server's clock. */
    final long madeAt = System.currentTimeMillis() - 3_600_000;

    // ------------------------------------------------------------------ calls

    SettlementServiceGrpc.SettlementServiceBlockingStub settlements(Caller caller) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    ReconciliationServiceGrpc.ReconciliationServiceBlockingStub reconciliation(Caller caller) {
        return ReconciliationServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    static Caller hospital(String code) {
        return Caller.hospital(code);
    }

    static SettleRequest bill(String requestId, String settlementId, String date, long totalFen) {
        return SettleRequest.newBuilder().setRequestId(requestId).setIdNumber(PERSON)
                .setVisit(Visit.newBuilder().setSettlementId(settlementId).setDate(date).setType(VisitType.INPATIENT).setTotalFen(totalFen))
                .build();
    }

    /** What the server would pay for the bill now: what an agent with an up-to-date roster computes offline. */
    SettlementResult computed(String hospitalCode, SettleRequest bill) {
        return settlements(hospital(hospitalCode)).preSettle(bill.toBuilder().setRequestId("").build());
    }

    SettleRequest forward(SettleRequest bill, SettlementResult provisional) {
        return bill.toBuilder().setOfflineMadeAtMillis(madeAt).setProvisional(provisional).build();
    }

    /** The result with {@code fen} moved from basic insurance to the patient (negative: from the patient to basic insurance). */
    static SettlementResult patientPaysMore(SettlementResult r, long fen) {
        assertTrue(r.getBasicPayFen() >= fen && r.getPatientPayFen() >= -fen, "room to move " + fen + " in " + r);
        return r.toBuilder().setBasicPayFen(r.getBasicPayFen() - fen).setFundPayFen(r.getFundPayFen() - fen)
                .setPatientPayFen(r.getPatientPayFen() + fen).build();
    }

    /** Forwards a settlement the agent made offline, the patient having paid {@code fen} more than the server says (negative: less). */
    Settlement forwardDiffering(String hospitalCode, String requestId, String settlementId, String date, long fen) {
        SettleRequest bill = bill(requestId, settlementId, date, 300_000);
        return settlements(hospital(hospitalCode)).settle(forward(bill, patientPaysMore(computed(hospitalCode, bill), fen)));
    }

    OfflineDifferencesResponse differences(Caller caller, UnaryOperator<OfflineDifferencesRequest.Builder> request) {
        return reconciliation(caller).listOfflineDifferences(request.apply(OfflineDifferencesRequest.newBuilder()).build());
    }

    static List<String> ids(OfflineDifferencesResponse page) {
        return page.getDifferencesList().stream().map(OfflineDifference::getSettlementId).toList();
    }

    List<AuditEntry> audit() {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.office("aud", Role.AUDITOR), 60_000)))
                .listAudit(ListAuditRequest.newBuilder().setPageSize(500).build()).getEntriesList();
    }

    Map<String, Long> rowCounts() {
        return MalformedRequestsTest.rowCounts(db, TABLES);
    }

    /** INVALID_ARGUMENT whose BadRequest names exactly {@code field}. */
    static void assertInvalid(String field, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals("INVALID_ARGUMENT", GrpcErrors.reason(e), e.getStatus().toString());
        assertEquals(List.of(field), MalformedRequestsTest.violationFields(StatusProto.fromThrowable(e)), e.getStatus().toString());
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aForwardEqualToTheAuthoritativeResultIsKeptAndNotListed() {
        String date = "2024-07-01";
        var stub = settlements(hospital(HOSPITAL));
        SettleRequest bill = bill("eq-1", "EQ1", date, 300_000);
        SettlementResult provisional = computed(HOSPITAL, bill);
        Settlement s = stub.settle(forward(bill, provisional));
        assertEquals(SettlementStatus.SETTLED, s.getStatus());
        assertEquals(madeAt, s.getOfflineMadeAtMillis());
        assertEquals(provisional, s.getProvisional(), "the provisional result is answered beside the authoritative one");
        assertEquals(provisional, s.getResult(), "the agent computed what the server computes");

        assertEquals(s, stub.settle(forward(bill, provisional)), "a repeat answers the first answer, provisional included");
        assertEquals(s, stub.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("EQ1").build()));
        assertEquals(List.of(s), stub.listSettlements(ListSettlementsRequest.newBuilder().setDate(date).build()).getSettlementsList());
        List<Settlement> streamed = new ArrayList<>();
        reconciliation(hospital(HOSPITAL)).streamDailySettlements(DailySummaryRequest.newBuilder().setDate(date).build())
                .forEachRemaining(streamed::add);
        assertEquals(List.of(s), streamed);
        assertEquals(List.of(), ids(differences(hospital(HOSPITAL), r -> r.setDate(date))), "no difference to settle with the patient");

        Settlement online = stub.settle(bill("eq-2", "EQ2", date, 200_000));
        assertFalse(online.hasProvisional(), "an online settlement has no provisional result");
        assertEquals(0, online.getOfflineMadeAtMillis());
    }

    @Test
    void aDifferingForwardIsListedWithTheSignsOfWhoOwesWhom() {
        String date = "2024-07-02";
        SettleRequest owesBill = bill("df-1", "DF1", date, 300_000);
        SettlementResult owesProvisional = patientPaysMore(computed(HOSPITAL, owesBill), -1234); // the patient paid 12.34 too little
        Settlement owes = settlements(hospital(HOSPITAL)).settle(forward(owesBill, owesProvisional));
        assertEquals(owesProvisional, owes.getProvisional());
        assertNotEquals(owes.getResult(), owes.getProvisional());
        Settlement owed = forwardDiffering(HOSPITAL, "df-2", "DF2", date, 777); // the patient paid 7.77 too much

        OfflineDifferencesResponse page = differences(hospital(HOSPITAL), r -> r.setDate(date));
        assertEquals(List.of("DF1", "DF2"), ids(page), "in commit order");
        assertEquals("", page.getNextPageToken());
        OfflineDifference d1 = page.getDifferences(0);
        assertEquals(HOSPITAL, d1.getHospitalCode());
        assertEquals("341002********1237", d1.getIdNumberMasked());
        assertEquals(date, d1.getSettlementDate());
        assertEquals(madeAt, d1.getOfflineMadeAtMillis());
        assertEquals(owes.getSettledAtMillis(), d1.getSettledAtMillis());
        assertEquals(1234, d1.getPatientFen(), "patient_fen > 0: the patient owes the hospital (应补)");
        assertEquals(-1234, d1.getBasicFen(), "authoritative − provisional");
        assertEquals(0, d1.getCriticalIllnessFen());
        assertEquals(0, d1.getSupplementaryFen());
        assertEquals(0, d1.getAssistanceFen());
        assertEquals(0, d1.getHospitalAbsorbedFen());
        assertEquals(owesProvisional, d1.getProvisional());
        assertEquals(owes.getResult(), d1.getAuthoritative());
        OfflineDifference d2 = page.getDifferences(1);
        assertEquals(-777, d2.getPatientFen(), "patient_fen < 0: the hospital owes the patient (应退)");
        assertEquals(777, d2.getBasicFen());
        assertEquals(owed.getResult(), d2.getAuthoritative());
        assertEquals(owed.getProvisional(), d2.getProvisional());
    }

    @Test
    void aForwardAfterALostOnlineAnswerGetsTheFirstAnswerAndRecordsItsProvisional() {
        String date = "2024-07-03";
        var stub = settlements(hospital(HOSPITAL));
        SettleRequest bill = bill("lost-1", "LOST1", date, 300_000);
        Settlement first = stub.settle(bill); // reached the server; the answer never reached the agent
        SettlementResult provisional = patientPaysMore(first.getResult(), -2000); // the agent, now offline, settled again

        Settlement forwarded = stub.settle(forward(bill, provisional));
        assertEquals(first, forwarded, "the forward is answered the first answer, not REQUEST_ID_REUSED");
        Settlement now = stub.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("LOST1").build());
        assertEquals(provisional, now.getProvisional(), "the provisional result is recorded against the settlement");
        assertEquals(0, now.getOfflineMadeAtMillis(), "the settlement itself was made online");
        assertEquals(first.getResult(), now.getResult());
        OfflineDifferencesResponse page = differences(hospital(HOSPITAL), r -> r.setDate(date));
        assertEquals(List.of("LOST1"), ids(page));
        assertEquals(2000, page.getDifferences(0).getPatientFen());
        assertEquals(madeAt, page.getDifferences(0).getOfflineMadeAtMillis());

        Map<String, Long> before = rowCounts();
        assertEquals(first, stub.settle(forward(bill, patientPaysMore(first.getResult(), -5)).toBuilder()
                .setOfflineMadeAtMillis(madeAt + 1000).build()), "every repeat answers the first answer");
        assertEquals(before, rowCounts(), "the provisional result recorded first stays; nothing more is written");
        assertEquals(2000, differences(hospital(HOSPITAL), r -> r.setDate(date)).getDifferences(0).getPatientFen());
        assertTrue(audit().stream().anyMatch(a -> a.getAction().equals("provisional") && a.getTarget().startsWith("LOST1 ")
                && a.getActor().equals(HOSPITAL)), "the late record is audited");

        assertRejected("REQUEST_ID_REUSED", Status.Code.ALREADY_EXISTS, "request_id", () -> stub.settle(bill("lost-1", "LOST1", date, 300_001)));
    }

    @Test
    void anInvalidProvisionalIsNamedAndNothingIsStored() {
        String date = "2024-07-04";
        var stub = settlements(hospital(HOSPITAL));
        SettleRequest valid = forward(bill("bad-1", "BAD1", date, 300_000), computed(HOSPITAL, bill("bad-1", "BAD1", date, 300_000)));
        SettlementResult p = valid.getProvisional();
        Map<String, UnaryOperator<SettlementResult.Builder>> broken = new LinkedHashMap<>();
        broken.put("provisional.settlement_id", b -> b.setSettlementId("BAD2"));
        broken.put("provisional.policy_id", b -> b.setPolicyId(""));
        broken.put("provisional.mode", b -> b.setMode(SettlementMode.SETTLEMENT_MODE_UNSPECIFIED));
        broken.put("provisional.total_fen", b -> b.setTotalFen(p.getTotalFen() + 100).setPatientPayFen(p.getPatientPayFen() + 100));
        broken.put("provisional.basic_pay_fen", b -> b.setBasicPayFen(-1));
        broken.put("provisional.supplementary[0].pay_fen", b -> b.addSupplementary(SupplementaryPayment.newBuilder().setTierId("t1").setPayFen(-5)));
        broken.put("provisional.supplementary[1].tier_id", b -> b.addSupplementary(SupplementaryPayment.newBuilder().setTierId("t1"))
                .addSupplementary(SupplementaryPayment.newBuilder().setTierId("t1")));
        broken.put("provisional.assistance_category", b -> b.setAssistanceCategory("MINIMUM\u0000LIVING"));
        broken.put("provisional.fund_pay_fen", b -> b.setFundPayFen(p.getFundPayFen() + 1).setPatientPayFen(p.getPatientPayFen() - 1));
        broken.put("provisional.patient_pay_fen", b -> b.setPatientPayFen(p.getPatientPayFen() + 1));
        broken.put("provisional.hospital_absorbed_fen", b -> b.setHospitalAbsorbedFen(p.getTotalFen() + 1));
        broken.put("provisional.delta.ci_paid_fen", b -> b.setDelta(p.getDelta().toBuilder().setCiPaidFen(-1)));
        broken.put("provisional.after.supplementary[t1].base_fen", b -> b.setAfter(p.getAfter().toBuilder()
                .putSupplementary("t1", TierTotals.newBuilder().setBaseFen(-1).build())));
        broken.put("provisional.after.admissions", b -> b.setAfter(p.getAfter().toBuilder().setAdmissions(-1)));

        Map<String, Long> before = rowCounts();
        for (Map.Entry<String, UnaryOperator<SettlementResult.Builder>> e : broken.entrySet()) {
            SettleRequest bad = valid.toBuilder().setProvisional(e.getValue().apply(p.toBuilder())).build();
            assertInvalid(e.getKey(), () -> stub.settle(bad));
        }
        assertInvalid("offline_made_at_millis", () -> stub.settle(valid.toBuilder().setOfflineMadeAtMillis(0).build()));
        assertInvalid("offline_made_at_millis", () -> stub.settle(valid.toBuilder()
                .setOfflineMadeAtMillis(System.currentTimeMillis() + 86_400_000).build()));
        assertEquals(before, rowCounts(), "nothing stored, nothing remembered");

        Settlement s = stub.settle(valid);
        assertEquals(p, s.getProvisional(), "the same request id settles once its body is right");
        assertEquals(before.get("provisional_settlements") + 1, rowCounts().get("provisional_settlements"));
    }

    @Test
    void differencesArePagedInCommitOrder() {
        String date = "2024-07-05";
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            forwardDiffering(HOSPITAL, "pg-" + i, "PG" + i, date, 100L * i);
            expected.add("PG" + i);
            if (i == 2) {
                SettleRequest same = bill("pg-same", "PG2a", date, 300_000);
                settlements(hospital(HOSPITAL)).settle(forward(same, computed(HOSPITAL, same)));
            }
            if (i == 3) settlements(hospital(HOSPITAL)).settle(bill("pg-online", "PG3a", date, 300_000));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = "";
        do {
            String t = token;
            OfflineDifferencesResponse page = differences(hospital(HOSPITAL), r -> r.setDate(date).setPageSize(2).setPageToken(t));
            seen.addAll(ids(page));
            sizes.add(page.getDifferencesCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(expected, seen);
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(expected, ids(differences(hospital(HOSPITAL), r -> r.setDate(date))), "page_size 0: 100");
        assertInvalid("page_token", () -> differences(hospital(HOSPITAL), r -> r.setDate(date).setPageToken("bm90IG91cnM")));
        assertInvalid("page_size", () -> differences(hospital(HOSPITAL), r -> r.setDate(date).setPageSize(501)));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "date", () -> differences(hospital(HOSPITAL), r -> r.setDate("2024-02-30")));
    }

    @Test
    void aHospitalSeesItsOwnDifferencesAndTheOfficeEveryHospitals() {
        String date = "2024-07-06";
        forwardDiffering(HOSPITAL, "hs-1", "HS1", date, 300);
        forwardDiffering(OTHER, "ot-1", "OT1", date, -400);
        forwardDiffering(HOSPITAL, "hs-2", "HS2", date, 500);

        assertEquals(List.of("HS1", "HS2"), ids(differences(hospital(HOSPITAL), r -> r.setDate(date))));
        assertEquals(List.of("HS1", "HS2"), ids(differences(hospital(HOSPITAL), r -> r.setDate(date).setHospitalCode(HOSPITAL))));
        assertEquals(List.of("OT1"), ids(differences(hospital(OTHER), r -> r.setDate(date))));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "hospital_code",
                () -> differences(hospital(HOSPITAL), r -> r.setDate(date).setHospitalCode(OTHER)));

        Caller admin = Caller.office("admin1", Role.ADMIN);
        OfflineDifferencesResponse all = differences(admin, r -> r.setDate(date));
        assertEquals(List.of("HS1", "OT1", "HS2"), ids(all), "every hospital's, in commit order");
        assertEquals(List.of(HOSPITAL, OTHER, HOSPITAL), all.getDifferencesList().stream().map(OfflineDifference::getHospitalCode).toList());
        assertEquals(List.of("OT1"), ids(differences(admin, r -> r.setDate(date).setHospitalCode(OTHER))));
        OfflineDifferencesResponse first = differences(admin, r -> r.setDate(date).setPageSize(2));
        assertEquals(List.of("HS1", "OT1"), ids(first));
        assertEquals(List.of("HS2"), ids(differences(admin, r -> r.setDate(date).setPageSize(2).setPageToken(first.getNextPageToken()))));
        assertEquals(3, differences(Caller.office("aud", Role.AUDITOR), r -> r.setDate(date)).getDifferencesCount());
        assertInvalid("hospital_code", () -> differences(admin, r -> r.setDate(date).setHospitalCode("H 1")));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null,
                () -> differences(Caller.office("ca", Role.CIVIL_AFFAIRS), r -> r.setDate(date)));
    }

    @Test
    void theDailySummaryCountsTheDaysOfflineSettlements() {
        String date = "2024-07-08";
        var stub = settlements(hospital(HOSPITAL));
        SettleRequest same = bill("ds-e", "DSE", date, 300_000);
        stub.settle(forward(same, computed(HOSPITAL, same)));
        forwardDiffering(HOSPITAL, "ds-o1", "DSO1", date, -300); // patient owes 3.00
        forwardDiffering(HOSPITAL, "ds-o2", "DSO2", date, 200);  // hospital owes the patient 2.00
        forwardDiffering(HOSPITAL, "ds-r", "DSR", date, -50);    // reversed below: not counted
        stub.reverse(ReverseRequest.newBuilder().setRequestId("ds-rv").setSettlementId("DSR").build());
        stub.settle(bill("ds-n", "DSN", date, 300_000));          // online
        SettleRequest lost = bill("ds-l", "DSL", date, 300_000);
        Settlement first = stub.settle(lost);
        stub.settle(forward(lost, patientPaysMore(first.getResult(), -400))); // online first, then forwarded: patient owes 4.00

        DailySummary sum = reconciliation(hospital(HOSPITAL)).getDailySummary(DailySummaryRequest.newBuilder().setDate(date).build());
        assertEquals(5, sum.getSettledCount());
        assertEquals(1, sum.getReversedCount());
        assertEquals(4, sum.getOfflineCount(), "DSE, DSO1, DSO2 and DSL");
        assertEquals(3, sum.getOfflineDifferingCount());
        assertEquals(700, sum.getOfflinePatientOwesFen(), "应补 summed");
        assertEquals(200, sum.getOfflinePatientOwedFen(), "应退 summed, as an amount");
        assertEquals(List.of("DSO1", "DSO2", "DSL"), ids(differences(hospital(HOSPITAL), r -> r.setDate(date))), "a reversed one is not listed");

        DailySummary none = reconciliation(hospital(OTHER)).getDailySummary(DailySummaryRequest.newBuilder().setDate(date).build());
        assertEquals(0, none.getOfflineCount());
        assertEquals(0, none.getOfflinePatientOwesFen());
    }

    @Test
    void anOfflineReversalIsAuditedAndItsTimeIsNotPartOfTheRequest() {
        String date = "2024-07-09";
        var stub = settlements(hospital(HOSPITAL));
        stub.settle(bill("rv-s", "RV1", date, 300_000));
        ReverseRequest reverse = ReverseRequest.newBuilder().setRequestId("rv-1").setSettlementId("RV1").setReason("收费员录入错误")
                .setOfflineMadeAtMillis(madeAt).build();
        Settlement reversed = stub.reverse(reverse);
        assertEquals(SettlementStatus.REVERSED, reversed.getStatus());
        assertEquals(reversed, stub.reverse(reverse.toBuilder().setOfflineMadeAtMillis(0).build()), "the same request, online");
        assertEquals(reversed, stub.reverse(reverse.toBuilder().setOfflineMadeAtMillis(madeAt + 5000).build()));
        assertTrue(audit().stream().anyMatch(a -> a.getAction().equals("reverse") && a.getTarget().startsWith("RV1 ")
                && a.getDetail().startsWith("收费员录入错误") && a.getDetail().contains("offline")), "the audit line says it was made offline");

        stub.settle(bill("rv-s2", "RV2", date, 300_000));
        Map<String, Long> before = rowCounts();
        assertInvalid("offline_made_at_millis", () -> stub.reverse(reverse.toBuilder().setRequestId("rv-2").setSettlementId("RV2")
                .setOfflineMadeAtMillis(-1).build()));
        assertInvalid("offline_made_at_millis", () -> stub.reverse(reverse.toBuilder().setRequestId("rv-2").setSettlementId("RV2")
                .setOfflineMadeAtMillis(System.currentTimeMillis() + 86_400_000).build()));
        assertEquals(before, rowCounts());
    }

    @Test
    void agentReportsKeepTheirOutageJournalFigures() {
        var agents = AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(hospital(OTHER), 60_000)));
        AgentReport report = AgentReport.newBuilder().setAgentId("pc-journal").setCounterName("出院结算2号窗口").setVersion("0.2.0")
                .setPending(3).setJournalRejected(2).setJournalOldestMillis(madeAt).build();
        agents.report(report);
        var office = AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.office("aud", Role.AUDITOR), 60_000)));
        AgentStatus status = office.listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList().stream()
                .filter(a -> a.getReport().getAgentId().equals("pc-journal")).findFirst().orElseThrow();
        assertEquals(report, status.getReport());
        agents.report(report.toBuilder().setPending(0).setJournalRejected(0).setJournalOldestMillis(0).build());
        status = office.listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList().stream()
                .filter(a -> a.getReport().getAgentId().equals("pc-journal")).findFirst().orElseThrow();
        assertEquals(0, status.getReport().getJournalRejected());
        assertEquals(0, status.getReport().getJournalOldestMillis());
        assertInvalid("journal_rejected", () -> agents.report(report.toBuilder().setJournalRejected(-1).build()));
        assertInvalid("journal_oldest_millis", () -> agents.report(report.toBuilder().setJournalOldestMillis(-1).build()));
    }
}
