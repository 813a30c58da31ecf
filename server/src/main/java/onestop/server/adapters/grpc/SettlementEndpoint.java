package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.server.application.settlement.LedgerService;
import onestop.v1.GetSettlementRequest;
import onestop.v1.ListSettlementsRequest;
import onestop.v1.ListSettlementsResponse;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.SettlementServiceGrpc;

/** onestop.v1.SettlementService over {@link LedgerService}: maps messages, decides nothing. */
@Singleton
public final class SettlementEndpoint extends SettlementServiceGrpc.SettlementServiceImplBase {
    private final LedgerService ledger;

    public SettlementEndpoint(LedgerService ledger) {
        this.ledger = ledger;
    }

    /** What the message itself gets wrong before any field is read: no visit, an unknown level number. */
    private static <T> Outcome<T> messageProblem(SettleRequest r) {
        if (!r.hasVisit()) return Outcome.rejected(ResultCode.INVALID_ARGUMENT, "visit", "visit (the bill) is required");
        return ProtoMapping.unrecognized(r.getVisit().getHospitalLevel())
                ? Outcome.rejected(ResultCode.UNKNOWN_HOSPITAL_LEVEL, "visit.hospital_level", "visit.hospital_level is not PRIMARY, SECONDARY or TERTIARY")
                : null;
    }

    @Override
    public void preSettle(SettleRequest r, StreamObserver<SettlementResult> out) {
        GrpcErrors.respond(out, () -> {
            Outcome<onestop.engine.domain.settlement.SettlementResult> bad = messageProblem(r);
            return bad != null ? bad : ledger.preSettle(AuthInterceptor.caller(), ProtoMapping.command(r));
        }, ProtoMapping::result);
    }

    @Override
    public void settle(SettleRequest r, StreamObserver<Settlement> out) {
        // answered when the settlement is committed, from the thread that committed it (see CallExecutors)
        GrpcErrors.respondLater(out, () -> {
            Outcome<onestop.server.domain.StoredSettlement> bad = messageProblem(r);
            return bad != null ? CompletableFuture.completedFuture(bad) : ledger.settleLater(AuthInterceptor.caller(), ProtoMapping.command(r));
        }, ProtoMapping::settlement);
    }

    @Override
    public void reverse(ReverseRequest r, StreamObserver<Settlement> out) {
        GrpcErrors.respond(out, () -> ledger.reverse(AuthInterceptor.caller(), r.getRequestId(), r.getSettlementId(), r.getReason(),
                        r.getOfflineMadeAtMillis(), r.getHospitalCode()),
                ProtoMapping::settlement);
    }

    @Override
    public void getSettlement(GetSettlementRequest r, StreamObserver<Settlement> out) {
        GrpcErrors.respond(out, () -> ledger.get(AuthInterceptor.caller(), r.getHospitalCode(), r.getSettlementId()),
                ProtoMapping::settlement);
    }

    @Override
    public void listSettlements(ListSettlementsRequest r, StreamObserver<ListSettlementsResponse> out) {
        GrpcErrors.respond(out, () -> ledger.list(AuthInterceptor.caller(), r.getHospitalCode(), r.getDate(), r.getPageSize(), r.getPageToken()),
                page -> {
                    ListSettlementsResponse.Builder b = ListSettlementsResponse.newBuilder().setNextPageToken(page.nextPageToken());
                    page.settlements().forEach(s -> b.addSettlements(ProtoMapping.settlement(s)));
                    return b.build();
                });
    }
}
