package onestop.console.application;

import java.util.function.Consumer;
import onestop.v1.AlertReport;
import onestop.v1.AlertReportRequest;
import onestop.v1.ClearingReport;
import onestop.v1.ClearingReportRequest;
import onestop.v1.Dashboard;
import onestop.v1.DashboardRequest;
import onestop.v1.Hospital;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportProgress;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.IssueAgentTokenResponse;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListAuditResponse;
import onestop.v1.ListDailySummariesRequest;
import onestop.v1.ListDailySummariesResponse;
import onestop.v1.ListHospitalsRequest;
import onestop.v1.ListHospitalsResponse;
import onestop.v1.ListImportProblemsRequest;
import onestop.v1.ListImportProblemsResponse;
import onestop.v1.ListImportsRequest;
import onestop.v1.ListImportsResponse;
import onestop.v1.ListPoliciesRequest;
import onestop.v1.ListPoliciesResponse;
import onestop.v1.ListPolicyVersionsRequest;
import onestop.v1.ListPolicyVersionsResponse;
import onestop.v1.LoginRequest;
import onestop.v1.LoginResponse;
import onestop.v1.OfflineDifferencesRequest;
import onestop.v1.OfflineDifferencesResponse;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicyValidation;
import onestop.v1.ReverseRequest;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.RevealIdNumberResponse;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.Settlement;
import onestop.v1.GetSettlementRequest;
import onestop.v1.TryBillsRequest;
import onestop.v1.TryBillsResponse;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertHospitalRequest;

/**
 * The central server as the console uses it: every call but {@link #login} on behalf of a logged-in user (their token),
 * each with a deadline. A refusal is a {@link ConsoleException} carrying the server's reason; no answer in time is
 * {@link Messages#SERVER_UNREACHABLE}.
 */
public interface OfficeServer {
    LoginResponse login(LoginRequest r);

    Dashboard dashboard(String token, DashboardRequest r);

    ListPoliciesResponse listPolicies(String token, ListPoliciesRequest r);

    ListPolicyVersionsResponse policyVersions(String token, ListPolicyVersionsRequest r);

    PolicyValidation validatePolicy(String token, UploadPolicyRequest r);

    PolicyDocument uploadPolicy(String token, UploadPolicyRequest r);

    TryBillsResponse tryBills(String token, TryBillsRequest r);

    ListHospitalsResponse listHospitals(String token, ListHospitalsRequest r);

    Hospital upsertHospital(String token, UpsertHospitalRequest r);

    IssueAgentTokenResponse issueAgentToken(String token, IssueAgentTokenRequest r);

    SearchSettlementsResponse searchSettlements(String token, SearchSettlementsRequest r);

    Settlement getSettlement(String token, GetSettlementRequest r);

    Settlement reverse(String token, ReverseRequest r);

    RevealIdNumberResponse revealIdNumber(String token, RevealIdNumberRequest r);

    ClearingReport clearing(String token, ClearingReportRequest r);

    ListDailySummariesResponse dailySummaries(String token, ListDailySummariesRequest r);

    OfflineDifferencesResponse offlineDifferences(String token, OfflineDifferencesRequest r);

    AlertReport alerts(String token, AlertReportRequest r);

    ListAuditResponse audit(String token, ListAuditRequest r);

    /** Streams the import's progress to {@code progress}, the last message carrying the report; returns when it ends. */
    void importIdentities(String token, ImportIdentitiesRequest r, Consumer<ImportProgress> progress);

    ListImportsResponse listImports(String token, ListImportsRequest r);

    ListImportProblemsResponse importProblems(String token, ListImportProblemsRequest r);
}
