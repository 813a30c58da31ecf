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
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.server.testing.Ids;
import onestop.server.testing.ServerFixture;
import onestop.v1.Accumulators;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AgentReport;
import onestop.v1.AgentServiceGrpc;
import onestop.v1.AgentStatus;
import onestop.v1.AuditEntry;
import onestop.v1.Category;
import onestop.v1.CategoryPeriod;
import onestop.v1.DailySummary;
import onestop.v1.DailySummaryRequest;
import onestop.v1.Dashboard;
import onestop.v1.DashboardRequest;
import onestop.v1.FundFigures;
import onestop.v1.HospitalLevel;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.IssueAgentTokenResponse;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListDailySummariesRequest;
import onestop.v1.ListDailySummariesResponse;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.OfficeServiceGrpc;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.RevealIdNumberResponse;
import onestop.v1.ReverseRequest;
import onestop.v1.Scheme;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.SupplementaryPayment;
import onestop.v1.TriedBill;
import onestop.v1.TryBillsRequest;
import onestop.v1.TryBillsResponse;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertPersonRequest;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.Test;

/**
 * OfficeService and the office's reversal, in process through the real interceptor, endpoints and store (a SQLite and a
 * PostgreSQL subclass). Every figure is checked against sums computed here from settlements made through the real
 * Settle RPC. The dashboard sums every hospital by date, so each test keeps to its own dates: the dashboard Jul-Sep 2024
 * (nothing else settles in that quarter), the day's summaries 2024-05-15, the search Oct-Dec 2024, the reveal and the
 * reversal April 2024, the role checks March 2024, the tried bills Heyuan 2019.
 */
abstract class OfficeContract implements TestPropertyProvider {
    static final String HUANGSHAN = "H341002001";   // TERTIARY, 341002
    static final String HUANGSHAN_DISTRICT = "H341003001"; // SECONDARY, 341003
    static final String HEYUAN = "H441602001";      // TERTIARY, 441602
    static final Caller ADMIN = Caller.office("boss", Role.ADMIN);
    static final Caller AUDITOR = Caller.office("aud", Role.AUDITOR);
    static final Caller CIVIL = Caller.office("mz", Role.CIVIL_AFFAIRS);
    static final List<String> TABLES = List.of("settlements", "provisional_settlements", "requests", "accumulators", "audit");

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Inject
    Database db;

    private int seq;

    // ------------------------------------------------------------------ calls

    OfficeServiceGrpc.OfficeServiceBlockingStub office(Caller caller) {
        return OfficeServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    SettlementServiceGrpc.SettlementServiceBlockingStub settlements(Caller caller) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(caller, 60_000)));
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(ADMIN, 60_000)));
    }

    /** A new insured person of the county, insured for the year, holding the categories from the year's start. */
    String person(String county, int year, Scheme scheme, Category... categories) {
        int n = ++seq;
        String id = Ids.id(county, "1970" + String.format("%02d%02d", 1 + n / 28 % 12, 1 + n % 28), 500 + n);
        Person.Builder p = Person.newBuilder().setIdNumber(id).setName("测试" + n).setScheme(scheme).setCounty(county).addInsuredYears(year);
        for (Category c : categories) p.addCategories(CategoryPeriod.newBuilder().setCategory(c).setFrom(year + "-01-01"));
        admin().upsertPerson(UpsertPersonRequest.newBuilder().setRequestId("person-" + getClass().getSimpleName() + "-" + n).setPerson(p).build());
        return id;
    }

    static Visit.Builder visit(String settlementId, String date, long totalFen) {
        return Visit.newBuilder().setSettlementId(settlementId).setDate(date).setType(VisitType.INPATIENT).setTotalFen(totalFen);
    }

    Settlement settle(String hospital, String idNumber, Visit.Builder visit) {
        return settlements(Caller.hospital(hospital)).settle(SettleRequest.newBuilder().setRequestId("rq-" + visit.getSettlementId())
                .setIdNumber(idNumber).setVisit(visit).build());
    }

    Settlement reverse(String hospital, String settlementId) {
        return settlements(Caller.hospital(hospital)).reverse(ReverseRequest.newBuilder().setRequestId("rv-" + settlementId)
                .setSettlementId(settlementId).setReason("录入错误").build());
    }

    /** An offline settlement forwarded, the patient having paid {@code fen} more at the counter than the server says. */
    Settlement forwardDiffering(String hospital, String idNumber, Visit.Builder visit, long fen) {
        var stub = settlements(Caller.hospital(hospital));
        SettleRequest bill = SettleRequest.newBuilder().setRequestId("rq-" + visit.getSettlementId()).setIdNumber(idNumber).setVisit(visit).build();
        SettlementResult r = stub.preSettle(bill);
        SettlementResult provisional = r.toBuilder().setBasicPayFen(r.getBasicPayFen() - fen).setFundPayFen(r.getFundPayFen() - fen)
                .setPatientPayFen(r.getPatientPayFen() + fen).build();
        return stub.settle(bill.toBuilder().setOfflineMadeAtMillis(System.currentTimeMillis() - 3_600_000).setProvisional(provisional).build());
    }

    /** The latest answer for each settlement (a reversal replaces the settle's), by hospital/settlement id. */
    static void keep(Map<String, Settlement> ledger, Settlement s) {
        ledger.put(s.getHospitalCode() + "/" + s.getSettlementId(), s);
    }

    /** The figures of these settlements computed here: those that stand summed per fund, reversed ones counted apart. */
    static FundFigures sums(Collection<Settlement> all) {
        FundFigures.Builder f = FundFigures.newBuilder();
        for (Settlement s : all) {
            if (s.getStatus() == SettlementStatus.REVERSED) {
                f.setReversedCount(f.getReversedCount() + 1);
                continue;
            }
            SettlementResult r = s.getResult();
            f.setSettledCount(f.getSettledCount() + 1).setTotalFen(f.getTotalFen() + r.getTotalFen())
                    .setBasicFen(f.getBasicFen() + r.getBasicPayFen()).setCriticalIllnessFen(f.getCriticalIllnessFen() + r.getCiPayFen())
                    .setSupplementaryFen(f.getSupplementaryFen() + r.getSupplementaryList().stream().mapToLong(SupplementaryPayment::getPayFen).sum())
                    .setAssistanceFen(f.getAssistanceFen() + r.getAssistancePayFen())
                    .setHospitalAbsorbedFen(f.getHospitalAbsorbedFen() + r.getHospitalAbsorbedFen())
                    .setPatientFen(f.getPatientFen() + r.getPatientPayFen());
        }
        return f.build();
    }

    static List<Settlement> where(Map<String, Settlement> ledger, Predicate<Settlement> p) {
        return ledger.values().stream().filter(p).toList();
    }

    static Predicate<Settlement> dated(String from, String to) {
        return s -> s.getSettlementDate().compareTo(from) >= 0 && s.getSettlementDate().compareTo(to) <= 0;
    }

    List<AuditEntry> audit() {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(AUDITOR, 60_000)))
                .listAudit(ListAuditRequest.newBuilder().setPageSize(500).build()).getEntriesList();
    }

    Map<String, Long> rowCounts() {
        return MalformedRequestsTest.rowCounts(db, TABLES);
    }

    static String policyText(String name) {
        try {
            return Files.readString(ServerFixture.projectRoot().resolve("examples/policies").resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertDenied(Runnable call) {
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, call);
    }

    // ------------------------------------------------------------------ roles

    @Test
    void eachMethodAnswersOnlyTheRolesTheContractNamesAndNeverAHospital() {
        String id = person("341002", 2024, Scheme.RESIDENT);
        settle(HUANGSHAN, id, visit("ROLE1", "2024-03-05", 100_000));
        TryBillsRequest tryBill = TryBillsRequest.newBuilder().setPolicyId("huangshan-2024")
                .setPerson(Person.newBuilder().setScheme(Scheme.RESIDENT))
                .addBills(visit("T1", "2024-03-05", 100_000).setHospitalLevel(HospitalLevel.TERTIARY)).build();
        Map<String, java.util.function.Function<Caller, Object>> calls = new LinkedHashMap<>();
        calls.put("GetDashboard", c -> office(c).getDashboard(DashboardRequest.newBuilder().setDate("2024-01-01").build()));
        calls.put("ListPolicyVersions", c -> office(c).listPolicyVersions(ListPolicyVersionsRequest.newBuilder().setPolicyId("huangshan-2024").build()));
        calls.put("TryBills", c -> office(c).tryBills(tryBill));
        calls.put("SearchSettlements", c -> office(c).searchSettlements(SearchSettlementsRequest.newBuilder().setFromDate("2024-03-01")
                .setToDate("2024-03-31").build()));
        calls.put("RevealIdNumber", c -> office(c).revealIdNumber(RevealIdNumberRequest.newBuilder().setHospitalCode(HUANGSHAN)
                .setSettlementId("ROLE1").setReason("核对身份").build()));
        calls.put("IssueAgentToken", c -> office(c).issueAgentToken(IssueAgentTokenRequest.newBuilder().setRequestId("tok-" + c.name())
                .setHospitalCode(HUANGSHAN).build()));
        calls.put("ListDailySummaries", c -> office(c).listDailySummaries(ListDailySummariesRequest.newBuilder().setDate("2024-03-05").build()));
        Map<String, List<Caller>> allowed = Map.of(
                "GetDashboard", List.of(ADMIN, AUDITOR, CIVIL),
                "ListPolicyVersions", List.of(ADMIN, AUDITOR),
                "TryBills", List.of(ADMIN, AUDITOR),
                "SearchSettlements", List.of(ADMIN, AUDITOR),
                "RevealIdNumber", List.of(ADMIN),
                "IssueAgentToken", List.of(ADMIN),
                "ListDailySummaries", List.of(ADMIN, AUDITOR));
        for (Map.Entry<String, java.util.function.Function<Caller, Object>> call : calls.entrySet()) {
            for (Caller c : List.of(ADMIN, AUDITOR, CIVIL, Caller.hospital(HUANGSHAN))) {
                String what = call.getKey() + " as " + c.role();
                if (allowed.get(call.getKey()).contains(c)) {
                    assertTrue(call.getValue().apply(c) != null, what);
                } else {
                    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call.getValue().apply(c), what);
                    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), what + ": " + e.getStatus());
                    assertEquals("PERMISSION_DENIED", GrpcErrors.reason(e), what);
                }
            }
        }
        // a hospital is refused before its request is even read: an empty one is PERMISSION_DENIED too
        var hospital = office(Caller.hospital(HUANGSHAN));
        assertDenied(() -> hospital.getDashboard(DashboardRequest.getDefaultInstance()));
        assertDenied(() -> hospital.listPolicyVersions(ListPolicyVersionsRequest.getDefaultInstance()));
        assertDenied(() -> hospital.tryBills(TryBillsRequest.getDefaultInstance()));
        assertDenied(() -> hospital.searchSettlements(SearchSettlementsRequest.getDefaultInstance()));
        assertDenied(() -> hospital.revealIdNumber(RevealIdNumberRequest.getDefaultInstance()));
        assertDenied(() -> hospital.issueAgentToken(IssueAgentTokenRequest.getDefaultInstance()));
        assertDenied(() -> hospital.listDailySummaries(ListDailySummariesRequest.getDefaultInstance()));
    }

    // ------------------------------------------------------------------ 首页

    @Test
    void theDashboardIsTheSumsOfTheSettlementsByDate() throws Exception {
        // an alert marks the settlement that takes a person-year over the line: one person per high cost
        Supplier<String> ordinary = () -> person("341002", 2024, Scheme.RESIDENT);
        String other = person("341003", 2024, Scheme.RESIDENT);
        String poor = person("341002", 2024, Scheme.RESIDENT, Category.MINIMUM_LIVING);
        Map<String, Settlement> ledger = new LinkedHashMap<>();
        keep(ledger, settle(HUANGSHAN, ordinary.get(), visit("DB01", "2024-07-10", 5_000_000)));     // the quarter only
        keep(ledger, settle(HUANGSHAN, ordinary.get(), visit("DB02", "2024-08-21", 20_000_000)));    // before the chart: a high cost
        keep(ledger, settle(HUANGSHAN, other, visit("DB03", "2024-08-22", 1_234_567)));              // the chart's first day
        keep(ledger, settle(HUANGSHAN_DISTRICT, other, visit("DB04", "2024-08-31", 900_000).setPriorSelfPayFen(10_000)));
        keep(ledger, settle(HUANGSHAN, poor, visit("DB05", "2024-09-01", 3_000_000).setOutOfScopeFen(200_000)));
        keep(ledger, settle(HUANGSHAN_DISTRICT, poor, visit("DB06", "2024-09-10", 450_000)));
        keep(ledger, settle(HUANGSHAN, ordinary.get(), visit("DB07", "2024-09-20", 25_000_000)));    // today: a high cost
        keep(ledger, settle(HUANGSHAN_DISTRICT, other, visit("DB08", "2024-09-20", 777_700)));
        keep(ledger, settle(HUANGSHAN, poor, visit("DB09", "2024-09-20", 60_000).setType(VisitType.OUTPATIENT)));
        keep(ledger, settle(HUANGSHAN, other, visit("DB10", "2024-09-20", 30_000_000)));             // reversed below
        keep(ledger, settle(HUANGSHAN, poor, visit("DB11", "2024-09-05", 1_000_000)));               // reversed below
        keep(ledger, settle(HUANGSHAN, ordinary.get(), visit("DB12", "2024-09-21", 22_000_000)));    // after today, in the quarter
        keep(ledger, forwardDiffering(HUANGSHAN_DISTRICT, poor, visit("DB13", "2024-09-15", 800_000), 1_500));
        keep(ledger, forwardDiffering(HUANGSHAN, other, visit("DB14", "2024-08-10", 800_000), -300)); // differs, before the chart
        keep(ledger, reverse(HUANGSHAN, "DB10"));
        keep(ledger, reverse(HUANGSHAN, "DB11"));
        assertTrue(ledger.values().stream().filter(s -> s.getResult().getAlert() && s.getStatus() == SettlementStatus.SETTLED).count() >= 4,
                "high costs cross the alert line");
        assertTrue(ledger.get(HUANGSHAN + "/DB10").getResult().getAlert(), "a reversed alert is no longer open");

        var report = AgentReport.newBuilder().setCounterName("出院结算1号窗口").setVersion("1.0").setRosterVersion(3);
        AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital(HUANGSHAN), 60_000)))
                .report(report.setAgentId("db-a1").build());
        AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(Caller.hospital(HUANGSHAN_DISTRICT), 60_000)))
                .report(report.setAgentId("db-a2").build());
        long stale = System.currentTimeMillis() - 600_000; // ten minutes without a report: offline
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_reports (hospital_code, agent_id, counter_name, version, "
                    + "roster_version, last_sync_millis, pending, reported_at_millis) VALUES (?, 'db-a3', '门诊2号', '0.9', 1, ?, 2, ?)")) {
                ps.setString(1, HEYUAN);
                ps.setLong(2, stale);
                ps.setLong(3, stale);
                ps.executeUpdate();
            }
            return null;
        });

        for (Caller c : List.of(ADMIN, AUDITOR, CIVIL)) {
            Dashboard d = office(c).getDashboard(DashboardRequest.newBuilder().setDate("2024-09-20").build());
            assertEquals("2024-09-20", d.getDate());
            assertEquals(sums(where(ledger, dated("2024-09-20", "2024-09-20"))), d.getToday());
            assertEquals(3, d.getToday().getSettledCount(), "four settled today, one of them reversed");
            assertEquals(1, d.getToday().getReversedCount());
            assertEquals(sums(where(ledger, dated("2024-09-01", "2024-09-20"))), d.getMonth());
            assertEquals(30, d.getLast30DaysCount());
            LocalDate day = LocalDate.parse("2024-08-22");
            for (var daily : d.getLast30DaysList()) {
                assertEquals(day.toString(), daily.getDate());
                assertEquals(sums(where(ledger, dated(day.toString(), day.toString()))), daily.getFigures(), day.toString());
                day = day.plusDays(1);
            }
            long alerts = where(ledger, dated("2024-07-01", "2024-09-30")).stream()
                    .filter(s -> s.getResult().getAlert() && s.getStatus() == SettlementStatus.SETTLED).count();
            assertEquals(alerts, d.getOpenAlertsQuarter(), "the quarter's alert report has as many rows");
            assertEquals(alerts, AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(CIVIL, 60_000)))
                    .getAlertReport(onestop.v1.AlertReportRequest.newBuilder().setQuarter("2024-Q3").build()).getRowsCount());
            assertEquals(1, d.getOfflineDiffering30Days(), "DB13 within the 30 days; DB14 before them");
            assertEquals(3, d.getAgentsKnown());
            assertEquals(2, d.getAgentsOnline());
            assertEquals(List.of("db-a1", "db-a2", "db-a3").stream().sorted().toList(),
                    d.getAgentsList().stream().map(a -> a.getReport().getAgentId()).sorted().toList());
            assertEquals("db-a3", d.getAgents(2).getReport().getAgentId(), "most recent report first");
            assertFalse(d.getAgents(2).getOnline());
            assertTrue(d.getAgentsList().subList(0, 2).stream().allMatch(AgentStatus::getOnline));
        }
        // the month's and the chart's sums agree with the clearing report's, which sums the same columns per hospital
        var clearing = admin().getClearingReport(onestop.v1.ClearingReportRequest.newBuilder().setMonth("2024-08").build());
        FundFigures august = sums(where(ledger, dated("2024-08-01", "2024-08-31")));
        assertEquals(august.getSettledCount(), clearing.getRowsList().stream().mapToInt(r -> r.getSettledCount()).sum());
        assertEquals(august.getTotalFen(), clearing.getRowsList().stream().mapToLong(r -> r.getTotalFen()).sum());
        assertEquals(august.getSupplementaryFen() + august.getAssistanceFen(),
                clearing.getRowsList().stream().mapToLong(r -> r.getSupplementaryFen() + r.getAssistanceFen()).sum());

        Dashboard empty = office(ADMIN).getDashboard(DashboardRequest.newBuilder().setDate("2031-02-10").build());
        assertEquals(FundFigures.getDefaultInstance(), empty.getToday());
        assertEquals(30, empty.getLast30DaysCount());
        assertEquals("2031-01-12", empty.getLast30Days(0).getDate());
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "date",
                () -> office(ADMIN).getDashboard(DashboardRequest.newBuilder().setDate("2024-02-30").build()));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "date", () -> office(ADMIN).getDashboard(DashboardRequest.getDefaultInstance()));
    }

    // ------------------------------------------------------------------ 对账

    @Test
    void theDaysSummariesAreEachHospitalsDailySummaryPaged() {
        String date = "2024-05-15";
        String a = person("341002", 2024, Scheme.RESIDENT, Category.MINIMUM_LIVING);
        String b = person("341003", 2024, Scheme.EMPLOYEE);
        Map<String, Settlement> ledger = new LinkedHashMap<>();
        keep(ledger, settle(HUANGSHAN, a, visit("DS1", date, 2_000_000)));
        keep(ledger, settle(HUANGSHAN, b, visit("DS2", date, 350_000).setOutOfScopeFen(50_000)));
        keep(ledger, settle(HUANGSHAN, b, visit("DS2X", "2024-05-16", 350_000)));                  // another day
        keep(ledger, forwardDiffering(HUANGSHAN_DISTRICT, a, visit("DS3", date, 900_000), 2_500));
        keep(ledger, settle(HUANGSHAN_DISTRICT, b, visit("DS4", date, 120_000)));
        keep(ledger, settle(HEYUAN, b, visit("DS5", date, 400_000)));
        keep(ledger, reverse(HEYUAN, "DS5"));                                                      // HEYUAN: only a reversed one

        List<DailySummary> all = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListDailySummariesResponse page = office(AUDITOR).listDailySummaries(ListDailySummariesRequest.newBuilder().setDate(date)
                    .setPageSize(1).setPageToken(token).build());
            all.addAll(page.getSummariesList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(List.of(HUANGSHAN, HUANGSHAN_DISTRICT, HEYUAN).stream().sorted().toList(),
                all.stream().map(DailySummary::getHospitalCode).toList(), "one row per hospital with settlements that day, by code");
        assertEquals(3, pages);
        assertEquals(all, office(ADMIN).listDailySummaries(ListDailySummariesRequest.newBuilder().setDate(date).build()).getSummariesList());
        for (DailySummary s : all) {
            DailySummary one = onestop.v1.ReconciliationServiceGrpc.newBlockingStub(channel)
                    .withCallCredentials(bearer(tokens.issue(Caller.hospital(s.getHospitalCode()), 60_000)))
                    .getDailySummary(DailySummaryRequest.newBuilder().setDate(date).build());
            assertEquals(one, s, "the same figures as the hospital's own GetDailySummary");
            FundFigures expected = sums(where(ledger, x -> x.getHospitalCode().equals(s.getHospitalCode()) && x.getSettlementDate().equals(date)));
            assertEquals(expected.getSettledCount(), s.getSettledCount(), s.getHospitalCode());
            assertEquals(expected.getReversedCount(), s.getReversedCount(), s.getHospitalCode());
            assertEquals(expected.getTotalFen(), s.getTotalFen(), s.getHospitalCode());
            assertEquals(expected.getBasicFen(), s.getBasicFen(), s.getHospitalCode());
            assertEquals(expected.getCriticalIllnessFen(), s.getCriticalIllnessFen(), s.getHospitalCode());
            assertEquals(expected.getAssistanceFen(), s.getAssistanceFen(), s.getHospitalCode());
            assertEquals(expected.getPatientFen(), s.getPatientFen(), s.getHospitalCode());
            assertEquals(expected.getBasicFen() + expected.getCriticalIllnessFen() + expected.getSupplementaryFen() + expected.getAssistanceFen(),
                    s.getFundFen(), s.getHospitalCode());
        }
        DailySummary district = all.stream().filter(s -> s.getHospitalCode().equals(HUANGSHAN_DISTRICT)).findFirst().orElseThrow();
        assertEquals(1, district.getOfflineCount());
        assertEquals(1, district.getOfflineDifferingCount());
        assertEquals(2_500, district.getOfflinePatientOwedFen(), "the patient paid 25.00 too much at the counter");
        DailySummary heyuan = all.stream().filter(s -> s.getHospitalCode().equals(HEYUAN)).findFirst().orElseThrow();
        assertEquals(0, heyuan.getSettledCount());
        assertEquals(1, heyuan.getReversedCount());
        assertEquals(List.of(), office(ADMIN).listDailySummaries(ListDailySummariesRequest.newBuilder().setDate("2030-01-01").build())
                .getSummariesList());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "page_size", () -> office(ADMIN).listDailySummaries(
                ListDailySummariesRequest.newBuilder().setDate(date).setPageSize(1001).build()));
    }

    // ------------------------------------------------------------------ 结算查询

    @Test
    void theSearchFiltersAndPagesNewestFirst() {
        String a = person("341002", 2024, Scheme.RESIDENT);
        String b = person("341003", 2024, Scheme.RESIDENT, Category.DESTITUTE);
        Map<String, Settlement> ledger = new LinkedHashMap<>();
        String[][] plan = {
                {HUANGSHAN, "a", "SR01", "2024-10-02"}, {HUANGSHAN_DISTRICT, "b", "SR02", "2024-10-02"}, {HUANGSHAN, "b", "SR03", "2024-10-15"},
                {HUANGSHAN, "a", "SR04", "2024-10-31"}, {HUANGSHAN_DISTRICT, "a", "SR05", "2024-11-01"}, {HUANGSHAN, "b", "SR06", "2024-11-11"},
                {HUANGSHAN_DISTRICT, "b", "SR07", "2024-11-30"}, {HUANGSHAN, "a", "SR08", "2024-12-30"}, {HUANGSHAN, "a", "SR09", "2024-10-20"}};
        for (String[] p : plan) keep(ledger, settle(p[0], p[1].equals("a") ? a : b, visit(p[2], p[3], 150_000 + p[2].hashCode() % 1000)));
        keep(ledger, reverse(HUANGSHAN, "SR03"));
        keep(ledger, reverse(HUANGSHAN_DISTRICT, "SR05"));
        Comparator<Settlement> newestFirst = Comparator.comparingLong(Settlement::getSettledAtMillis)
                .thenComparing(Settlement::getHospitalCode).thenComparing(Settlement::getSettlementId).reversed();

        record Search(String name, SearchSettlementsRequest.Builder request, Predicate<Settlement> matches) {}
        String[] ids = {a, b};
        List<Search> searches = List.of(
                new Search("every hospital, October", SearchSettlementsRequest.newBuilder().setFromDate("2024-10-01").setToDate("2024-10-31"),
                        dated("2024-10-01", "2024-10-31")),
                new Search("one hospital, Oct-Dec", SearchSettlementsRequest.newBuilder().setHospitalCode(HUANGSHAN).setFromDate("2024-10-01")
                        .setToDate("2024-12-31"), dated("2024-10-01", "2024-12-31").and(s -> s.getHospitalCode().equals(HUANGSHAN))),
                new Search("one person", SearchSettlementsRequest.newBuilder().setIdNumber(ids[1]).setFromDate("2024-10-01").setToDate("2024-12-31"),
                        dated("2024-10-01", "2024-12-31").and(s -> List.of("SR02", "SR03", "SR06", "SR07").contains(s.getSettlementId()))),
                new Search("reversed only", SearchSettlementsRequest.newBuilder().setStatus(SettlementStatus.REVERSED).setFromDate("2024-10-01")
                        .setToDate("2024-12-31"), dated("2024-10-01", "2024-12-31").and(s -> s.getStatus() == SettlementStatus.REVERSED)),
                new Search("settled, one person, one hospital, November", SearchSettlementsRequest.newBuilder().setIdNumber(ids[0])
                        .setHospitalCode(HUANGSHAN_DISTRICT).setStatus(SettlementStatus.SETTLED).setFromDate("2024-11-01").setToDate("2024-11-30"),
                        s -> false), // SR05 is reversed
                new Search("a single day", SearchSettlementsRequest.newBuilder().setFromDate("2024-10-02").setToDate("2024-10-02"),
                        dated("2024-10-02", "2024-10-02")),
                new Search("nobody there", SearchSettlementsRequest.newBuilder().setFromDate("2025-01-01").setToDate("2025-12-31"), s -> false));
        for (Search search : searches) {
            List<Settlement> expected = ledger.values().stream().filter(search.matches()).sorted(newestFirst).toList();
            for (int pageSize : new int[] {2, 200}) {
                List<Settlement> got = new ArrayList<>();
                String token = "";
                do {
                    SearchSettlementsResponse page = office(AUDITOR).searchSettlements(search.request().setPageSize(pageSize).setPageToken(token).build());
                    assertEquals(expected.size(), page.getMatched(), search.name());
                    assertTrue(page.getSettlementsCount() <= pageSize);
                    got.addAll(page.getSettlementsList());
                    token = page.getNextPageToken();
                } while (!token.isEmpty());
                assertEquals(expected, got, search.name() + ", pages of " + pageSize);
            }
        }
        SearchSettlementsResponse one = office(ADMIN).searchSettlements(SearchSettlementsRequest.newBuilder().setIdNumber(a)
                .setFromDate("2024-12-30").setToDate("2024-12-30").build());
        assertEquals(1, one.getMatched());
        assertEquals(a.substring(0, 6) + "********" + a.substring(14), one.getSettlements(0).getIdNumberMasked(), "masked as Settlement is");
        assertFalse(one.toString().contains(a), "never the full number");

        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "to_date", () -> office(ADMIN).searchSettlements(
                SearchSettlementsRequest.newBuilder().setFromDate("2024-01-01").setToDate("2025-01-02").build()));
        assertEquals(ledger.size(), office(ADMIN).searchSettlements(SearchSettlementsRequest.newBuilder().setFromDate("2024-01-01")
                .setToDate("2025-01-01").setIdNumber(a).build()).getMatched() + office(ADMIN).searchSettlements(SearchSettlementsRequest
                .newBuilder().setFromDate("2024-01-01").setToDate("2025-01-01").setIdNumber(b).build()).getMatched(), "366 days is a range");
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "to_date", () -> office(ADMIN).searchSettlements(
                SearchSettlementsRequest.newBuilder().setFromDate("2024-10-02").setToDate("2024-10-01").build()));
        assertRejected("INVALID_DATE", Status.Code.INVALID_ARGUMENT, "from_date", () -> office(ADMIN).searchSettlements(
                SearchSettlementsRequest.newBuilder().setToDate("2024-10-01").build()));
        assertRejected("INVALID_ID_NUMBER", Status.Code.INVALID_ARGUMENT, "id_number", () -> office(ADMIN).searchSettlements(
                SearchSettlementsRequest.newBuilder().setFromDate("2024-10-01").setToDate("2024-10-31").setIdNumber("341002").build()));
    }

    // ------------------------------------------------------------------ reveal, tokens

    @Test
    void aFullIdNumberIsShownToAnAdminWithAReasonAndAudited() {
        String id = person("341002", 2024, Scheme.RESIDENT);
        settle(HUANGSHAN, id, visit("RV1", "2024-04-10", 300_000));
        RevealIdNumberRequest.Builder request = RevealIdNumberRequest.newBuilder().setHospitalCode(HUANGSHAN).setSettlementId("RV1")
                .setReason("患者来电核对结算单");
        RevealIdNumberResponse shown = office(ADMIN).revealIdNumber(request.build());
        assertEquals(id, shown.getIdNumber());
        assertTrue(shown.getName().startsWith("测试"), shown.getName());
        AuditEntry entry = audit().stream().filter(e -> e.getAction().equals("reveal-id-number") && e.getTarget().contains("/RV1 "))
                .findFirst().orElseThrow();
        assertEquals("boss", entry.getActor());
        assertEquals(HUANGSHAN + "/RV1 " + id.substring(0, 6) + "********" + id.substring(14), entry.getTarget());
        assertEquals("患者来电核对结算单", entry.getDetail());
        assertTrue(audit().stream().noneMatch(e -> (e.getTarget() + e.getDetail()).contains(id)), "the audit keeps the masked number only");

        Map<String, Long> before = rowCounts();
        assertDenied(() -> office(AUDITOR).revealIdNumber(request.build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "reason", () -> office(ADMIN).revealIdNumber(request.setReason("").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "reason", () -> office(ADMIN).revealIdNumber(request.setReason("为".repeat(201)).build()));
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, "settlement_id", () -> office(ADMIN).revealIdNumber(
                request.setReason("核对").setSettlementId("RV404").build()));
        assertEquals(before, rowCounts(), "a refused reveal shows nothing and writes nothing");
    }

    @Test
    void anAgentsTokenIsIssuedOnceWorksForItsHospitalAndIsNeverAudited() {
        IssueAgentTokenRequest request = IssueAgentTokenRequest.newBuilder().setRequestId("tok-1").setHospitalCode(HUANGSHAN_DISTRICT)
                .setValidDays(30).build();
        long before = System.currentTimeMillis();
        IssueAgentTokenResponse issued = office(ADMIN).issueAgentToken(request);
        assertTrue(issued.getExpiresAtMillis() >= before + 30 * 86_400_000L && issued.getExpiresAtMillis() <= System.currentTimeMillis() + 30 * 86_400_000L);
        assertEquals(issued, office(ADMIN).issueAgentToken(request), "a repeat answers the same token");
        var asAgent = SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(issued.getToken()));
        assertEquals(0, asAgent.listSettlements(ListSettlementsRequest.newBuilder().setDate("2020-01-01").build()).getSettlementsCount(),
                "the token is the hospital's");
        assertDenied(() -> asAgent.listSettlements(ListSettlementsRequest.newBuilder().setDate("2020-01-01").setHospitalCode(HUANGSHAN).build()));
        IssueAgentTokenResponse byDefault = office(ADMIN).issueAgentToken(request.toBuilder().setRequestId("tok-2").setValidDays(0).build());
        assertTrue(byDefault.getExpiresAtMillis() >= before + 365 * 86_400_000L);
        assertRejected("REQUEST_ID_REUSED", Status.Code.ALREADY_EXISTS, "request_id", () -> office(ADMIN).issueAgentToken(
                request.toBuilder().setValidDays(31).build()));
        assertRejected("HOSPITAL_NOT_FOUND", Status.Code.NOT_FOUND, "hospital_code", () -> office(ADMIN).issueAgentToken(
                request.toBuilder().setRequestId("tok-3").setHospitalCode("H999").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "valid_days", () -> office(ADMIN).issueAgentToken(
                request.toBuilder().setRequestId("tok-4").setValidDays(731).build()));
        List<AuditEntry> issuedLines = audit().stream().filter(e -> e.getAction().equals("issue-agent-token")).toList();
        assertTrue(issuedLines.stream().anyMatch(e -> e.getTarget().equals(HUANGSHAN_DISTRICT) && e.getActor().equals("boss")));
        assertEquals(2, issuedLines.stream().filter(e -> e.getTarget().equals(HUANGSHAN_DISTRICT)).count(), "the repeat is not audited again");
        String secret = issued.getToken().substring(issued.getToken().lastIndexOf('.') + 1);
        assertTrue(audit().stream().noneMatch(e -> (e.getTarget() + e.getDetail()).contains(secret)), "never the token");
    }

    // ------------------------------------------------------------------ 政策: versions and try a bill

    @Test
    void aPolicysVersionsAreListedNewestFirst() {
        String text = policyText("huangshan-2024.yaml");
        String renamed = text.replaceFirst("name: .*", "name: 黄山市 2024 三重制度（修订名称）");
        PolicyDocument uploaded = admin().uploadPolicy(UploadPolicyRequest.newBuilder().setRequestId("pv-1")
                .setFileName("huangshan-2024.yaml").setYaml(renamed).build());
        List<PolicyDocument> versions = office(AUDITOR).listPolicyVersions(ListPolicyVersionsRequest.newBuilder()
                .setPolicyId("huangshan-2024").build()).getVersionsList();
        assertEquals(2, versions.size());
        assertEquals(uploaded, versions.get(0));
        assertEquals(text, versions.get(1).getYaml());
        assertNotEquals(versions.get(0).getSha256(), versions.get(1).getSha256());
        assertEquals(List.of(), office(ADMIN).listPolicyVersions(ListPolicyVersionsRequest.newBuilder().setPolicyId("nowhere-2024").build())
                .getVersionsList());
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "policy_id", () -> office(ADMIN).listPolicyVersions(
                ListPolicyVersionsRequest.newBuilder().setPolicyId("Huangshan 2024").build()));
    }

    static Person profile(String county, Scheme scheme, Category category) {
        return Person.newBuilder().setScheme(scheme).setCounty(county).addInsuredYears(2019)
                .addCategories(CategoryPeriod.newBuilder().setCategory(category).setFrom("2019-01-01")).build();
    }

    static List<Visit.Builder> heyuanBills(String prefix) {
        return List.of(
                visit(prefix + "1", "2019-03-02", 4_000_000).setOutOfScopeFen(300_000).setHospitalLevel(HospitalLevel.TERTIARY),
                visit(prefix + "2", "2019-05-20", 60_000).setType(VisitType.OUTPATIENT).setHospitalLevel(HospitalLevel.TERTIARY),
                visit(prefix + "3", "2019-08-09", 9_000_000).setPriorSelfPayFen(150_000).setHospitalLevel(HospitalLevel.TERTIARY),
                visit(prefix + "4", "2019-11-30", 2_500_000).setHospitalLevel(HospitalLevel.TERTIARY));
    }

    @Test
    void triedBillsAreWhatSettlingThemInSequenceGives() {
        Person poor = profile("441602", Scheme.RESIDENT, Category.REGISTERED_POOR);
        String a = person("441602", 2019, Scheme.RESIDENT, Category.REGISTERED_POOR);
        String b = person("441602", 2019, Scheme.RESIDENT, Category.REGISTERED_POOR);
        List<Visit.Builder> bills = heyuanBills("TB");
        TryBillsRequest.Builder request = TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor);
        bills.forEach(request::addBills);

        Map<String, Long> before = rowCounts();
        TryBillsResponse tried = office(AUDITOR).tryBills(request.build());
        TryBillsResponse asDraft = office(ADMIN).tryBills(request.clone().setDraftYaml(policyText("heyuan-2019.yaml")).build());
        assertEquals(before, rowCounts(), "a trial stores nothing and audits nothing");
        assertTrue(tried.getPolicy().getValid());
        assertEquals("heyuan-2019", tried.getPolicy().getPolicyId());
        assertEquals(2019, tried.getPolicy().getYear());
        assertEquals(tried.getBillsList(), asDraft.getBillsList(), "the draft of the same text tries the same");

        // the same bills settled for real, in order, for a person of the same profile with an empty year
        List<Settlement> real = bills.stream().map(v -> settle(HEYUAN, a, v)).toList();
        assertEquals(4, tried.getBillsCount());
        for (int i = 0; i < 4; i++) {
            TriedBill t = tried.getBills(i);
            assertEquals(i, t.getIndex());
            assertEquals("", t.getResultCode());
            assertEquals(real.get(i).getResult(), t.getResult(), "bill " + i);
            assertEquals(real.get(i).getResult().getAfter(), t.getAfter(), "bill " + i);
        }
        assertTrue(real.stream().anyMatch(s -> s.getResult().getSupplementaryCount() > 0), "the supplementary tier is exercised");
        assertTrue(real.stream().anyMatch(s -> s.getResult().getAssistancePayFen() > 0), "assistance is exercised");

        // a year part spent: the first bill settled for real, the rest tried from its accumulators
        Settlement first = settle(HEYUAN, b, heyuanBills("TC").get(0));
        TryBillsRequest.Builder rest = TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor)
                .setStarting(first.getResult().getAfter());
        heyuanBills("TC").subList(1, 4).forEach(rest::addBills);
        TryBillsResponse fromStart = office(AUDITOR).tryBills(rest.build());
        for (int i = 1; i < 4; i++) {
            Settlement s = settle(HEYUAN, b, heyuanBills("TC").get(i));
            assertEquals(s.getResult(), fromStart.getBills(i - 1).getResult(), "bill " + i + " after a starting year");
        }
    }

    @Test
    void aDraftIsValidatedFirstAndEachBillsRejectionIsNamed() {
        Person poor = profile("441602", Scheme.RESIDENT, Category.REGISTERED_POOR);
        String bad = policyText("heyuan-2019.yaml").replaceFirst("rate: \"0\\.(\\d+)\"", "rate: \"1.85\"");
        TryBillsRequest.Builder request = TryBillsRequest.newBuilder().setDraftYaml(bad).setPerson(poor);
        heyuanBills("TD").forEach(request::addBills);
        TryBillsResponse invalid = office(AUDITOR).tryBills(request.build());
        assertFalse(invalid.getPolicy().getValid());
        assertTrue(invalid.getPolicy().getProblem().startsWith("draft.yaml: "), invalid.getPolicy().getProblem());
        assertTrue(invalid.getPolicy().getProblem().contains("rate"), invalid.getPolicy().getProblem());
        assertEquals(0, invalid.getBillsCount(), "no bill runs against an invalid draft");

        // a bill the engine refuses: named, the year carried past it unchanged
        TryBillsRequest.Builder mixed = TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor)
                .addBills(heyuanBills("TE").get(0)).addBills(heyuanBills("TE").get(2).clone().setSpecialDisease("X99"))
                .addBills(heyuanBills("TE").get(3));
        TryBillsResponse r = office(ADMIN).tryBills(mixed.build());
        assertEquals("", r.getBills(0).getResultCode());
        assertEquals("UNKNOWN_SPECIAL_DISEASE", r.getBills(1).getResultCode());
        assertTrue(r.getBills(1).getProblem().startsWith("bills[1].special_disease: "), r.getBills(1).getProblem());
        assertFalse(r.getBills(1).hasResult());
        assertEquals(r.getBills(0).getAfter(), r.getBills(1).getAfter());
        TryBillsResponse without = office(ADMIN).tryBills(TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor)
                .addBills(heyuanBills("TE").get(0)).addBills(heyuanBills("TE").get(3)).build());
        assertEquals(without.getBills(1).getResult(), r.getBills(2).getResult(), "the refused bill changed nothing for the next");

        TryBillsResponse notInsured = office(ADMIN).tryBills(mixed.setPerson(poor.toBuilder().clearInsuredYears().addInsuredYears(2020)).build());
        assertTrue(notInsured.getBillsList().stream().allMatch(b -> b.getResultCode().equals("NOT_INSURED_FOR_YEAR")));

        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "bills[0].date", () -> office(ADMIN).tryBills(
                TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor).addBills(visit("X", "2024-01-01", 100)
                        .setHospitalLevel(HospitalLevel.PRIMARY)).build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "bills", () -> office(ADMIN).tryBills(
                TryBillsRequest.newBuilder().setPolicyId("heyuan-2019").setPerson(poor).build()));
        assertRejected("POLICY_NOT_FOUND", Status.Code.FAILED_PRECONDITION, "policy_id", () -> office(ADMIN).tryBills(
                request.clone().setPolicyId("heyuan-2099").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "starting.ci_paid_fen", () -> office(ADMIN).tryBills(
                mixed.clone().setStarting(Accumulators.newBuilder().setCiPaidFen(-1)).build()));
    }

    // ------------------------------------------------------------------ 结算撤销 by the office

    @Test
    void anAdminReversesAHospitalsSettlementWithAReason() {
        String id = person("341002", 2024, Scheme.RESIDENT);
        Settlement s = settle(HUANGSHAN, id, visit("OR1", "2024-04-20", 8_000_000));
        ReverseRequest.Builder request = ReverseRequest.newBuilder().setRequestId("office-rv-1").setHospitalCode(HUANGSHAN)
                .setSettlementId("OR1").setReason("医院书面申请撤销");

        Map<String, Long> before = rowCounts();
        assertDenied(() -> settlements(AUDITOR).reverse(request.build()));
        assertDenied(() -> settlements(CIVIL).reverse(request.build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "hospital_code", () -> settlements(Caller.hospital(HUANGSHAN_DISTRICT))
                .reverse(request.build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "hospital_code", () -> settlements(Caller.hospital(HUANGSHAN))
                .reverse(request.build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "reason", () -> settlements(ADMIN).reverse(request.clone().setReason(" ").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "hospital_code", () -> settlements(ADMIN).reverse(
                request.clone().clearHospitalCode().build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "offline_made_at_millis", () -> settlements(ADMIN).reverse(
                request.clone().setOfflineMadeAtMillis(1).build()));
        assertEquals(before, rowCounts(), "refused reversals write nothing");

        Settlement reversed = settlements(ADMIN).reverse(request.build());
        assertEquals(SettlementStatus.REVERSED, reversed.getStatus());
        assertEquals("医院书面申请撤销", reversed.getReverseReason());
        assertEquals(s.getResult(), reversed.getResult());
        assertEquals(reversed, settlements(ADMIN).reverse(request.build()), "a repeat answers the first answer");
        assertRejected("ALREADY_REVERSED", Status.Code.FAILED_PRECONDITION, "settlement_id", () -> settlements(ADMIN).reverse(
                request.clone().setRequestId("office-rv-2").build()));
        assertRejected("UNKNOWN_SETTLEMENT", Status.Code.NOT_FOUND, "settlement_id", () -> settlements(ADMIN).reverse(
                request.clone().setRequestId("office-rv-3").setHospitalCode(HUANGSHAN_DISTRICT).build()));
        assertEquals(reversed, settlements(AUDITOR).getSettlement(onestop.v1.GetSettlementRequest.newBuilder()
                .setHospitalCode(HUANGSHAN).setSettlementId("OR1").build()));
        AuditEntry entry = audit().stream().filter(e -> e.getAction().equals("reverse") && e.getTarget().startsWith(HUANGSHAN + "/OR1 "))
                .findFirst().orElseThrow();
        assertEquals("boss", entry.getActor(), "the office user is the actor");
        assertEquals("医院书面申请撤销", entry.getDetail());

        // the person's year is given back: the same bill settled again pays exactly what OR1 paid
        Settlement again = settle(HUANGSHAN, id, visit("OR2", "2024-04-20", 8_000_000));
        assertEquals(s.getResult().toBuilder().setSettlementId("OR2").build(), again.getResult());
        // a hospital still reverses its own without naming one
        assertEquals(SettlementStatus.REVERSED, settlements(Caller.hospital(HUANGSHAN)).reverse(ReverseRequest.newBuilder()
                .setRequestId("own-rv").setSettlementId("OR2").build()).getStatus());
    }
}
