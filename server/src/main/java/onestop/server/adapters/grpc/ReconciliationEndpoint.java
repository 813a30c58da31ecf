package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.engine.domain.Outcome;
import onestop.server.application.reports.Reconciliation;
import onestop.v1.DailySummary;
import onestop.v1.DailySummaryRequest;
import onestop.v1.OfflineDifferencesRequest;
import onestop.v1.OfflineDifferencesResponse;
import onestop.v1.ReconciliationServiceGrpc;
import onestop.v1.Settlement;

/** onestop.v1.ReconciliationService over {@link Reconciliation}. */
@Singleton
public final class ReconciliationEndpoint extends ReconciliationServiceGrpc.ReconciliationServiceImplBase {
    private final Reconciliation reconciliation;

    public ReconciliationEndpoint(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public void getDailySummary(DailySummaryRequest r, StreamObserver<DailySummary> out) {
        GrpcErrors.respond(out, () -> reconciliation.day(AuthInterceptor.caller(), r.getHospitalCode(), r.getDate()).map(day -> {
            Reconciliation.Summary sum = reconciliation.summary(day);
            return ProtoMapping.daily(sum.funds(), sum.offline(), day.date().toString());
        }), d -> d);
    }

    @Override
    public void streamDailySettlements(DailySummaryRequest r, StreamObserver<Settlement> out) {
        Outcome<Reconciliation.Day> day;
        try {
            day = reconciliation.day(AuthInterceptor.caller(), r.getHospitalCode(), r.getDate());
            if (!day.isOk()) {
                out.onError(GrpcErrors.toException(day.rejection()));
                return;
            }
            reconciliation.settlements(day.value(), s -> out.onNext(ProtoMapping.settlement(s)));
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.failure(e));
            return;
        }
        out.onCompleted();
    }

    @Override
    public void listOfflineDifferences(OfflineDifferencesRequest r, StreamObserver<OfflineDifferencesResponse> out) {
        GrpcErrors.respond(out, () -> reconciliation.offlineDifferences(AuthInterceptor.caller(), r.getHospitalCode(), r.getDate(),
                r.getPageSize(), r.getPageToken()), page -> {
                    OfflineDifferencesResponse.Builder b = OfflineDifferencesResponse.newBuilder().setNextPageToken(page.nextPageToken());
                    page.items().forEach(s -> b.addDifferences(ProtoMapping.offlineDifference(s)));
                    return b.build();
                });
    }
}
