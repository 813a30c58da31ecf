package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.server.application.office.OfficeService;
import onestop.server.application.policy.PolicyTrial;
import onestop.server.application.reports.Reconciliation;
import onestop.server.domain.FundTotals;
import onestop.v1.DailyFigures;
import onestop.v1.Dashboard;
import onestop.v1.DashboardRequest;
import onestop.v1.FundFigures;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.IssueAgentTokenResponse;
import onestop.v1.ListDailySummariesRequest;
import onestop.v1.ListDailySummariesResponse;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.ListPolicyVersionsResponse;
import onestop.v1.OfficeServiceGrpc;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.RevealIdNumberResponse;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.SettlementStatus;
import onestop.v1.TriedBill;
import onestop.v1.TryBillsRequest;
import onestop.v1.TryBillsResponse;

/**
 * onestop.v1.OfficeService over {@link OfficeService}, {@link PolicyTrial} and {@link Reconciliation}: maps messages,
 * decides nothing (roles and fields are the application's). The imports are {@link OfficeImportsEndpoint}'s, called
 * from here: one class serves the service on the wire.
 */
@Singleton
public final class OfficeEndpoint extends OfficeServiceGrpc.OfficeServiceImplBase {
    private final OfficeService office;
    private final PolicyTrial trial;
    private final Reconciliation reconciliation;
    private final OfficeImportsEndpoint imports;

    public OfficeEndpoint(OfficeService office, PolicyTrial trial, Reconciliation reconciliation, onestop.server.application.admin.AdminService admin) {
        this.office = office;
        this.trial = trial;
        this.reconciliation = reconciliation;
        this.imports = new OfficeImportsEndpoint(admin);
    }

    @Override
    public void importIdentitiesWithProgress(onestop.v1.ImportIdentitiesRequest r, StreamObserver<onestop.v1.ImportProgress> out) {
        imports.importIdentitiesWithProgress(r, out);
    }

    @Override
    public void listImports(onestop.v1.ListImportsRequest r, StreamObserver<onestop.v1.ListImportsResponse> out) {
        imports.listImports(r, out);
    }

    static FundFigures figures(FundTotals t) {
        return FundFigures.newBuilder().setSettledCount(t.settledCount()).setReversedCount(t.reversedCount()).setTotalFen(t.totalFen())
                .setBasicFen(t.basicFen()).setCriticalIllnessFen(t.criticalIllnessFen()).setSupplementaryFen(t.supplementaryFen())
                .setAssistanceFen(t.assistanceFen()).setHospitalAbsorbedFen(t.hospitalAbsorbedFen()).setPatientFen(t.patientFen()).build();
    }

    @Override
    public void getDashboard(DashboardRequest r, StreamObserver<Dashboard> out) {
        GrpcErrors.respond(out, () -> office.dashboard(AuthInterceptor.caller(), r.getDate()), d -> {
            Dashboard.Builder b = Dashboard.newBuilder().setDate(d.date().toString()).setToday(figures(d.today()))
                    .setMonth(figures(d.month())).setOpenAlertsQuarter(d.alertsInQuarter())
                    .setAgentsOnline(d.agents().counts().online()).setAgentsKnown(d.agents().counts().known())
                    .setOfflineDiffering30Days(d.offlineDifferingInChart());
            d.chart().forEach(day -> b.addLast30Days(DailyFigures.newBuilder().setDate(day.date().toString()).setFigures(figures(day.totals()))));
            d.agents().latest().forEach(s -> b.addAgents(AgentEndpoint.status(s)));
            return b.build();
        });
    }

    @Override
    public void listPolicyVersions(ListPolicyVersionsRequest r, StreamObserver<ListPolicyVersionsResponse> out) {
        GrpcErrors.respond(out, () -> office.policyVersions(AuthInterceptor.caller(), r.getPolicyId()), versions -> {
            ListPolicyVersionsResponse.Builder b = ListPolicyVersionsResponse.newBuilder();
            versions.forEach(v -> b.addVersions(ProtoMapping.policy(v)));
            return b.build();
        });
    }

    @Override
    public void tryBills(TryBillsRequest r, StreamObserver<TryBillsResponse> out) {
        PolicyTrial.Choice choice = new PolicyTrial.Choice(r.getPolicyCase() == TryBillsRequest.PolicyCase.POLICY_ID ? r.getPolicyId() : null,
                r.getPolicyCase() == TryBillsRequest.PolicyCase.DRAFT_YAML ? r.getDraftYaml() : null);
        onestop.v1.Person p = r.getPerson();
        PolicyTrial.Profile profile = new PolicyTrial.Profile(ProtoMapping.scheme(p.getScheme()), p.getCounty(), p.getInsuredYearsList(),
                ProtoMapping.periods(p.getCategoriesList()));
        GrpcErrors.respond(out, () -> trial.run(AuthInterceptor.caller(), choice, profile,
                r.getBillsList().stream().map(ProtoMapping::bill).toList(),
                r.hasStarting() ? ProtoMapping.accumulators(r.getStarting()) : null), t -> {
                    TryBillsResponse.Builder b = TryBillsResponse.newBuilder().setPolicy(ProtoMapping.validation(t.policy(), t.problem()));
                    for (PolicyTrial.Tried tried : t.bills()) {
                        TriedBill.Builder bill = TriedBill.newBuilder().setIndex(tried.index()).setAfter(ProtoMapping.accumulators(tried.after()));
                        if (tried.result() != null) bill.setResult(ProtoMapping.result(tried.result()));
                        if (tried.rejection() != null) {
                            String field = tried.rejection().field();
                            bill.setResultCode(tried.rejection().code().name())
                                    .setProblem(field.isEmpty() ? tried.rejection().message() : field + ": " + tried.rejection().message());
                        }
                        b.addBills(bill);
                    }
                    return b.build();
                });
    }

    @Override
    public void searchSettlements(SearchSettlementsRequest r, StreamObserver<SearchSettlementsResponse> out) {
        String status = r.getStatus() == SettlementStatus.SETTLEMENT_STATUS_UNSPECIFIED ? "" : r.getStatus().name();
        GrpcErrors.respond(out, () -> office.search(AuthInterceptor.caller(), r.getHospitalCode(), r.getFromDate(), r.getToDate(),
                r.getIdNumber(), status, r.getPageSize(), r.getPageToken()), page -> {
                    SearchSettlementsResponse.Builder b = SearchSettlementsResponse.newBuilder().setNextPageToken(page.nextPageToken())
                            .setMatched(page.matched());
                    page.settlements().forEach(s -> b.addSettlements(ProtoMapping.settlement(s)));
                    return b.build();
                });
    }

    @Override
    public void revealIdNumber(RevealIdNumberRequest r, StreamObserver<RevealIdNumberResponse> out) {
        GrpcErrors.respond(out, () -> office.reveal(AuthInterceptor.caller(), r.getHospitalCode(), r.getSettlementId(), r.getReason()),
                p -> RevealIdNumberResponse.newBuilder().setIdNumber(p.idNumber()).setName(p.name()).build());
    }

    @Override
    public void issueAgentToken(IssueAgentTokenRequest r, StreamObserver<IssueAgentTokenResponse> out) {
        GrpcErrors.respond(out, () -> office.issueAgentToken(AuthInterceptor.caller(), r.getRequestId(), r.getHospitalCode(), r.getValidDays()),
                t -> IssueAgentTokenResponse.newBuilder().setToken(t.token()).setExpiresAtMillis(t.expiresAtMillis()).build());
    }

    @Override
    public void listDailySummaries(ListDailySummariesRequest r, StreamObserver<ListDailySummariesResponse> out) {
        GrpcErrors.respond(out, () -> reconciliation.summaries(AuthInterceptor.caller(), r.getDate(), r.getPageSize(), r.getPageToken()),
                page -> {
                    ListDailySummariesResponse.Builder b = ListDailySummariesResponse.newBuilder().setNextPageToken(page.nextPageToken());
                    page.items().forEach(s -> b.addSummaries(ProtoMapping.daily(s.funds(), s.offline(), r.getDate())));
                    return b.build();
                });
    }
}
