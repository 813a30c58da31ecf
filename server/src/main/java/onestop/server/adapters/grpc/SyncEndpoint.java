package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.engine.domain.Outcome;
import onestop.server.application.sync.RosterSync;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SyncServiceGrpc;

/** onestop.v1.SyncService over {@link RosterSync}. */
@Singleton
public final class SyncEndpoint extends SyncServiceGrpc.SyncServiceImplBase {
    private final RosterSync sync;

    public SyncEndpoint(RosterSync sync) {
        this.sync = sync;
    }

    @Override
    public void getPolicySnapshot(PolicySnapshotRequest r, StreamObserver<PolicySnapshot> out) {
        GrpcErrors.respond(out, () -> sync.policies(AuthInterceptor.caller(), r.getRegion(), r.getPageToken()), page -> {
            PolicySnapshot.Builder b = PolicySnapshot.newBuilder().setNextPageToken(page.nextPageToken());
            page.items().forEach(d -> b.addPolicies(ProtoMapping.policy(d)));
            return b.build();
        });
    }

    @Override
    public void streamRoster(RosterRequest r, StreamObserver<RosterDelta> out) {
        try {
            Outcome<RosterSync.RosterQuery> q = sync.query(AuthInterceptor.caller(), r.getArea(), r.getSinceVersion(), r.getMaxPersons());
            if (!q.isOk()) {
                out.onError(GrpcErrors.toException(q.rejection()));
                return;
            }
            sync.stream(q.value(), p -> out.onNext(RosterDelta.newBuilder().setVersion(p.rosterVersion())
                    .setPerson(ProtoMapping.person(p)).build()));
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.failure(e));
            return;
        }
        out.onCompleted();
    }
}
