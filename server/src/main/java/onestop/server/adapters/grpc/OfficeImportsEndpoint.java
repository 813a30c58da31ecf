package onestop.server.adapters.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import onestop.engine.domain.Outcome;
import onestop.server.application.admin.AdminService;
import onestop.server.application.identity.ImportProgress;
import onestop.server.application.identity.ImportSummary;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ListImportsRequest;
import onestop.v1.ListImportsResponse;
import onestop.v1.OfficeServiceGrpc;

/**
 * The identity-import calls of onestop.v1.OfficeService over {@link AdminService}: an import answered as a stream of
 * progress, and the history of imports. Not a bean of its own (one class serves OfficeService on the wire, and it
 * delegates these two calls here); tests bind it in process.
 */
public class OfficeImportsEndpoint extends OfficeServiceGrpc.OfficeServiceImplBase {
    private final AdminService admin;

    public OfficeImportsEndpoint(AdminService admin) {
        this.admin = admin;
    }

    /**
     * Progress while the file is read (rows_total still 0), checked and applied, at most every
     * {@link ImportProgress#EVERY_ROWS} rows; then one "done" message with the report. A client that goes away does not
     * stop the import: it is kept, and a repeat of the request_id streams its report at once.
     */
    @Override
    public void importIdentitiesWithProgress(ImportIdentitiesRequest r, StreamObserver<onestop.v1.ImportProgress> out) {
        ServerCallStreamObserver<onestop.v1.ImportProgress> call = (ServerCallStreamObserver<onestop.v1.ImportProgress>) out;
        call.setOnCancelHandler(() -> { }); // messages to a cancelled call are dropped, not thrown into the import
        ImportProgress progress = (phase, read, total) -> {
            if (!call.isCancelled()) call.onNext(message(phase, read, total).build());
        };
        Outcome<AdminService.ImportResult> result;
        try {
            result = admin.importIdentities(AuthInterceptor.caller(), r.getRequestId(), r.getSourceName(), r.getDepartment(),
                    r.getCsv(), AdminEndpoint.mode(r.getMode()), progress);
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.failure(e));
            return;
        }
        if (!result.isOk()) {
            out.onError(GrpcErrors.toException(result.rejection()));
            return;
        }
        int rows = result.value().summary().rows();
        out.onNext(message(ImportProgress.Phase.DONE, rows, rows).setReport(AdminEndpoint.report(result.value())).build());
        out.onCompleted();
    }

    private static onestop.v1.ImportProgress.Builder message(ImportProgress.Phase phase, int read, int total) {
        return onestop.v1.ImportProgress.newBuilder().setPhase(phase.name().toLowerCase(Locale.ROOT)).setRowsRead(read).setRowsTotal(total);
    }

    @Override
    public void listImports(ListImportsRequest r, StreamObserver<ListImportsResponse> out) {
        GrpcErrors.respond(out, () -> admin.listImports(AuthInterceptor.caller(), r.getPageSize(), r.getPageToken()), page -> {
            ListImportsResponse.Builder b = ListImportsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(m -> b.addImports(summary(m)));
            return b.build();
        });
    }

    private static onestop.v1.ImportSummary summary(ImportSummary m) {
        return onestop.v1.ImportSummary.newBuilder().setImportId(m.importId()).setAtMillis(m.atMillis()).setActor(m.actor())
                .setSourceName(m.sourceName()).setDepartment(m.department()).setMode(ImportMode.valueOf(m.mode())).setRows(m.rows())
                .setCleanRows(m.cleanRows()).setProblemCount(m.problemCount()).setApplied(m.applied()).setAppliedRows(m.appliedRows())
                .build();
    }
}
