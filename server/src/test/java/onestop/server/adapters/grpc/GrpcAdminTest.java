package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.ServerFixture;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AlertReportRequest;
import onestop.v1.ClearingReportRequest;
import onestop.v1.Hospital;
import onestop.v1.HospitalLevel;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ImportReport;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListHospitalsRequest;
import onestop.v1.ListPoliciesRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SyncServiceGrpc;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertHospitalRequest;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** AdminService in process: roles, policies, hospitals, identity import, reports, audit. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcAdminTest implements TestPropertyProvider {
    static final String NEW_IDENTITY = "34100219800101004X"; // demo person without identity, Huangshan

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("admin-test");
    }

    AdminServiceGrpc.AdminServiceBlockingStub as(Caller caller) {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    final AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return as(Caller.office("admin1", Role.ADMIN));
    }

    @Test
    void rolesAreEnforced() {
        var hospital = as(Caller.hospital("H341002001"));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> hospital.listHospitals(ListHospitalsRequest.getDefaultInstance()));
        var auditor = as(Caller.office("aud", Role.AUDITOR));
        assertTrue(auditor.listPolicies(ListPoliciesRequest.getDefaultInstance()).getPoliciesCount() >= 3);
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> auditor.upsertHospital(UpsertHospitalRequest.newBuilder()
                .setRequestId("a1").setHospital(Hospital.newBuilder().setCode("X1").setName("x").setLevel(HospitalLevel.PRIMARY).setCounty("341002")).build()));
        var civil = as(Caller.office("mz", Role.CIVIL_AFFAIRS));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> civil.getClearingReport(
                ClearingReportRequest.newBuilder().setMonth("2024-06").build()));
    }

    @Test
    void policiesAreValidatedBeforeTheyAreStored() {
        String good = ServerFixture.projectRoot().resolve("examples/policies/huangshan-2024.yaml").toFile().exists()
                ? read("huangshan-2024.yaml") : "";
        String next = good.replace("id: huangshan-2024", "id: huangshan-2025").replace("year: 2024", "year: 2025");
        String bad = next.replace("rate: \"0.85\"", "rate: \"1.85\"");
        var v = admin().validatePolicy(UploadPolicyRequest.newBuilder().setFileName("huangshan-2025.yaml").setYaml(bad).build());
        assertFalse(v.getValid());
        assertTrue(v.getProblem().startsWith("huangshan-2025.yaml: basic.RESIDENT.INPATIENT.levels.PRIMARY.rate: "), v.getProblem());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "yaml", () -> admin().uploadPolicy(
                UploadPolicyRequest.newBuilder().setRequestId("p1").setFileName("huangshan-2025.yaml").setYaml(bad).build()));
        var doc = admin().uploadPolicy(UploadPolicyRequest.newBuilder().setRequestId("p2").setFileName("huangshan-2025.yaml").setYaml(next).build());
        assertEquals("huangshan-2025", doc.getPolicyId());
        assertEquals(doc, admin().uploadPolicy(UploadPolicyRequest.newBuilder().setRequestId("p2").setFileName("huangshan-2025.yaml").setYaml(next).build()));
        assertTrue(admin().listPolicies(ListPoliciesRequest.newBuilder().setRegion("341000").build()).getPoliciesList().stream()
                .anyMatch(p -> p.getPolicyId().equals("huangshan-2025")));
    }

    private static String read(String name) {
        try {
            return Files.readString(ServerFixture.projectRoot().resolve("examples/policies").resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void hospitalsAreUpsertedOnceAndAudited() {
        Hospital h = Hospital.newBuilder().setCode("H341004001").setName("徽州区人民医院").setLevel(HospitalLevel.SECONDARY)
                .setCounty("341004").setDesignated(true).build();
        assertEquals(h, admin().upsertHospital(UpsertHospitalRequest.newBuilder().setRequestId("h1").setHospital(h).build()));
        assertEquals(h, admin().upsertHospital(UpsertHospitalRequest.newBuilder().setRequestId("h1").setHospital(h).build()));
        assertRejected("REQUEST_ID_REUSED", Status.Code.ALREADY_EXISTS, "request_id", () -> admin().upsertHospital(
                UpsertHospitalRequest.newBuilder().setRequestId("h1").setHospital(h.toBuilder().setName("改名")).build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "hospital.county", () -> admin().upsertHospital(
                UpsertHospitalRequest.newBuilder().setRequestId("h2").setHospital(h.toBuilder().setCounty("3410")).build()));
        assertTrue(admin().listHospitals(ListHospitalsRequest.getDefaultInstance()).getHospitalsList().contains(h));
        var audit = admin().listAudit(ListAuditRequest.newBuilder().setPageSize(50).build());
        assertTrue(audit.getEntriesList().stream().anyMatch(e -> e.getAction().equals("upsert-hospital") && e.getTarget().equals("H341004001")
                && e.getActor().equals("admin1")));
    }

    @Test
    void identityRosterImportValidatesThenAppliesAndAgentsSeeTheDelta() {
        String csv = "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n"
                + "屯溪街道,老街社区,王建国,34100219800101004X,3,王建国,34100219800101004X,新识别,2024-03-01,低保对象\n"
                + "屯溪街道,老街社区,王建国,34100219800101004X,3,王小明,341002201001010010,新识别,2024-03-01,低保对象\n";
        var sync = SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital("H341002001"), 60_000)));
        List<RosterDelta> before = new ArrayList<>();
        sync.streamRoster(RosterRequest.getDefaultInstance()).forEachRemaining(before::add);
        long version = before.get(before.size() - 1).getVersion();

        var civil = as(Caller.office("mz1", Role.CIVIL_AFFAIRS));
        ImportReport report = civil.importIdentities(request("i1", csv, ImportMode.VALIDATE_ONLY));
        assertEquals(2, report.getRows());
        assertEquals(1, report.getCleanRows());
        assertEquals(1, report.getProblemsCount());
        assertEquals(3, report.getProblems(0).getLine());
        assertEquals("成员身份证号", report.getProblems(0).getColumn());
        assertFalse(report.getApplied());
        assertRejected("IMPORT_NOT_CLEAN", Status.Code.FAILED_PRECONDITION, "csv", () -> civil.importIdentities(request("i2", csv, ImportMode.APPLY)));
        ImportReport applied = civil.importIdentities(request("i3", csv, ImportMode.APPLY_SKIPPING_BAD_ROWS));
        assertTrue(applied.getApplied());
        assertEquals(1, applied.getAppliedRows());

        List<RosterDelta> delta = new ArrayList<>();
        sync.streamRoster(RosterRequest.newBuilder().setSinceVersion(version).build()).forEachRemaining(delta::add);
        assertEquals(1, delta.size());
        assertEquals(NEW_IDENTITY, delta.get(0).getPerson().getIdNumber());
        assertEquals(onestop.v1.Category.MINIMUM_LIVING, delta.get(0).getPerson().getCategories(0).getCategory());
        assertEquals("2024-03-01", delta.get(0).getPerson().getCategories(0).getFrom());
        // the audit trail names the import but never a full ID number
        var audit = admin().listAudit(ListAuditRequest.newBuilder().setPageSize(100).build());
        assertTrue(audit.getEntriesList().stream().anyMatch(e -> e.getAction().equals("import-identities")));
        assertTrue(audit.getEntriesList().stream().noneMatch(e -> (e.getTarget() + e.getDetail()).contains(NEW_IDENTITY)));
    }

    private static ImportIdentitiesRequest request(String id, String csv, ImportMode mode) {
        return ImportIdentitiesRequest.newBuilder().setRequestId(id).setSourceName("tunxi-2024-03.csv").setDepartment("屯溪区民政局")
                .setCsv(csv).setMode(mode).build();
    }

    @Test
    void clearingAndAlertReportsAddUpSettlements() {
        var hospital = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital("H441602001"), 60_000)));
        long total = 0;
        long fund = 0;
        for (int i = 0; i < 3; i++) {
            var s = hospital.settle(SettleRequest.newBuilder().setRequestId("c" + i).setIdNumber("360721196501010012")
                    .setVisit(Visit.newBuilder().setSettlementId("C" + i).setDate("2019-05-0" + (i + 1)).setType(VisitType.INPATIENT)
                            .setTotalFen(3_000_000)).build());
            total += s.getResult().getTotalFen();
            fund += s.getResult().getFundPayFen();
        }
        var report = admin().getClearingReport(ClearingReportRequest.newBuilder().setMonth("2019-05").build());
        var row = report.getRowsList().stream().filter(r -> r.getHospitalCode().equals("H441602001")).findFirst().orElseThrow();
        assertEquals(3, row.getSettledCount());
        assertEquals(total, row.getTotalFen());
        assertEquals(fund, row.getBasicFen() + row.getCriticalIllnessFen() + row.getSupplementaryFen() + row.getAssistanceFen());
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "month", () -> admin().getClearingReport(
                ClearingReportRequest.newBuilder().setMonth("2019-13").build()));
        var alerts = as(Caller.office("mz", Role.CIVIL_AFFAIRS)).getAlertReport(AlertReportRequest.newBuilder().setQuarter("2019-Q2").build());
        assertTrue(alerts.getRowsList().stream().allMatch(r -> r.getOutOfPocketAfterFen() > 1_000_000));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "quarter", () -> admin().getAlertReport(
                AlertReportRequest.newBuilder().setQuarter("2019-Q5").build()));
    }

    @Test
    void personsAreUpsertedAndHighCostSettlementsReachTheAlertReport() {
        String id = onestop.server.testing.Ids.id("441602", "19660606", 66);
        onestop.v1.Person p = onestop.v1.Person.newBuilder().setIdNumber(id.toLowerCase()).setName("周大海")
                .setScheme(onestop.v1.Scheme.RESIDENT).setCounty("441602").addInsuredYears(2019).build();
        onestop.v1.Person stored = admin().upsertPerson(onestop.v1.UpsertPersonRequest.newBuilder().setRequestId("u1").setPerson(p).build());
        assertEquals(id, stored.getIdNumber(), "typed lower-case x is canonicalised");
        assertRejected("UNKNOWN_SCHEME", Status.Code.INVALID_ARGUMENT, "person.scheme", () -> admin().upsertPerson(
                onestop.v1.UpsertPersonRequest.newBuilder().setRequestId("u2").setPerson(p.toBuilder().clearScheme()).build()));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "person.categories[0].from", () -> admin().upsertPerson(
                onestop.v1.UpsertPersonRequest.newBuilder().setRequestId("u3").setPerson(p.toBuilder().addCategories(
                        onestop.v1.CategoryPeriod.newBuilder().setCategory(onestop.v1.Category.ORPHAN).setFrom("2019-02-30"))).build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> as(Caller.office("mz", Role.CIVIL_AFFAIRS))
                .upsertPerson(onestop.v1.UpsertPersonRequest.newBuilder().setRequestId("u4").setPerson(p).build()));

        var hospital = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital("H441602001"), 60_000)));
        var s = hospital.settle(SettleRequest.newBuilder().setRequestId("big1").setIdNumber(id).setVisit(Visit.newBuilder()
                .setSettlementId("BIG1").setDate("2019-06-20").setType(VisitType.INPATIENT).setTotalFen(20_000_000)).build());
        assertTrue(s.getResult().getAlert(), "200000.00 yuan leaves more than 10000.00 out of pocket");
        var alerts = as(Caller.office("mz", Role.CIVIL_AFFAIRS)).getAlertReport(AlertReportRequest.newBuilder().setQuarter("2019-Q2").build());
        var row = alerts.getRowsList().stream().filter(r -> r.getSettlementId().equals("BIG1")).findFirst().orElseThrow();
        assertEquals(id, row.getIdNumber(), "the report for civil affairs carries the full number");
        assertEquals("周大海", row.getName());
        assertEquals(s.getResult().getAfter().getOutOfPocketFen(), row.getOutOfPocketAfterFen());
        assertTrue(as(Caller.office("mz", Role.CIVIL_AFFAIRS)).getAlertReport(AlertReportRequest.newBuilder().setQuarter("2019-Q3").build())
                .getRowsList().stream().noneMatch(r -> r.getSettlementId().equals("BIG1")));
    }
}
