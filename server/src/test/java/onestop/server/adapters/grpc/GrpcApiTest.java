package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.ServerFixture;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.DailySummary;
import onestop.v1.DailySummaryRequest;
import onestop.v1.Document;
import onestop.v1.EligibilityDecision;
import onestop.v1.GetPersonRequest;
import onestop.v1.GetSettlementRequest;
import onestop.v1.HospitalLevel;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.ReconciliationServiceGrpc;
import onestop.v1.ReverseRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.SyncServiceGrpc;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every RPC in process, through the real interceptor, mapping and store (SQLite), with its error paths. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcApiTest implements TestPropertyProvider {
    static final String HOSPITAL = "H341002001";
    static final String OTHER = "H341003001";
    static final String LOW_INCOME_PERSON = "341002195603121237"; // demo: MINIMUM_LIVING from 2024-01-01

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("grpc-test");
    }

    static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    SettlementServiceGrpc.SettlementServiceBlockingStub settlements(Caller caller) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    static SettleRequest settle(String requestId, String settlementId, long totalFen) {
        return SettleRequest.newBuilder().setRequestId(requestId).setIdNumber(LOW_INCOME_PERSON)
                .setVisit(Visit.newBuilder().setSettlementId(settlementId).setDate("2024-06-10").setType(VisitType.INPATIENT)
                        .setTotalFen(totalFen)).build();
    }

    static void assertRejected(String reason, Status.Code code, String field, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(reason, GrpcErrors.reason(e), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().startsWith(reason + ": "), e.getStatus().getDescription());
        if (field != null) {
            com.google.rpc.Status s = io.grpc.protobuf.StatusProto.fromThrowable(e);
            assertTrue(s.getDetailsList().stream().anyMatch(a -> a.is(com.google.rpc.BadRequest.class)), "names the field");
            assertTrue(s.toString().contains(field), s.toString());
        }
    }

    @Test
    void unauthenticatedCallsAreRefused() {
        var anonymous = SettlementServiceGrpc.newBlockingStub(channel);
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> anonymous.settle(settle("u1", "U1", 100)));
        var forged = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer("os1.e30.AAAA"));
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> forged.getSettlement(
                GetSettlementRequest.newBuilder().setSettlementId("X").build()));
        TokenService otherServer = new TokenService(new byte[32], java.time.Clock.systemUTC());
        var foreign = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(otherServer.issue(Caller.hospital(HOSPITAL), 60_000)));
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> foreign.settle(settle("u2", "U2", 100)));
    }

    @Test
    void settleRepeatReverseGetAndList() {
        var stub = settlements(Caller.hospital(HOSPITAL));
        Settlement s = stub.settle(settle("g1", "G1", 2_000_000));
        assertEquals(SettlementStatus.SETTLED, s.getStatus());
        assertEquals("341002********1237", s.getIdNumberMasked());
        assertEquals("MINIMUM_LIVING", s.getResult().getAssistanceCategory());
        assertEquals(s.getResult().getTotalFen(), s.getResult().getFundPayFen() + s.getResult().getPatientPayFen()
                + s.getResult().getHospitalAbsorbedFen());
        assertEquals(s, stub.settle(settle("g1", "G1", 2_000_000)), "a repeat answers the first answer");
        assertRejected("REQUEST_ID_REUSED", Status.Code.ALREADY_EXISTS, "request_id", () -> stub.settle(settle("g1", "G1", 2_000_001)));
        assertRejected("DUPLICATE_SETTLEMENT", Status.Code.ALREADY_EXISTS, "visit.settlement_id", () -> stub.settle(settle("g2", "G1", 5)));

        assertEquals(s, stub.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("G1").build()));
        var page = stub.listSettlements(ListSettlementsRequest.newBuilder().setDate("2024-06-10").build());
        assertTrue(page.getSettlementsList().stream().anyMatch(x -> x.getSettlementId().equals("G1")));

        Settlement reversed = stub.reverse(ReverseRequest.newBuilder().setRequestId("g3").setSettlementId("G1").setReason("重复收费").build());
        assertEquals(SettlementStatus.REVERSED, reversed.getStatus());
        assertRejected("ALREADY_REVERSED", Status.Code.FAILED_PRECONDITION, "settlement_id",
                () -> stub.reverse(ReverseRequest.newBuilder().setRequestId("g4").setSettlementId("G1").build()));
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, "settlement_id",
                () -> stub.reverse(ReverseRequest.newBuilder().setRequestId("g5").setSettlementId("NOPE").build()));
    }

    @Test
    void preSettleCommitsNothing() {
        var stub = settlements(Caller.hospital(HOSPITAL));
        var result = stub.preSettle(settle("", "P1", 1_000_000));
        assertTrue(result.getFundPayFen() > 0);
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, "settlement_id",
                () -> stub.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("P1").build()));
    }

    @Test
    void badInputIsAClearInvalidArgument() {
        var stub = settlements(Caller.hospital(HOSPITAL));
        assertRejected("INVALID_AMOUNT", Status.Code.INVALID_ARGUMENT, "visit.total_fen", () -> stub.settle(settle("b1", "B1", -1)));
        assertRejected("INVALID_ID_NUMBER", Status.Code.INVALID_ARGUMENT, "id_number",
                () -> stub.settle(settle("b2", "B2", 100).toBuilder().setIdNumber("341002195603121230").build()));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "visit.date", () -> stub.settle(settle("b3", "B3", 100).toBuilder()
                .setVisit(settle("b3", "B3", 100).getVisit().toBuilder().setDate("2024-02-30")).build()));
        assertRejected("UNKNOWN_VISIT_TYPE", Status.Code.INVALID_ARGUMENT, "visit.type", () -> stub.settle(settle("b4", "B4", 100).toBuilder()
                .setVisit(settle("b4", "B4", 100).getVisit().toBuilder().setTypeValue(99)).build()));
        assertRejected("UNKNOWN_HOSPITAL_LEVEL", Status.Code.INVALID_ARGUMENT, "visit.hospital_level", () -> stub.settle(settle("b5", "B5", 100)
                .toBuilder().setVisit(settle("b5", "B5", 100).getVisit().toBuilder().setHospitalLevelValue(42)).build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "request_id", () -> stub.settle(settle("", "B6", 100)));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "visit.hospital_level", () -> stub.settle(settle("b7", "B7", 100)
                .toBuilder().setVisit(settle("b7", "B7", 100).getVisit().toBuilder().setHospitalLevel(HospitalLevel.PRIMARY)).build()));
        // nothing of the above was remembered: the same request id settles once the body is right
        assertEquals(SettlementStatus.SETTLED, stub.settle(settle("b1", "B1", 100)).getStatus());
    }

    @Test
    void aHospitalSeesOnlyItsOwnAndOfficeUsersDoNotSettle() {
        settlements(Caller.hospital(HOSPITAL)).settle(settle("o1", "O1", 1000));
        var other = settlements(Caller.hospital(OTHER));
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, null,
                () -> other.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("O1").build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "hospital_code",
                () -> other.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("O1").setHospitalCode(HOSPITAL).build()));
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, null,
                () -> other.reverse(ReverseRequest.newBuilder().setRequestId("o2").setSettlementId("O1").build()));
        var auditor = settlements(Caller.office("auditor1", Role.AUDITOR));
        assertEquals("O1", auditor.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("O1").setHospitalCode(HOSPITAL).build())
                .getSettlementId());
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> auditor.settle(settle("o3", "O3", 1)));
        var hospital = settlements(Caller.hospital(HOSPITAL));
        assertEquals(SettlementStatus.SETTLED, hospital.getSettlement(GetSettlementRequest.newBuilder().setSettlementId("O1").build()).getStatus());
    }

    @Test
    void personsAndEligibility() {
        String token = tokens.issue(Caller.hospital(HOSPITAL), 60_000);
        var persons = PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token));
        var p = persons.getPerson(GetPersonRequest.newBuilder().setIdNumber(LOW_INCOME_PERSON).build());
        assertEquals("张秀英", p.getName());
        assertEquals(onestop.v1.Category.MINIMUM_LIVING, p.getCategories(0).getCategory());
        assertRejected("PERSON_NOT_FOUND", Status.Code.NOT_FOUND, "id_number",
                () -> persons.getPerson(GetPersonRequest.newBuilder().setIdNumber("11010520000229003X").build()));
        EligibilityDecision d = persons.checkEligibility(CheckEligibilityRequest.newBuilder().setIdNumber(LOW_INCOME_PERSON)
                .setDate("2024-06-10").setDocument(Document.ID_CARD).build());
        assertTrue(d.getDepositWaiver());
        assertEquals(onestop.v1.Category.MINIMUM_LIVING, d.getCategory());
        assertEquals("huangshan-2024", d.getPolicyId());
        EligibilityDecision notYet = persons.checkEligibility(CheckEligibilityRequest.newBuilder().setIdNumber(LOW_INCOME_PERSON)
                .setDate("2024-06-10").setDocument(Document.HOUSEHOLD_REGISTER).build());
        assertFalse(notYet.getDepositWaiver());
        assertEquals(List.of(onestop.v1.EligibilityReason.DOCUMENT_NOT_ACCEPTED), notYet.getReasonsList());
        assertRejected("UNKNOWN_DOCUMENT", Status.Code.INVALID_ARGUMENT, "document", () -> persons.checkEligibility(
                CheckEligibilityRequest.newBuilder().setIdNumber(LOW_INCOME_PERSON).setDate("2024-06-10").build()));
        assertRejected("POLICY_NOT_FOUND", Status.Code.FAILED_PRECONDITION, "date", () -> persons.checkEligibility(
                CheckEligibilityRequest.newBuilder().setIdNumber(LOW_INCOME_PERSON).setDate("2031-06-10").setDocument(Document.ID_CARD).build()));
    }

    @Test
    void reconciliationAddsUpTheDay() {
        var stub = settlements(Caller.hospital(OTHER));
        Settlement a = stub.settle(settle("d1", "D1", 300_000).toBuilder().setVisit(settle("d1", "D1", 300_000).getVisit().toBuilder().setDate("2024-07-01")).build());
        Settlement b = stub.settle(settle("d2", "D2", 500_000).toBuilder().setVisit(settle("d2", "D2", 500_000).getVisit().toBuilder().setDate("2024-07-01")).build());
        Settlement c = stub.settle(settle("d3", "D3", 700_000).toBuilder().setVisit(settle("d3", "D3", 700_000).getVisit().toBuilder().setDate("2024-07-01")).build());
        stub.reverse(ReverseRequest.newBuilder().setRequestId("d4").setSettlementId("D2").build());
        String token = tokens.issue(Caller.hospital(OTHER), 60_000);
        var rec = ReconciliationServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token));
        DailySummary sum = rec.getDailySummary(DailySummaryRequest.newBuilder().setDate("2024-07-01").build());
        assertEquals(2, sum.getSettledCount());
        assertEquals(1, sum.getReversedCount());
        assertEquals(a.getResult().getTotalFen() + c.getResult().getTotalFen(), sum.getTotalFen());
        assertEquals(a.getResult().getFundPayFen() + c.getResult().getFundPayFen(), sum.getFundFen());
        assertEquals(a.getResult().getBasicPayFen() + c.getResult().getBasicPayFen(), sum.getBasicFen());
        assertEquals(sum.getTotalFen(), sum.getFundFen() + sum.getPatientFen() + sum.getHospitalAbsorbedFen());
        List<String> ids = new ArrayList<>();
        rec.streamDailySettlements(DailySummaryRequest.newBuilder().setDate("2024-07-01").build()).forEachRemaining(s -> ids.add(s.getSettlementId()));
        assertEquals(List.of("D1", "D2", "D3"), ids);
        assertEquals(b.getSettlementId(), "D2");
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "hospital_code", () ->
                rec.getDailySummary(DailySummaryRequest.newBuilder().setDate("2024-07-01").setHospitalCode(HOSPITAL).build()));
    }

    @Test
    void syncGivesPoliciesAndTheRosterAsDeltas() {
        String token = tokens.issue(Caller.hospital(HOSPITAL), 60_000);
        var sync = SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token));
        var snapshot = sync.getPolicySnapshot(PolicySnapshotRequest.getDefaultInstance());
        assertEquals(1, snapshot.getPoliciesCount());
        assertEquals("huangshan-2024", snapshot.getPolicies(0).getPolicyId());
        assertEquals(onestop.server.application.Hashing.sha256(snapshot.getPolicies(0).getYaml()), snapshot.getPolicies(0).getSha256());
        List<RosterDelta> all = new ArrayList<>();
        sync.streamRoster(RosterRequest.getDefaultInstance()).forEachRemaining(all::add);
        assertEquals(2, all.size(), "the demo roster has two persons in Huangshan (3410)");
        assertTrue(all.get(0).getVersion() < all.get(1).getVersion());
        Iterator<RosterDelta> after = sync.streamRoster(RosterRequest.newBuilder().setSinceVersion(all.get(1).getVersion()).build());
        assertFalse(after.hasNext(), "nothing changed since the last version");
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "area", () ->
                sync.streamRoster(RosterRequest.newBuilder().setArea("34100").build()).hasNext());
    }
}
