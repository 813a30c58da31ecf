package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import onestop.server.application.admin.AdminService;
import onestop.server.application.identity.ImportProgress;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.Ids;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ImportSummary;
import onestop.v1.ListImportsRequest;
import onestop.v1.ListImportsResponse;
import onestop.v1.OfficeServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OfficeService.ImportIdentitiesWithProgress and ListImports, {@link OfficeImportsEndpoint} bound in this JVM behind the
 * real interceptors and over the real store: a 100,000-row file streams its progress and then its report, a repeat
 * answers the stored report at once, and the history pages newest first.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficeImportsTest implements TestPropertyProvider {
    static final String HEADER = "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n";

    @Inject
    AdminService admin;

    @Inject
    AuthInterceptor auth;

    @Inject
    TokenService tokens;

    @Value("${grpc.server.max-inbound-message-size}")
    int maxInbound;

    Server server;
    ManagedChannel channel;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("office-imports-test");
    }

    @BeforeAll
    void bind() throws IOException {
        server = ServerBuilder.forPort(0).maxInboundMessageSize(maxInbound)
                .addService(ServerInterceptors.intercept(RequestDecoding.guard(new OfficeImportsEndpoint(admin).bindService()), auth))
                .build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterAll
    void unbind() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    OfficeServiceGrpc.OfficeServiceBlockingStub as(Caller caller) {
        return OfficeServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 600_000)))
                .withDeadlineAfter(5, TimeUnit.MINUTES);
    }

    static final Caller CIVIL = Caller.office("mz-import", Role.CIVIL_AFFAIRS);

    static ImportIdentitiesRequest request(String id, String csv, ImportMode mode) {
        return ImportIdentitiesRequest.newBuilder().setRequestId(id).setSourceName(id + ".csv").setDepartment("屯溪区民政局")
                .setCsv(csv).setMode(mode).build();
    }

    /** {@code rows} rows of members who are valid ID numbers but not insured: every row is checked against the roster. */
    static String roster(int rows) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < rows; i++) {
            String member = Ids.id("341002", String.format("19%02d%02d%02d", 40 + i / 12_000, 1 + i / 1000 % 12, 1 + i % 28), i % 997);
            csv.append("屯溪街道,老街社区,王建国,34100219800101004X,3,成员").append(i).append(',').append(member)
                    .append(",新识别,2024-03-01,低保对象\n");
        }
        return csv.toString();
    }

    List<onestop.v1.ImportProgress> stream(Caller caller, ImportIdentitiesRequest r) {
        List<onestop.v1.ImportProgress> all = new ArrayList<>();
        as(caller).importIdentitiesWithProgress(r).forEachRemaining(all::add);
        return all;
    }

    @Test
    void aHundredThousandRowsStreamProgressThenTheReportAndARepeatAnswersTheStoredReport() {
        String csv = roster(100_000);
        ImportIdentitiesRequest r = request("big-1", csv, ImportMode.APPLY_SKIPPING_BAD_ROWS);
        List<onestop.v1.ImportProgress> messages = stream(CIVIL, r);

        onestop.v1.ImportProgress last = messages.get(messages.size() - 1);
        assertEquals("done", last.getPhase());
        assertEquals(100_000, last.getReport().getRows());
        assertEquals(100_000, last.getReport().getProblemCount(), "no member is insured");
        assertEquals(100_000, last.getRowsRead());
        List<onestop.v1.ImportProgress> progress = messages.subList(0, messages.size() - 1);
        assertTrue(progress.stream().noneMatch(onestop.v1.ImportProgress::hasReport), "only the last message has the report");
        // reading, checking, applying, in that order; rows rising within each; at most one message per 2,000 rows and phase
        List<String> phases = progress.stream().map(onestop.v1.ImportProgress::getPhase).distinct().toList();
        assertEquals(List.of("reading", "checking", "applying"), phases);
        for (String phase : phases) {
            List<onestop.v1.ImportProgress> p = progress.stream().filter(m -> m.getPhase().equals(phase)).toList();
            for (int i = 1; i < p.size(); i++) {
                assertTrue(p.get(i).getRowsRead() - p.get(i - 1).getRowsRead() >= ImportProgress.EVERY_ROWS, phase + " too often: " + p);
            }
            assertEquals(p.get(p.size() - 1).getRowsRead(), phase.equals("reading") ? 100_000 : p.get(p.size() - 1).getRowsTotal());
        }
        assertTrue(progress.size() >= 100 && progress.size() <= 105, progress.size() + " progress messages");
        assertTrue(progress.stream().filter(m -> m.getPhase().equals("checking")).allMatch(m -> m.getRowsTotal() == 100_000));

        // the same request again: the stored report at once, as the one message
        List<onestop.v1.ImportProgress> repeat = stream(CIVIL, r);
        assertEquals(1, repeat.size());
        assertEquals(last, repeat.get(0));
        assertRejected("REQUEST_ID_REUSED", Status.Code.ALREADY_EXISTS, "request_id",
                () -> stream(CIVIL, request("big-1", roster(3), ImportMode.APPLY_SKIPPING_BAD_ROWS)));
    }

    @Test
    void aCleanImportIsAppliedAndRejectionsComeAsErrors() {
        String csv = HEADER + "屯溪街道,老街社区,王建国,34100219800101004X,3,王建国,34100219800101004X,新识别,2024-03-01,低保对象\n";
        onestop.v1.ImportProgress done = stream(CIVIL, request("small-1", csv, ImportMode.APPLY)).stream()
                .filter(onestop.v1.ImportProgress::hasReport).findFirst().orElseThrow();
        assertTrue(done.getReport().getApplied());
        assertEquals(1, done.getReport().getAppliedRows());
        assertRejected("IMPORT_NOT_CLEAN", Status.Code.FAILED_PRECONDITION, "csv", () -> stream(CIVIL, request("small-2", roster(2), ImportMode.APPLY)));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "mode", () -> stream(CIVIL, request("small-3", csv, ImportMode.IMPORT_MODE_UNSPECIFIED)));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null,
                () -> stream(Caller.office("aud-import", Role.AUDITOR), request("small-4", csv, ImportMode.VALIDATE_ONLY)));
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null,
                () -> OfficeServiceGrpc.newBlockingStub(channel).importIdentitiesWithProgress(request("small-5", csv, ImportMode.VALIDATE_ONLY)).next());
    }

    @Test
    void theHistoryPagesNewestFirstForEveryOfficeRole() {
        for (int i = 0; i < 5; i++) stream(CIVIL, request("hist-" + i, roster(2), ImportMode.VALIDATE_ONLY));
        var auditor = as(Caller.office("aud-hist", Role.AUDITOR));
        List<ImportSummary> all = auditor.listImports(ListImportsRequest.newBuilder().setPageSize(200).build()).getImportsList();
        assertTrue(all.size() >= 5);
        List<ImportSummary> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(ImportSummary::getAtMillis).thenComparing(ImportSummary::getImportId).reversed());
        assertEquals(sorted, all, "newest first");
        ImportSummary newest = all.get(0);
        assertEquals("hist-4.csv", newest.getSourceName());
        assertEquals("mz-import", newest.getActor());
        assertEquals(ImportMode.VALIDATE_ONLY, newest.getMode());
        assertEquals(2, newest.getRows());
        assertEquals(2, newest.getProblemCount());

        List<ImportSummary> paged = new ArrayList<>();
        String token = "";
        do {
            ListImportsResponse page = as(CIVIL).listImports(ListImportsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
            assertTrue(page.getImportsCount() <= 2);
            paged.addAll(page.getImportsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(all, paged, "the pages add up to the whole list");

        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_size", () -> auditor.listImports(ListImportsRequest.newBuilder().setPageSize(201).build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_token", () -> auditor.listImports(ListImportsRequest.newBuilder().setPageToken("!!").build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> as(Caller.hospital("H341002001")).listImports(ListImportsRequest.getDefaultInstance()));
    }
}
