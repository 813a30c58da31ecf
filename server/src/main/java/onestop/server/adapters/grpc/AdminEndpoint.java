package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import java.util.List;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.server.application.admin.AdminService;
import onestop.server.application.persons.PeriodInput;
import onestop.server.domain.FundTotals;
import onestop.server.domain.IdentityPeriod;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AlertReport;
import onestop.v1.AlertReportRequest;
import onestop.v1.AlertRow;
import onestop.v1.AuditEntry;
import onestop.v1.ClearingReport;
import onestop.v1.ClearingReportRequest;
import onestop.v1.ClearingRow;
import onestop.v1.Hospital;
import onestop.v1.ImportIdentitiesRequest;
import onestop.server.application.identity.ImportSummary;
import onestop.v1.ImportProblem;
import onestop.v1.ImportProblemCount;
import onestop.v1.ImportProblemKind;
import onestop.v1.ListImportProblemsRequest;
import onestop.v1.ListImportProblemsResponse;
import onestop.v1.ImportReport;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListAuditResponse;
import onestop.v1.ListHospitalsRequest;
import onestop.v1.ListHospitalsResponse;
import onestop.v1.ListPoliciesRequest;
import onestop.v1.ListPoliciesResponse;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicyValidation;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertHospitalRequest;
import onestop.v1.UpsertPersonRequest;

/** onestop.v1.AdminService over {@link AdminService}. */
@Singleton
public final class AdminEndpoint extends AdminServiceGrpc.AdminServiceImplBase {
    private final AdminService admin;

    public AdminEndpoint(AdminService admin) {
        this.admin = admin;
    }


    @Override
    public void listPolicies(ListPoliciesRequest r, StreamObserver<ListPoliciesResponse> out) {
        GrpcErrors.respond(out, () -> admin.listPolicies(AuthInterceptor.caller(), r.getRegion(), r.getPageToken()), page -> {
            ListPoliciesResponse.Builder b = ListPoliciesResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(d -> b.addPolicies(ProtoMapping.policy(d)));
            return b.build();
        });
    }

    @Override
    public void validatePolicy(UploadPolicyRequest r, StreamObserver<PolicyValidation> out) {
        GrpcErrors.respond(out, () -> admin.validatePolicy(AuthInterceptor.caller(), r.getFileName(), r.getYaml()),
                c -> ProtoMapping.validation(c.document(), c.problem()));
    }

    @Override
    public void uploadPolicy(UploadPolicyRequest r, StreamObserver<PolicyDocument> out) {
        GrpcErrors.respond(out, () -> admin.uploadPolicy(AuthInterceptor.caller(), r.getRequestId(), r.getFileName(), r.getYaml()),
                ProtoMapping::policy);
    }

    static Hospital hospital(onestop.server.domain.Hospital h) {
        return Hospital.newBuilder().setCode(h.code()).setName(h.name()).setLevel(onestop.v1.HospitalLevel.valueOf(h.level().name()))
                .setCounty(h.county()).setDesignated(h.designated()).build();
    }

    @Override
    public void listHospitals(ListHospitalsRequest r, StreamObserver<ListHospitalsResponse> out) {
        GrpcErrors.respond(out, () -> admin.listHospitals(AuthInterceptor.caller(), r.getPageSize(), r.getPageToken()), page -> {
            ListHospitalsResponse.Builder b = ListHospitalsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(h -> b.addHospitals(hospital(h)));
            return b.build();
        });
    }

    @Override
    public void upsertHospital(UpsertHospitalRequest r, StreamObserver<Hospital> out) {
        Hospital h = r.getHospital();
        GrpcErrors.respond(out, () -> admin.upsertHospital(AuthInterceptor.caller(), r.getRequestId(), h.getCode(), h.getName(),
                ProtoMapping.known(HospitalLevel.class, h.getLevel()), h.getCounty(), h.getDesignated()), AdminEndpoint::hospital);
    }

    @Override
    public void upsertPerson(UpsertPersonRequest r, StreamObserver<Person> out) {
        GrpcErrors.respond(out, () -> {
            Person p = r.getPerson();
            Outcome<List<IdentityPeriod>> ids = PeriodInput.check("person.categories", ProtoMapping.periods(p.getCategoriesList()), "admin", "admin");
            if (!ids.isOk()) return Outcome.rejected(ids.rejection());
            return admin.upsertPerson(AuthInterceptor.caller(), r.getRequestId(), new AdminService.PersonInput(p.getIdNumber(), p.getName(),
                    ProtoMapping.scheme(p.getScheme()), p.getCounty(), p.getInsuredYearsList(), ids.value()));
        }, ProtoMapping::person);
    }

    @Override
    public void importIdentities(ImportIdentitiesRequest r, StreamObserver<ImportReport> out) {
        GrpcErrors.respond(out, () -> admin.importIdentities(AuthInterceptor.caller(), r.getRequestId(), r.getSourceName(),
                r.getDepartment(), r.getCsv(), mode(r.getMode())), AdminEndpoint::report);
    }

    /** null when unspecified or unknown: the service names the field. */
    static AdminService.ImportMode mode(onestop.v1.ImportMode mode) {
        return switch (mode) {
            case VALIDATE_ONLY -> AdminService.ImportMode.VALIDATE_ONLY;
            case APPLY -> AdminService.ImportMode.APPLY;
            case APPLY_SKIPPING_BAD_ROWS -> AdminService.ImportMode.APPLY_SKIPPING_BAD_ROWS;
            default -> null;
        };
    }

    static ImportReport report(AdminService.ImportResult result) {
        ImportSummary m = result.summary();
        ImportReport.Builder b = ImportReport.newBuilder().setImportId(m.importId()).setRows(m.rows())
                .setCleanRows(m.cleanRows()).setApplied(m.applied()).setAppliedRows(m.appliedRows())
                .setProblemCount(m.problemCount()).setProblemsTruncated(result.firstProblems().size() < m.problemCount());
        m.countsByKind().forEach((kind, n) -> b.addProblemCounts(ImportProblemCount.newBuilder().setKind(kind(kind)).setCount(n)));
        result.firstProblems().forEach(p -> b.addProblems(problem(p)));
        return b.build();
    }

    @Override
    public void listImportProblems(ListImportProblemsRequest r, StreamObserver<ListImportProblemsResponse> out) {
        GrpcErrors.respond(out, () -> admin.importProblems(AuthInterceptor.caller(), r.getImportId(), r.getPageSize(), r.getPageToken()),
                page -> {
                    ListImportProblemsResponse.Builder b = ListImportProblemsResponse.newBuilder().setNextPageToken(page.nextPageToken())
                            .setProblemCount(page.summary().problemCount());
                    page.problems().forEach(p -> b.addProblems(problem(p)));
                    return b.build();
                });
    }

    private static ImportProblemKind kind(onestop.server.application.identity.ImportProblem.Kind kind) {
        return ImportProblemKind.valueOf("IMPORT_" + kind.name());
    }

    private static ImportProblem problem(onestop.server.application.identity.ImportProblem p) {
        return ImportProblem.newBuilder().setLine(p.line()).setColumn(p.column()).setIdNumberMasked(p.idNumberMasked())
                .setProblem(p.problem()).setKind(kind(p.kind())).build();
    }

    @Override
    public void getClearingReport(ClearingReportRequest r, StreamObserver<ClearingReport> out) {
        GrpcErrors.respond(out, () -> admin.clearing(AuthInterceptor.caller(), r.getMonth(), r.getPageSize(), r.getPageToken()), c -> {
            ClearingReport.Builder b = ClearingReport.newBuilder().setMonth(c.month().toString()).setNextPageToken(c.nextPageToken());
            for (FundTotals t : c.rows()) {
                b.addRows(ClearingRow.newBuilder().setHospitalCode(t.hospitalCode()).setSettledCount(t.settledCount())
                        .setTotalFen(t.totalFen()).setBasicFen(t.basicFen()).setCriticalIllnessFen(t.criticalIllnessFen())
                        .setSupplementaryFen(t.supplementaryFen()).setAssistanceFen(t.assistanceFen())
                        .setHospitalAbsorbedFen(t.hospitalAbsorbedFen()).setPatientFen(t.patientFen()));
            }
            return b.build();
        });
    }

    @Override
    public void getAlertReport(AlertReportRequest r, StreamObserver<AlertReport> out) {
        GrpcErrors.respond(out, () -> admin.alerts(AuthInterceptor.caller(), r.getQuarter(), r.getPageSize(), r.getPageToken()), a -> {
            AlertReport.Builder b = AlertReport.newBuilder().setQuarter(a.quarter()).setNextPageToken(a.nextPageToken());
            a.rows().forEach(row -> b.addRows(AlertRow.newBuilder().setIdNumber(row.idNumber()).setName(row.name())
                    .setCounty(row.county()).setHospitalCode(row.hospitalCode()).setSettlementId(row.settlementId())
                    .setSettlementDate(row.settlementDate()).setOutOfPocketAfterFen(row.outOfPocketAfterFen())));
            return b.build();
        });
    }

    @Override
    public void listAudit(ListAuditRequest r, StreamObserver<ListAuditResponse> out) {
        GrpcErrors.respond(out, () -> admin.audit(AuthInterceptor.caller(), r.getActor(), r.getAction(), r.getFromDate(),
                r.getToDate(), r.getPageSize(), r.getPageToken()), page -> {
            ListAuditResponse.Builder b = ListAuditResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.entries().forEach(e -> b.addEntries(AuditEntry.newBuilder().setId(e.id()).setAtMillis(e.atMillis()).setActor(e.actor())
                    .setAction(e.action()).setTarget(e.target()).setDetail(e.detail())));
            return b.build();
        });
    }

}
