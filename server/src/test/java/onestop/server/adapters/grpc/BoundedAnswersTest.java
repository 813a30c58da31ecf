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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ImportProblem;
import onestop.v1.ImportProblemCount;
import onestop.v1.ImportProblemKind;
import onestop.v1.ImportReport;
import onestop.v1.ListImportProblemsRequest;
import onestop.v1.ListImportProblemsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every answer fits comfortably in gRPC's default 4 MiB message limit, whatever the data: a roster import with 100,000
 * bad rows answers counts per kind and the first 1,000 problems, and the whole report is read in pages.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedAnswersTest implements TestPropertyProvider {
    /** What "comfortably" means: a quarter of the default limit. */
    static final int COMFORTABLE_BYTES = 1 << 20;
    static final int BAD_ROWS = 100_000;
    static final String HEADER = "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n";
    /** A clean row: the demo person without identities gets one; each test its own category, so their order does not matter. */
    static String goodRow(String category) {
        return "屯溪街道,老街社区,王建国,34100219800101004X,3,王建国,34100219800101004X,新识别,2024-03-01," + category + "\n";
    }

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("bounded-test");
    }

    AdminServiceGrpc.AdminServiceBlockingStub as(Caller caller) {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 600_000)));
    }

    /** 100,000 short bad rows (too few columns; every third an unknown adjustment type), then one good row. */
    static String hugeBadCsv(String goodCategory) {
        StringBuilder b = new StringBuilder(HEADER);
        for (int i = 0; i < BAD_ROWS; i++) {
            if (i % 3 == 0) b.append("a,b,c,34100219800101004X,1,d,34100219800101004X,迁入,2024-03-01,低保对象\n");
            else b.append("x").append(i).append('\n');
        }
        return b.append(goodRow(goodCategory)).toString();
    }

    static ImportIdentitiesRequest request(String id, String csv, ImportMode mode) {
        return ImportIdentitiesRequest.newBuilder().setRequestId(id).setSourceName("huge.csv").setDepartment("屯溪区民政局")
                .setCsv(csv).setMode(mode).build();
    }

    static void assertBounded(ImportReport r) {
        assertTrue(r.getSerializedSize() < COMFORTABLE_BYTES, "report of " + r.getSerializedSize() + " bytes");
        assertEquals(BAD_ROWS + 1, r.getRows());
        assertEquals(1, r.getCleanRows());
        assertEquals(BAD_ROWS, r.getProblemCount());
        assertEquals(1_000, r.getProblemsCount());
        assertTrue(r.getProblemsTruncated());
        assertEquals(r.getProblemCount(), r.getProblemCountsList().stream().mapToInt(ImportProblemCount::getCount).sum());
        int wrongColumns = BAD_ROWS - (BAD_ROWS + 2) / 3;
        assertTrue(r.getProblemCountsList().contains(ImportProblemCount.newBuilder().setKind(ImportProblemKind.IMPORT_WRONG_COLUMN_COUNT)
                .setCount(wrongColumns).build()), r.getProblemCountsList().toString());
        assertTrue(r.getProblemCountsList().contains(ImportProblemCount.newBuilder().setKind(ImportProblemKind.IMPORT_UNKNOWN_ADJUSTMENT)
                .setCount(BAD_ROWS - wrongColumns).build()), r.getProblemCountsList().toString());
        assertEquals(2, r.getProblems(0).getLine(), "file order: the first data row is line 2");
        assertEquals(ImportProblemKind.IMPORT_UNKNOWN_ADJUSTMENT, r.getProblems(0).getKind());
    }

    List<ImportProblem> allProblems(AdminServiceGrpc.AdminServiceBlockingStub stub, String importId, int pageSize) {
        List<ImportProblem> all = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListImportProblemsResponse page = stub.listImportProblems(ListImportProblemsRequest.newBuilder().setImportId(importId)
                    .setPageSize(pageSize).setPageToken(token).build());
            assertTrue(page.getSerializedSize() < COMFORTABLE_BYTES, "page of " + page.getSerializedSize() + " bytes");
            assertEquals(BAD_ROWS, page.getProblemCount());
            all.addAll(page.getProblemsList());
            token = page.getNextPageToken();
            assertTrue(++pages <= BAD_ROWS / pageSize + 1, "paging ends");
        } while (!token.isEmpty());
        return all;
    }

    @Test
    void aHugeValidationAnswersCountsAndFirstProblemsAndTheRestInPages() {
        var civil = as(Caller.office("mz-bounds", Role.CIVIL_AFFAIRS));
        ImportReport report = civil.importIdentities(request("", hugeBadCsv("特困人员"), ImportMode.VALIDATE_ONLY));
        assertBounded(report);
        assertFalse(report.getApplied());

        List<ImportProblem> all = allProblems(civil, report.getImportId(), 5_000);
        assertEquals(BAD_ROWS, all.size());
        assertEquals(report.getProblemsList(), all.subList(0, 1_000), "the report's problems are the first of the whole list");
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).getLine() < all.get(i).getLine(), "file order at " + i);
        // an auditor reads it too; a hospital does not
        assertEquals(all.subList(0, 10), as(Caller.office("aud", Role.AUDITOR)).listImportProblems(ListImportProblemsRequest.newBuilder()
                .setImportId(report.getImportId()).setPageSize(10).build()).getProblemsList());
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> as(Caller.hospital("H341002001"))
                .listImportProblems(ListImportProblemsRequest.newBuilder().setImportId(report.getImportId()).build()));
    }

    @Test
    void applyingSkippingBadRowsRepeatsTheSameBoundedReport() {
        var civil = as(Caller.office("mz-apply", Role.CIVIL_AFFAIRS));
        String csv = hugeBadCsv("低保对象");
        ImportReport first = civil.importIdentities(request("huge-1", csv, ImportMode.APPLY_SKIPPING_BAD_ROWS));
        assertBounded(first);
        assertTrue(first.getApplied());
        assertEquals(1, first.getAppliedRows());
        ImportReport again = civil.importIdentities(request("huge-1", csv, ImportMode.APPLY_SKIPPING_BAD_ROWS));
        assertEquals(first, again, "a repeat answers the first, bounded report");
        assertEquals(BAD_ROWS, allProblems(civil, first.getImportId(), 3_000).size());
    }

    @Inject
    onestop.server.application.ports.Store store;

    /** Every page of a paged call, following next_page_token; asserts each page is small and the paging ends. */
    static <R extends com.google.protobuf.Message, T> List<T> pages(java.util.function.Function<String, R> call,
                                                                   java.util.function.Function<R, List<T>> items,
                                                                   java.util.function.Function<R, String> next, int maxPages) {
        List<T> all = new ArrayList<>();
        String token = "";
        for (int n = 0; ; n++) {
            assertTrue(n < maxPages, "paging ends within " + maxPages + " pages");
            R page = call.apply(token);
            assertTrue(page.getSerializedSize() < COMFORTABLE_BYTES, "page of " + page.getSerializedSize() + " bytes");
            all.addAll(items.apply(page));
            token = next.apply(page);
            if (token.isEmpty()) return all;
        }
    }

    @Test
    void hospitalsClearingAndAlertsComeInPages() {
        long now = System.currentTimeMillis();
        store.write(tx -> {
            for (int i = 0; i < 1_500; i++) {
                tx.upsertHospital(new onestop.server.domain.Hospital(String.format("Z%06d", i), "第" + i + "人民医院",
                        onestop.engine.domain.HospitalLevel.SECONDARY, "341002", true), now);
            }
            return null;
        });
        var auditor = as(Caller.office("aud-pages", Role.AUDITOR));
        var first = auditor.listHospitals(onestop.v1.ListHospitalsRequest.getDefaultInstance());
        assertEquals(500, first.getHospitalsCount(), "the default page");
        List<onestop.v1.Hospital> all = pages(t -> auditor.listHospitals(onestop.v1.ListHospitalsRequest.newBuilder().setPageSize(700)
                .setPageToken(t).build()), onestop.v1.ListHospitalsResponse::getHospitalsList, onestop.v1.ListHospitalsResponse::getNextPageToken, 4);
        assertEquals(1_505, all.size(), "1,500 added and the 5 demo hospitals, each once");
        assertEquals(all.stream().map(onestop.v1.Hospital::getCode).sorted().toList(), all.stream().map(onestop.v1.Hospital::getCode).toList());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_size", () -> auditor.listHospitals(
                onestop.v1.ListHospitalsRequest.newBuilder().setPageSize(1_001).build()));

        // five persons' first high-cost bills (an alert is the settlement that crosses the threshold) at two hospitals:
        // the alert report and the clearing report a row at a time
        int n = 0;
        for (String hospital : List.of("H441602001", "H441602001", "H441602001", "H140105001", "H140105001")) {
            String person = onestop.server.testing.Ids.id("441602", "19700707", 70 + n++); // no assistance identity
            as(Caller.office("admin-pages", Role.ADMIN)).upsertPerson(onestop.v1.UpsertPersonRequest.newBuilder().setRequestId("pp" + n)
                    .setPerson(onestop.v1.Person.newBuilder().setIdNumber(person).setName("钱多多").setScheme(onestop.v1.Scheme.RESIDENT)
                            .setCounty("441602").addInsuredYears(2019)).build());
            var stub = onestop.v1.SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital(hospital), 60_000)));
            String id = "PG" + System.nanoTime();
            stub.settle(onestop.v1.SettleRequest.newBuilder().setRequestId(id).setIdNumber(person).setVisit(onestop.v1.Visit.newBuilder()
                    .setSettlementId(id).setDate("2019-08-0" + (1 + all.size() % 3)).setType(onestop.v1.VisitType.INPATIENT)
                    .setTotalFen(30_000_000)).build());
        }
        var civil = as(Caller.office("mz-pages", Role.CIVIL_AFFAIRS));
        var whole = civil.getAlertReport(onestop.v1.AlertReportRequest.newBuilder().setQuarter("2019-Q3").build());
        assertEquals(5, whole.getRowsCount(), whole.toString());
        assertEquals("", whole.getNextPageToken());
        assertEquals(whole.getRowsList(), pages(t -> civil.getAlertReport(onestop.v1.AlertReportRequest.newBuilder().setQuarter("2019-Q3")
                .setPageSize(2).setPageToken(t).build()), onestop.v1.AlertReport::getRowsList, onestop.v1.AlertReport::getNextPageToken, 10));
        var admin = as(Caller.office("admin-pages", Role.ADMIN));
        var clearing = admin.getClearingReport(onestop.v1.ClearingReportRequest.newBuilder().setMonth("2019-08").build());
        assertEquals(2, clearing.getRowsCount());
        assertEquals(clearing.getRowsList(), pages(t -> admin.getClearingReport(onestop.v1.ClearingReportRequest.newBuilder().setMonth("2019-08")
                .setPageSize(1).setPageToken(t).build()), onestop.v1.ClearingReport::getRowsList, onestop.v1.ClearingReport::getNextPageToken, 3));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_token", () -> admin.getClearingReport(
                onestop.v1.ClearingReportRequest.newBuilder().setMonth("2019-08").setPageToken("%%%").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_token", () -> civil.getAlertReport(
                onestop.v1.AlertReportRequest.newBuilder().setQuarter("2019-Q3").setPageToken(onestop.server.application.Paging.token("x")).build()));
    }

    @Test
    void policiesComeInPagesOfAtMostAMebibyteOfYaml() {
        var admin = as(Caller.office("admin-policies", Role.ADMIN));
        var page = admin.listPolicies(onestop.v1.ListPoliciesRequest.getDefaultInstance());
        assertTrue(page.getPoliciesCount() >= 3 && page.getNextPageToken().isEmpty(), "the examples fit one page");
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_token", () -> admin.listPolicies(
                onestop.v1.ListPoliciesRequest.newBuilder().setPageToken(onestop.server.application.Paging.token("no/such")).build()));
        var agent = onestop.v1.SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital("H341002001"), 60_000)));
        var snapshot = agent.getPolicySnapshot(onestop.v1.PolicySnapshotRequest.getDefaultInstance());
        assertEquals(1, snapshot.getPoliciesCount());
        assertEquals("", snapshot.getNextPageToken());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "yaml", () -> admin.uploadPolicy(onestop.v1.UploadPolicyRequest
                .newBuilder().setRequestId("big-policy").setFileName("big.yaml").setYaml("#".repeat(256 * 1024 + 1)).build()));
    }

    @Test
    void badPagingIsAClearInvalidArgument() {
        var admin = as(Caller.office("admin-bounds", Role.ADMIN));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "import_id",
                () -> admin.listImportProblems(ListImportProblemsRequest.newBuilder().setImportId("nope").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "import_id", () -> admin.listImportProblems(
                ListImportProblemsRequest.newBuilder().setImportId("imp-00000000-0000-0000-0000-000000000000").build()));
        ImportReport small = admin.importIdentities(request("", HEADER + goodRow("孤儿") + "x\n", ImportMode.VALIDATE_ONLY));
        assertEquals(1, small.getProblemCount());
        assertFalse(small.getProblemsTruncated());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_size", () -> admin.listImportProblems(
                ListImportProblemsRequest.newBuilder().setImportId(small.getImportId()).setPageSize(5_001).build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_token", () -> admin.listImportProblems(
                ListImportProblemsRequest.newBuilder().setImportId(small.getImportId()).setPageToken("-3").build()));
    }
}
