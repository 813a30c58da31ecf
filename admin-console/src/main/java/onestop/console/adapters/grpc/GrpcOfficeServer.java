package onestop.console.adapters.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import onestop.console.application.ConsoleException;
import onestop.console.application.ConsoleSettings;
import onestop.console.application.Messages;
import onestop.console.application.OfficeServer;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AlertReport;
import onestop.v1.AlertReportRequest;
import onestop.v1.ClearingReport;
import onestop.v1.ClearingReportRequest;
import onestop.v1.Dashboard;
import onestop.v1.DashboardRequest;
import onestop.v1.GetSettlementRequest;
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
import onestop.v1.OfficeAuthServiceGrpc;
import onestop.v1.OfficeServiceGrpc;
import onestop.v1.OfflineDifferencesRequest;
import onestop.v1.OfflineDifferencesResponse;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicyValidation;
import onestop.v1.ReconciliationServiceGrpc;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.RevealIdNumberResponse;
import onestop.v1.ReverseRequest;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.Settlement;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.TryBillsRequest;
import onestop.v1.TryBillsResponse;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertHospitalRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OfficeServer} over gRPC: TLS trusting the configured certificate (plaintext only when so configured), the
 * user's token as a bearer credential, a deadline on every call. Nothing is tried again: a person is waiting and
 * decides; a mutating call carries its form's request id, so pressing again is safe.
 */
public final class GrpcOfficeServer implements OfficeServer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcOfficeServer.class);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<Status.Code> NO_ANSWER = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.CANCELLED, Status.Code.UNKNOWN);

    private final ManagedChannel channel;
    private final long deadlineMillis;
    private final long importDeadlineMillis;

    public GrpcOfficeServer(ManagedChannel channel, long deadlineMillis, long importDeadlineMillis) {
        this.channel = channel;
        this.deadlineMillis = deadlineMillis;
        this.importDeadlineMillis = importDeadlineMillis;
    }

    /** The channel the settings describe: TLS trusting their certificate unless plaintext. */
    public static ManagedChannel channel(ConsoleSettings s) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(s.serverHost(), s.serverPort())
                .keepAliveTime(60, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS).maxInboundMessageSize(16 << 20);
        if (s.plaintext()) {
            b.usePlaintext();
        } else {
            try {
                b.sslContext(GrpcSslContexts.forClient().trustManager(s.trustCertificate().toFile()).build());
            } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("onestop.console.ca-cert: " + s.trustCertificate() + " cannot be used for TLS: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
    }

    static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(AUTHORIZATION, "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    private <S extends AbstractStub<S>> S as(S stub, String token, long deadline) {
        S s = stub.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS);
        return token == null ? s : s.withCallCredentials(bearer(token));
    }

    private OfficeServiceGrpc.OfficeServiceBlockingStub office(String token) {
        return as(OfficeServiceGrpc.newBlockingStub(channel), token, deadlineMillis);
    }

    private AdminServiceGrpc.AdminServiceBlockingStub admin(String token) {
        return as(AdminServiceGrpc.newBlockingStub(channel), token, deadlineMillis);
    }

    private static <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw refusal(what, e);
        }
    }

    /** The server's refusal as the console's: the ErrorInfo reason and the BadRequest field; no answer is SERVER_UNREACHABLE. */
    static ConsoleException refusal(String what, StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        String reason = null;
        String field = "";
        if (s != null) {
            for (Any any : s.getDetailsList()) {
                try {
                    if (any.is(ErrorInfo.class)) reason = any.unpack(ErrorInfo.class).getReason();
                    if (any.is(BadRequest.class) && any.unpack(BadRequest.class).getFieldViolationsCount() > 0) {
                        field = any.unpack(BadRequest.class).getFieldViolations(0).getField();
                    }
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    // a detail we cannot read: the status says enough
                }
            }
        }
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        String detail = what + ": " + code + (description.isEmpty() ? "" : " " + description);
        if (reason == null && code == Status.Code.RESOURCE_EXHAUSTED && description.contains("exceeds maximum size")) {
            reason = Messages.MESSAGE_TOO_LARGE; // gRPC's own limit on a message, not a business refusal: too large to send
        } else if (reason == null && NO_ANSWER.contains(code)) {
            LOG.warn("server did not answer {}", detail);
            reason = Messages.SERVER_UNREACHABLE;
        } else if (reason == null) {
            reason = code.name(); // UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT…: the status says it
        }
        return new ConsoleException(reason, field, onestop.engine.domain.IdNumber.maskAll(detail));
    }

    @Override
    public LoginResponse login(LoginRequest r) {
        return call("Login", () -> as(OfficeAuthServiceGrpc.newBlockingStub(channel), null, deadlineMillis).login(r));
    }

    @Override
    public Dashboard dashboard(String token, DashboardRequest r) {
        return call("GetDashboard", () -> office(token).getDashboard(r));
    }

    @Override
    public ListPoliciesResponse listPolicies(String token, ListPoliciesRequest r) {
        return call("ListPolicies", () -> admin(token).listPolicies(r));
    }

    @Override
    public ListPolicyVersionsResponse policyVersions(String token, ListPolicyVersionsRequest r) {
        return call("ListPolicyVersions", () -> office(token).listPolicyVersions(r));
    }

    @Override
    public PolicyValidation validatePolicy(String token, UploadPolicyRequest r) {
        return call("ValidatePolicy", () -> admin(token).validatePolicy(r));
    }

    @Override
    public PolicyDocument uploadPolicy(String token, UploadPolicyRequest r) {
        return call("UploadPolicy", () -> admin(token).uploadPolicy(r));
    }

    @Override
    public TryBillsResponse tryBills(String token, TryBillsRequest r) {
        return call("TryBills", () -> office(token).tryBills(r));
    }

    @Override
    public ListHospitalsResponse listHospitals(String token, ListHospitalsRequest r) {
        return call("ListHospitals", () -> admin(token).listHospitals(r));
    }

    @Override
    public Hospital upsertHospital(String token, UpsertHospitalRequest r) {
        return call("UpsertHospital", () -> admin(token).upsertHospital(r));
    }

    @Override
    public IssueAgentTokenResponse issueAgentToken(String token, IssueAgentTokenRequest r) {
        return call("IssueAgentToken", () -> office(token).issueAgentToken(r));
    }

    @Override
    public SearchSettlementsResponse searchSettlements(String token, SearchSettlementsRequest r) {
        return call("SearchSettlements", () -> office(token).searchSettlements(r));
    }

    @Override
    public Settlement getSettlement(String token, GetSettlementRequest r) {
        return call("GetSettlement", () -> as(SettlementServiceGrpc.newBlockingStub(channel), token, deadlineMillis).getSettlement(r));
    }

    @Override
    public Settlement reverse(String token, ReverseRequest r) {
        return call("Reverse", () -> as(SettlementServiceGrpc.newBlockingStub(channel), token, deadlineMillis).reverse(r));
    }

    @Override
    public RevealIdNumberResponse revealIdNumber(String token, RevealIdNumberRequest r) {
        return call("RevealIdNumber", () -> office(token).revealIdNumber(r));
    }

    @Override
    public ClearingReport clearing(String token, ClearingReportRequest r) {
        return call("GetClearingReport", () -> admin(token).getClearingReport(r));
    }

    @Override
    public ListDailySummariesResponse dailySummaries(String token, ListDailySummariesRequest r) {
        return call("ListDailySummaries", () -> office(token).listDailySummaries(r));
    }

    @Override
    public OfflineDifferencesResponse offlineDifferences(String token, OfflineDifferencesRequest r) {
        return call("ListOfflineDifferences",
                () -> as(ReconciliationServiceGrpc.newBlockingStub(channel), token, deadlineMillis).listOfflineDifferences(r));
    }

    @Override
    public AlertReport alerts(String token, AlertReportRequest r) {
        return call("GetAlertReport", () -> admin(token).getAlertReport(r));
    }

    @Override
    public ListAuditResponse audit(String token, ListAuditRequest r) {
        return call("ListAudit", () -> admin(token).listAudit(r));
    }

    @Override
    public void importIdentities(String token, ImportIdentitiesRequest r, Consumer<ImportProgress> progress) {
        call("ImportIdentitiesWithProgress", () -> {
            Iterator<ImportProgress> it = as(OfficeServiceGrpc.newBlockingStub(channel), token, importDeadlineMillis)
                    .importIdentitiesWithProgress(r);
            while (it.hasNext()) progress.accept(it.next());
            return null;
        });
    }

    @Override
    public ListImportsResponse listImports(String token, ListImportsRequest r) {
        return call("ListImports", () -> office(token).listImports(r));
    }

    @Override
    public ListImportProblemsResponse importProblems(String token, ListImportProblemsRequest r) {
        return call("ListImportProblems", () -> admin(token).listImportProblems(r));
    }
}
