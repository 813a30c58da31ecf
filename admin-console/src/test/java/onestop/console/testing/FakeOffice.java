package onestop.console.testing;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import onestop.engine.domain.IdNumber;
import onestop.v1.*;

/**
 * The central server as the console sees it, in the test's JVM on a free port with TLS (a self-signed certificate the
 * console is told to trust): the office services answering deterministic data, checking each call's role by its token
 * like the real server, and recording every request it got ({@link #calls}).
 */
public final class FakeOffice implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-demo-2024";
    public static final String AUDITOR_PASSWORD = "auditor-demo-2024";
    public static final String CIVIL_PASSWORD = "civil-demo-2024";
    /** A person of the demo roster (341002 黄山市屯溪区), valid by GB 11643. */
    public static final String PERSON = "341002195603121237";
    public static final String PERSON_MASKED = IdNumber.mask(PERSON);
    public static final String TODAY = "2024-06-10";

    static final Context.Key<String> ROLE = Context.key("role");
    static final Context.Key<String> TOKEN = Context.key("token");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    public record Call(String method, Message request, String role) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Tokens the server no longer takes (expired or revoked): their calls are UNAUTHENTICATED. */
    public final Set<String> revoked = ConcurrentHashMap.newKeySet();
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    public volatile long tokenValidMillis = 30 * 60_000L;
    public volatile String lastIssuedToken;
    /** Milliseconds the next GetDashboard waits before it answers (a server slower than the console's deadline). */
    public volatile long slowDashboardMillis = 0;
    /** Methods whose next call is PERMISSION_DENIED whatever the role (the server's own check, not the console's). */
    final Set<String> denyNext = ConcurrentHashMap.newKeySet();
    /** Milliseconds between an import's progress messages (the browser test watches the bar move). */
    public volatile long importPauseMillis = 0;

    final Map<String, Settlement> settlements = new ConcurrentHashMap<>();
    final Map<String, Hospital> hospitals = new java.util.concurrent.ConcurrentSkipListMap<>();
    final Map<String, List<PolicyDocument>> policies = new java.util.concurrent.ConcurrentSkipListMap<>();
    final Map<String, ImportReport> imports = new ConcurrentHashMap<>();
    final Map<String, List<ImportProblem>> problems = new ConcurrentHashMap<>();
    final List<ImportSummary> importHistory = new CopyOnWriteArrayList<>();

    private final Server server;
    public final Path certificate;

    public FakeOffice() {
        try {
            Path dir = Files.createTempDirectory("fake-office-tls-");
            TestCertificates.Pair pair = TestCertificates.selfSigned(dir);
            certificate = pair.certificate();
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .sslContext(GrpcSslContexts.forServer(pair.certificate().toFile(), pair.privateKey().toFile()).build())
                    .intercept(new Auth())
                    .addService(new AuthService()).addService(new Office()).addService(new Admin()).addService(new Settlements())
                    .addService(new Reconciliation())
                    .build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        seed();
    }

    public int port() {
        return server.getPort();
    }

    /** The console's settings for this server. */
    public Map<String, String> consoleProperties() {
        Map<String, String> p = new java.util.HashMap<>();
        p.put("onestop.console.server", "localhost:" + port());
        p.put("onestop.console.ca-cert", certificate.toString());
        p.put("micronaut.http.client.follow-redirects", "false");
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The report of the last import run. */
    public ImportReport lastReport() {
        String id = importHistory.get(importHistory.size() - 1).getImportId();
        return imports.values().stream().filter(r -> r.getImportId().equals(id)).findFirst().orElseThrow();
    }

    public void denyNext(String method) {
        denyNext.add(method);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method.equals(method)).toList();
    }

    @SuppressWarnings("unchecked")
    public <T extends Message> T last(String method) {
        List<Call> c = calls(method);
        if (c.isEmpty()) throw new AssertionError("no call of " + method);
        return (T) c.get(c.size() - 1).request;
    }

    // ---- data ---------------------------------------------------------------------------------------------------------

    public static final List<ClearingRow> CLEARING = List.of(
            ClearingRow.newBuilder().setHospitalCode("H341002001").setSettledCount(120).setTotalFen(98_765_432L).setBasicFen(54_321_000L)
                    .setCriticalIllnessFen(8_765_400L).setSupplementaryFen(1_234_500L).setAssistanceFen(6_543_210L).setHospitalAbsorbedFen(120_000L)
                    .setPatientFen(27_781_322L).build(),
            ClearingRow.newBuilder().setHospitalCode("H341003001").setSettledCount(45).setTotalFen(12_345_678L).setBasicFen(7_000_001L)
                    .setCriticalIllnessFen(1_000_003L).setSupplementaryFen(0).setAssistanceFen(999_999L).setHospitalAbsorbedFen(0)
                    .setPatientFen(3_345_675L).build(),
            ClearingRow.newBuilder().setHospitalCode("H341004001").setSettledCount(3).setTotalFen(300_001L).setBasicFen(150_000L)
                    .setCriticalIllnessFen(0).setSupplementaryFen(0).setAssistanceFen(50_001L).setHospitalAbsorbedFen(0).setPatientFen(100_000L).build());

    private void seed() {
        hospital("H341002001", "黄山市人民医院", HospitalLevel.TERTIARY, "341002", true);
        hospital("H341003001", "黄山区人民医院", HospitalLevel.SECONDARY, "341003", true);
        hospital("H341004001", "徽州区中医院", HospitalLevel.PRIMARY, "341004", false);
        for (String f : List.of("huangshan-2024", "heyuan-2019", "shanxi-taiyuan-2019")) {
            String yaml = ExampleFiles.policy(f);
            String region = yaml.replaceAll("(?s).*\\nregion: \"(\\d+)\".*", "$1");
            int year = Integer.parseInt(yaml.replaceAll("(?s).*\\nyear: (\\d+).*", "$1"));
            List<PolicyDocument> versions = new CopyOnWriteArrayList<>();
            if (f.equals("huangshan-2024")) {
                versions.add(doc(f, region, year, yaml.replace("rate: \"0.70\"", "rate: \"0.65\""), 1_700_000_000_000L));
            }
            versions.add(0, doc(f, region, year, yaml, 1_717_000_000_000L));
            policies.put(f, versions);
        }
        settle("H341002001", "JS20240610-001", 1_234_567L, 800_000L, 100_000L, 50_000L, "MINIMUM_LIVING", SettlementStatus.SETTLED);
        settle("H341002001", "JS20240610-002", 45_600L, 30_000L, 0, 0, "", SettlementStatus.SETTLED);
        settle("H341003001", "JS20240609-007", 2_000_000L, 1_200_000L, 300_000L, 100_000L, "", SettlementStatus.REVERSED);
    }

    private void hospital(String code, String name, HospitalLevel level, String county, boolean designated) {
        hospitals.put(code, Hospital.newBuilder().setCode(code).setName(name).setLevel(level).setCounty(county).setDesignated(designated).build());
    }

    private static PolicyDocument doc(String id, String region, int year, String yaml, long at) {
        return PolicyDocument.newBuilder().setPolicyId(id).setRegion(region).setYear(year).setYaml(yaml)
                .setSha256(sha256(yaml)).setLoadedAtMillis(at).build();
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void settle(String hospital, String id, long total, long basic, long ci, long assistance, String category, SettlementStatus status) {
        long patient = total - basic - ci - assistance;
        SettlementResult r = SettlementResult.newBuilder().setSettlementId(id).setPolicyId("huangshan-2024").setMode(SettlementMode.STANDARD)
                .setTotalFen(total).setCompliantFen(total - 10_000).setBasicPayFen(basic).setCiPayFen(ci).setAssistancePayFen(assistance)
                .setAssistanceCategory(category).setFundPayFen(basic + ci + assistance).setPatientPayFen(patient).build();
        Settlement.Builder s = Settlement.newBuilder().setHospitalCode(hospital).setSettlementId(id).setIdNumberMasked(PERSON_MASKED)
                .setStatus(status).setResult(r).setSettlementDate("2024-06-" + id.substring(8, 10)).setSettledAtMillis(1_718_000_000_000L);
        if (status == SettlementStatus.REVERSED) s.setReversedAtMillis(1_718_000_600_000L).setReverseReason("费用录入错误");
        settlements.put(hospital + "/" + id, s.build());
    }

    // ---- refusals -----------------------------------------------------------------------------------------------------

    static StatusRuntimeException refuse(Status.Code code, String reason, String field, String message) {
        com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(reason + ": " + message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("onestop.v1").build()));
        if (!field.isEmpty()) {
            s.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field)
                    .setDescription(message)).build()));
        }
        return StatusProto.toStatusRuntimeException(s.build());
    }

    /** Records the call and checks the caller's role as the real server does. */
    private void call(String method, Message request, String... roles) {
        String role = ROLE.get();
        calls.add(new Call(method, request, role));
        if (role == null) throw refuse(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", "", "a valid bearer token is required");
        if (!List.of(roles).contains(role) || denyNext.remove(method)) throw refuse(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", "", role + " may not call " + method);
    }

    private static final String[] ALL = {"ADMIN", "AUDITOR", "CIVIL_AFFAIRS"};
    private static final String[] READERS = {"ADMIN", "AUDITOR"};
    private static final String[] ADMIN = {"ADMIN"};

    private final class Auth implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String h = headers.get(AUTHORIZATION);
            Context c = Context.current();
            if (h != null && h.startsWith("Bearer ")) {
                String token = h.substring(7);
                String role = revoked.contains(token) ? null : tokens.get(token);
                c = c.withValue(TOKEN, token).withValue(ROLE, role);
            }
            return Contexts.interceptCall(c, call, headers, next);
        }
    }

    private static <T> void answer(StreamObserver<T> out, java.util.function.Supplier<T> body) {
        try {
            out.onNext(body.get());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    // ---- services -----------------------------------------------------------------------------------------------------

    private final class AuthService extends OfficeAuthServiceGrpc.OfficeAuthServiceImplBase {
        @Override
        public void login(LoginRequest r, StreamObserver<LoginResponse> out) {
            calls.add(new Call("Login", r, null));
            answer(out, () -> {
                if (r.getName().equals("locked")) {
                    throw refuse(Status.Code.RESOURCE_EXHAUSTED, "LOGIN_LOCKED", "", "too many failed logins");
                }
                String role = switch (r.getName() + "/" + r.getPassword()) {
                    case "admin/" + ADMIN_PASSWORD -> "ADMIN";
                    case "auditor/" + AUDITOR_PASSWORD -> "AUDITOR";
                    case "civil/" + CIVIL_PASSWORD -> "CIVIL_AFFAIRS";
                    default -> null;
                };
                if (role == null) throw refuse(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", "", "wrong name or password");
                String token = "os1.office." + role + "." + next.incrementAndGet();
                tokens.put(token, role);
                lastIssuedToken = token;
                return LoginResponse.newBuilder().setToken(token).setName(r.getName()).setRole(role).setTokenValidMillis(tokenValidMillis).build();
            });
        }
    }

    private final class Office extends OfficeServiceGrpc.OfficeServiceImplBase {
        @Override
        public void getDashboard(DashboardRequest r, StreamObserver<Dashboard> out) {
            answer(out, () -> {
                call("GetDashboard", r, ALL);
                if (slowDashboardMillis > 0) {
                    long wait = slowDashboardMillis;
                    slowDashboardMillis = 0;
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                LocalDate end = LocalDate.parse(r.getDate());
                Dashboard.Builder d = Dashboard.newBuilder().setDate(r.getDate());
                for (int i = 29; i >= 0; i--) {
                    int n = (i * 7) % 13 + 1;
                    d.addLast30Days(DailyFigures.newBuilder().setDate(end.minusDays(i).toString()).setFigures(figures(n)));
                }
                d.setToday(figures(5)).setMonth(figures(123)).setOpenAlertsQuarter(7).setAgentsOnline(1).setAgentsKnown(2)
                        .setOfflineDiffering30Days(2);
                d.addAgents(AgentStatus.newBuilder().setHospitalCode("H341002001").setOnline(true).setReportedAtMillis(1_718_000_000_000L)
                        .setReport(AgentReport.newBuilder().setAgentId("a1").setCounterName("出院结算1号窗口").setLastSyncMillis(1_717_999_000_000L)));
                d.addAgents(AgentStatus.newBuilder().setHospitalCode("H341003001").setOnline(false).setReportedAtMillis(1_717_000_000_000L)
                        .setReport(AgentReport.newBuilder().setAgentId("a2").setCounterName("住院处窗口").setPending(3).setJournalRejected(1)));
                return d.build();
            });
        }

        @Override
        public void listPolicyVersions(ListPolicyVersionsRequest r, StreamObserver<ListPolicyVersionsResponse> out) {
            answer(out, () -> {
                call("ListPolicyVersions", r, READERS);
                List<PolicyDocument> v = policies.get(r.getPolicyId());
                if (v == null) throw refuse(Status.Code.NOT_FOUND, "POLICY_NOT_FOUND", "policy_id", "no policy " + r.getPolicyId());
                return ListPolicyVersionsResponse.newBuilder().addAllVersions(v).build();
            });
        }

        @Override
        public void tryBills(TryBillsRequest r, StreamObserver<TryBillsResponse> out) {
            answer(out, () -> {
                call("TryBills", r, READERS);
                PolicyValidation v = r.hasDraftYaml() ? validate("draft.yaml", r.getDraftYaml())
                        : PolicyValidation.newBuilder().setValid(policies.containsKey(r.getPolicyId())).setPolicyId(r.getPolicyId()).build();
                TryBillsResponse.Builder b = TryBillsResponse.newBuilder().setPolicy(v);
                if (!v.getValid()) return b.build();
                int year = r.hasDraftYaml() ? v.getYear() : policies.get(r.getPolicyId()).get(0).getYear();
                for (int i = 0; i < r.getBillsCount(); i++) {
                    if (!r.getBills(i).getDate().startsWith(year + "-")) {
                        throw refuse(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", "bills[" + i + "].date", "not in the policy's year " + year);
                    }
                }
                long basicSoFar = r.getStarting().getBasicPaidInpatientFen();
                long oop = r.getStarting().getOutOfPocketFen();
                for (int i = 0; i < r.getBillsCount(); i++) {
                    Visit bill = r.getBills(i);
                    if (bill.getTotalFen() == 0) {
                        b.addBills(TriedBill.newBuilder().setIndex(i).setResultCode("INVALID_AMOUNT").setProblem("total must be more than 0"));
                        continue;
                    }
                    long compliant = bill.getTotalFen() - bill.getOutOfScopeFen() - bill.getPriorSelfPayFen();
                    long basic = compliant * 6 / 10;
                    long ci = compliant / 10;
                    long assistance = r.getPerson().getCategoriesCount() > 0 ? compliant / 10 : 0;
                    long patient = bill.getTotalFen() - basic - ci - assistance;
                    basicSoFar += basic;
                    oop += patient;
                    Accumulators after = Accumulators.newBuilder().setBasicPaidInpatientFen(basicSoFar).setCiPaidFen(ci).setOutOfPocketFen(oop)
                            .setAdmissions(i + 1).build();
                    SettlementResult.Builder result = SettlementResult.newBuilder()
                            .setPolicyId(v.getPolicyId()).setTotalFen(bill.getTotalFen()).setCompliantFen(compliant).setBasicPayFen(basic)
                            .setCiPayFen(ci).setAssistancePayFen(assistance).setFundPayFen(basic + ci + assistance).setPatientPayFen(patient);
                    if (v.getPolicyId().equals("heyuan-2019")) { // its 扶贫保险 tier pays a twentieth, out of the patient's part
                        long tier = compliant / 20;
                        result.addSupplementary(SupplementaryPayment.newBuilder().setTierId("poverty-insurance").setPayFen(tier))
                                .setFundPayFen(basic + ci + assistance + tier).setPatientPayFen(patient - tier);
                        after = after.toBuilder().putSupplementary("poverty-insurance", TierTotals.newBuilder().setBaseFen(compliant).setPaidFen(tier).build()).build();
                    }
                    b.addBills(TriedBill.newBuilder().setIndex(i).setAfter(after).setResult(result.setAfter(after)));
                }
                return b.build();
            });
        }

        @Override
        public void searchSettlements(SearchSettlementsRequest r, StreamObserver<SearchSettlementsResponse> out) {
            answer(out, () -> {
                call("SearchSettlements", r, READERS);
                List<Settlement> found = settlements.values().stream()
                        .filter(s -> r.getHospitalCode().isEmpty() || s.getHospitalCode().equals(r.getHospitalCode()))
                        .filter(s -> r.getStatus() == SettlementStatus.SETTLEMENT_STATUS_UNSPECIFIED || s.getStatus() == r.getStatus())
                        .filter(s -> r.getIdNumber().isEmpty() || r.getIdNumber().equals(PERSON))
                        .filter(s -> s.getSettlementDate().compareTo(r.getFromDate()) >= 0 && s.getSettlementDate().compareTo(r.getToDate()) <= 0)
                        .sorted((a, b) -> b.getSettlementId().compareTo(a.getSettlementId())).toList();
                // pages of two, so the console must offer the next one
                int from = r.getPageToken().isEmpty() ? 0 : Integer.parseInt(r.getPageToken());
                int to = Math.min(found.size(), from + 2);
                return SearchSettlementsResponse.newBuilder().addAllSettlements(found.subList(from, to)).setMatched(found.size())
                        .setNextPageToken(to < found.size() ? String.valueOf(to) : "").build();
            });
        }

        @Override
        public void revealIdNumber(RevealIdNumberRequest r, StreamObserver<RevealIdNumberResponse> out) {
            answer(out, () -> {
                call("RevealIdNumber", r, ADMIN);
                if (!settlements.containsKey(r.getHospitalCode() + "/" + r.getSettlementId())) {
                    throw refuse(Status.Code.NOT_FOUND, "UNKNOWN_SETTLEMENT", "settlement_id", "no such settlement");
                }
                return RevealIdNumberResponse.newBuilder().setIdNumber(PERSON).setName("张秀英").build();
            });
        }

        @Override
        public void issueAgentToken(IssueAgentTokenRequest r, StreamObserver<IssueAgentTokenResponse> out) {
            answer(out, () -> {
                call("IssueAgentToken", r, ADMIN);
                if (!hospitals.containsKey(r.getHospitalCode())) throw refuse(Status.Code.NOT_FOUND, "HOSPITAL_NOT_FOUND", "hospital_code", "no hospital");
                return IssueAgentTokenResponse.newBuilder().setToken("os1.hospital." + r.getHospitalCode() + ".secret-" + r.getRequestId())
                        .setExpiresAtMillis(1_749_000_000_000L).build();
            });
        }

        @Override
        public void listDailySummaries(ListDailySummariesRequest r, StreamObserver<ListDailySummariesResponse> out) {
            answer(out, () -> {
                call("ListDailySummaries", r, READERS);
                ListDailySummariesResponse.Builder b = ListDailySummariesResponse.newBuilder();
                for (ClearingRow c : CLEARING.subList(0, 2)) {
                    b.addSummaries(DailySummary.newBuilder().setHospitalCode(c.getHospitalCode()).setDate(r.getDate()).setSettledCount(c.getSettledCount() / 10)
                            .setReversedCount(1).setTotalFen(c.getTotalFen() / 10).setBasicFen(c.getBasicFen() / 10).setCriticalIllnessFen(c.getCriticalIllnessFen() / 10)
                            .setAssistanceFen(c.getAssistanceFen() / 10).setFundFen((c.getBasicFen() + c.getCriticalIllnessFen() + c.getAssistanceFen()) / 10)
                            .setPatientFen(c.getPatientFen() / 10).setOfflineCount(2).setOfflineDifferingCount(1).setOfflinePatientOwesFen(1_250));
                }
                return b.build();
            });
        }

        @Override
        public void importIdentitiesWithProgress(ImportIdentitiesRequest r, StreamObserver<ImportProgress> out) {
            try {
                call("ImportIdentitiesWithProgress", r, "ADMIN", "CIVIL_AFFAIRS");
                ImportReport report = imports.get(r.getRequestId());
                if (report == null) report = runImport(r, out);
                if (report == null) return;
                out.onNext(ImportProgress.newBuilder().setPhase("done").setRowsRead(report.getRows()).setRowsTotal(report.getRows()).setReport(report).build());
                out.onCompleted();
            } catch (StatusRuntimeException e) {
                out.onError(e);
            }
        }

        @Override
        public void listImports(ListImportsRequest r, StreamObserver<ListImportsResponse> out) {
            answer(out, () -> {
                call("ListImports", r, ALL);
                List<ImportSummary> newest = new ArrayList<>(importHistory);
                java.util.Collections.reverse(newest);
                return ListImportsResponse.newBuilder().addAllImports(newest).build();
            });
        }
    }

    private static FundFigures figures(int n) {
        return FundFigures.newBuilder().setSettledCount(n).setReversedCount(n / 5).setTotalFen(n * 1_000_000L).setBasicFen(n * 550_000L)
                .setCriticalIllnessFen(n * 120_000L).setSupplementaryFen(n * 30_000L).setAssistanceFen(n * 80_000L).setHospitalAbsorbedFen(n * 1_000L)
                .setPatientFen(n * 219_000L).build();
    }

    /** Checks the rows as the real import does, roughly: a member ID number that fails GB 11643 is a problem. */
    private ImportReport runImport(ImportIdentitiesRequest r, StreamObserver<ImportProgress> out) {
        String[] lines = r.getCsv().split("\r?\n");
        int total = Math.max(0, lines.length - 1);
        List<ImportProblem> found = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cols = lines[i].split(",", -1);
            if (cols.length != 10) {
                found.add(ImportProblem.newBuilder().setLine(i + 1).setKind(ImportProblemKind.IMPORT_WRONG_COLUMN_COUNT).setProblem("expected 10 columns").build());
            } else if (!IdNumber.isValid(cols[6])) {
                found.add(ImportProblem.newBuilder().setLine(i + 1).setColumn("成员身份证号").setKind(ImportProblemKind.IMPORT_INVALID_ID_NUMBER)
                        .setIdNumberMasked(cols[6].length() == 18 ? IdNumber.mask(cols[6]) : cols[6]).setProblem("not a valid ID number").build());
            }
            if (i % 1000 == 0 || i == lines.length - 1) {
                out.onNext(ImportProgress.newBuilder().setPhase("checking").setRowsRead(i).setRowsTotal(total).build());
                pause();
            }
        }
        if (!lines[0].startsWith("乡镇,村,户主")) {
            found.add(0, ImportProblem.newBuilder().setLine(1).setKind(ImportProblemKind.IMPORT_BAD_HEADER).setProblem("the header is not the list's").build());
        }
        if (r.getMode() == ImportMode.APPLY && !found.isEmpty()) {
            out.onError(refuse(Status.Code.FAILED_PRECONDITION, "IMPORT_NOT_CLEAN", "mode", found.size() + " problems"));
            return null;
        }
        String id = "imp-" + next.incrementAndGet();
        Map<ImportProblemKind, Integer> counts = new java.util.EnumMap<>(ImportProblemKind.class);
        for (ImportProblem p : found) counts.merge(p.getKind(), 1, Integer::sum);
        boolean apply = r.getMode() != ImportMode.VALIDATE_ONLY;
        ImportReport.Builder b = ImportReport.newBuilder().setImportId(id).setRows(total).setCleanRows(total - found.size()).setProblemCount(found.size())
                .addAllProblems(found.subList(0, Math.min(1000, found.size()))).setProblemsTruncated(found.size() > 1000).setApplied(apply)
                .setAppliedRows(apply ? total - found.size() : 0);
        counts.forEach((k, v) -> b.addProblemCounts(ImportProblemCount.newBuilder().setKind(k).setCount(v)));
        ImportReport report = b.build();
        imports.put(r.getRequestId(), report);
        problems.put(id, found);
        importHistory.add(ImportSummary.newBuilder().setImportId(id).setAtMillis(1_718_000_000_000L + importHistory.size()).setActor(ROLE.get())
                .setSourceName(r.getSourceName()).setDepartment(r.getDepartment()).setMode(r.getMode()).setRows(total).setCleanRows(report.getCleanRows())
                .setProblemCount(found.size()).setApplied(apply).setAppliedRows(report.getAppliedRows()).build());
        return report;
    }

    private void pause() {
        if (importPauseMillis <= 0) return;
        try {
            Thread.sleep(importPauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A policy text checked the way the console must not: here, by looking at it as text only. */
    static PolicyValidation validate(String file, String yaml) {
        PolicyValidation.Builder v = PolicyValidation.newBuilder();
        if (yaml.contains("&a") && yaml.contains("*a")) {
            return v.setValid(false).setProblem(file + ": aliases: the document uses more aliases than a policy may (a YAML bomb?)").build();
        }
        if (yaml.contains("rate: \"1.5\"")) {
            return v.setValid(false).setProblem(file + ": basic.RESIDENT.INPATIENT.levels.PRIMARY.rate: must be within 0-1, got 1.5").build();
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^id: *(\\S+)").matcher(yaml);
        if (!id.find()) return v.setValid(false).setProblem(file + ": id: is required").build();
        java.util.regex.Matcher region = java.util.regex.Pattern.compile("(?m)^region: *\"?(\\d+)").matcher(yaml);
        java.util.regex.Matcher year = java.util.regex.Pattern.compile("(?m)^year: *(\\d+)").matcher(yaml);
        return v.setValid(true).setPolicyId(id.group(1)).setRegion(region.find() ? region.group(1) : "")
                .setYear(year.find() ? Integer.parseInt(year.group(1)) : 0).build();
    }

    private final class Admin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void listPolicies(ListPoliciesRequest r, StreamObserver<ListPoliciesResponse> out) {
            answer(out, () -> {
                call("ListPolicies", r, READERS);
                ListPoliciesResponse.Builder b = ListPoliciesResponse.newBuilder();
                // every version, as the server lists them
                for (List<PolicyDocument> v : policies.values()) {
                    for (PolicyDocument d : v) if (r.getRegion().isEmpty() || d.getRegion().equals(r.getRegion())) b.addPolicies(d);
                }
                return b.build();
            });
        }

        @Override
        public void validatePolicy(UploadPolicyRequest r, StreamObserver<PolicyValidation> out) {
            answer(out, () -> {
                call("ValidatePolicy", r, ADMIN);
                return validate(r.getFileName(), r.getYaml());
            });
        }

        @Override
        public void uploadPolicy(UploadPolicyRequest r, StreamObserver<PolicyDocument> out) {
            answer(out, () -> {
                call("UploadPolicy", r, ADMIN);
                PolicyValidation v = validate(r.getFileName(), r.getYaml());
                if (!v.getValid()) throw refuse(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", "yaml", v.getProblem());
                PolicyDocument d = doc(v.getPolicyId(), v.getRegion(), v.getYear(), r.getYaml(), 1_718_100_000_000L);
                policies.computeIfAbsent(v.getPolicyId(), k -> new CopyOnWriteArrayList<>()).add(0, d);
                return d;
            });
        }

        @Override
        public void listHospitals(ListHospitalsRequest r, StreamObserver<ListHospitalsResponse> out) {
            answer(out, () -> {
                call("ListHospitals", r, ALL);
                return ListHospitalsResponse.newBuilder().addAllHospitals(hospitals.values()).build();
            });
        }

        @Override
        public void upsertHospital(UpsertHospitalRequest r, StreamObserver<Hospital> out) {
            answer(out, () -> {
                call("UpsertHospital", r, ADMIN);
                hospitals.put(r.getHospital().getCode(), r.getHospital());
                return r.getHospital();
            });
        }

        @Override
        public void listImportProblems(ListImportProblemsRequest r, StreamObserver<ListImportProblemsResponse> out) {
            answer(out, () -> {
                call("ListImportProblems", r, ALL);
                List<ImportProblem> all = problems.getOrDefault(r.getImportId(), List.of());
                int size = r.getPageSize() == 0 ? 1000 : r.getPageSize();
                int from = r.getPageToken().isEmpty() ? 0 : Integer.parseInt(r.getPageToken());
                int to = Math.min(all.size(), from + size);
                return ListImportProblemsResponse.newBuilder().addAllProblems(all.subList(from, to)).setProblemCount(all.size())
                        .setNextPageToken(to < all.size() ? String.valueOf(to) : "").build();
            });
        }

        @Override
        public void getClearingReport(ClearingReportRequest r, StreamObserver<ClearingReport> out) {
            answer(out, () -> {
                call("GetClearingReport", r, READERS);
                // two pages, so the console must follow next_page_token
                boolean first = r.getPageToken().isEmpty();
                return ClearingReport.newBuilder().setMonth(r.getMonth()).addAllRows(first ? CLEARING.subList(0, 2) : CLEARING.subList(2, 3))
                        .setNextPageToken(first ? "p2" : "").build();
            });
        }

        @Override
        public void getAlertReport(AlertReportRequest r, StreamObserver<AlertReport> out) {
            answer(out, () -> {
                call("GetAlertReport", r, "ADMIN", "AUDITOR", "CIVIL_AFFAIRS");
                return AlertReport.newBuilder().setQuarter(r.getQuarter())
                        .addRows(AlertRow.newBuilder().setIdNumber(PERSON).setName("张秀英").setCounty("341002").setHospitalCode("H341002001")
                                .setSettlementId("JS20240610-001").setSettlementDate("2024-06-10").setOutOfPocketAfterFen(1_234_500L))
                        .addRows(AlertRow.newBuilder().setIdNumber("341003198001010013").setName("=HYPERLINK(\"x\")").setCounty("341003")
                                .setHospitalCode("H341003001").setSettlementId("JS20240522-003").setSettlementDate("2024-05-22").setOutOfPocketAfterFen(2_000_001L))
                        .build();
            });
        }

        @Override
        public void listAudit(ListAuditRequest r, StreamObserver<ListAuditResponse> out) {
            answer(out, () -> {
                call("ListAudit", r, READERS);
                ListAuditResponse.Builder b = ListAuditResponse.newBuilder();
                b.addEntries(AuditEntry.newBuilder().setId(2).setAtMillis(1_718_000_100_000L).setActor("admin").setAction("reveal-id-number")
                        .setTarget("H341002001/JS20240610-001 " + PERSON_MASKED).setDetail("reason: 核对患者身份"));
                b.addEntries(AuditEntry.newBuilder().setId(1).setAtMillis(1_718_000_000_000L).setActor("H341002001").setAction("settle")
                        .setTarget("JS20240610-001").setDetail(""));
                if (r.getPageToken().isEmpty()) b.setNextPageToken("older");
                return b.build();
            });
        }
    }

    private final class Settlements extends SettlementServiceGrpc.SettlementServiceImplBase {
        @Override
        public void getSettlement(GetSettlementRequest r, StreamObserver<Settlement> out) {
            answer(out, () -> {
                call("GetSettlement", r, READERS);
                Settlement s = settlements.get(r.getHospitalCode() + "/" + r.getSettlementId());
                if (s == null) throw refuse(Status.Code.NOT_FOUND, "UNKNOWN_SETTLEMENT", "settlement_id", "no such settlement");
                return s;
            });
        }

        @Override
        public void reverse(ReverseRequest r, StreamObserver<Settlement> out) {
            answer(out, () -> {
                call("Reverse", r, ADMIN);
                String key = r.getHospitalCode() + "/" + r.getSettlementId();
                Settlement s = settlements.get(key);
                if (s == null) throw refuse(Status.Code.NOT_FOUND, "UNKNOWN_SETTLEMENT", "settlement_id", "no such settlement");
                if (s.getStatus() == SettlementStatus.REVERSED) {
                    boolean repeat = calls("Reverse").stream().filter(c -> c.request != r)
                            .anyMatch(c -> ((ReverseRequest) c.request).getRequestId().equals(r.getRequestId()));
                    if (repeat) return s;
                    throw refuse(Status.Code.FAILED_PRECONDITION, "ALREADY_REVERSED", "settlement_id", "already reversed");
                }
                Settlement reversed = s.toBuilder().setStatus(SettlementStatus.REVERSED).setReversedAtMillis(1_718_001_000_000L).setReverseReason(r.getReason()).build();
                settlements.put(key, reversed);
                return reversed;
            });
        }
    }

    private final class Reconciliation extends ReconciliationServiceGrpc.ReconciliationServiceImplBase {
        @Override
        public void listOfflineDifferences(OfflineDifferencesRequest r, StreamObserver<OfflineDifferencesResponse> out) {
            answer(out, () -> {
                call("ListOfflineDifferences", r, READERS);
                return OfflineDifferencesResponse.newBuilder().addDifferences(OfflineDifference.newBuilder().setHospitalCode("H341002001")
                        .setSettlementId("JS20240610-009").setIdNumberMasked(PERSON_MASKED).setSettlementDate(r.getDate())
                        .setOfflineMadeAtMillis(1_718_000_000_000L).setSettledAtMillis(1_718_003_600_000L).setBasicFen(-1_250).setPatientFen(1_250)).build();
            });
        }
    }
}
