package onestop.server.application;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.Caller;
import onestop.server.domain.StoredRequest;

/**
 * An office change run once per request id: a repeat with the same body answers the first answer (a success replayed
 * from what it refers to, or the same business rejection); another body is REQUEST_ID_REUSED. A malformed request
 * (INVALID_ARGUMENT) is answered but not remembered. The change, its audit line and the remembered answer commit together.
 */
public final class OncePerRequest {
    private final Store store;
    private final Clock clock;

    public OncePerRequest(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param hash   the request's identity (operation and body, canonical)
     * @param replay the first success rebuilt from its reference
     * @param ref    what a success refers to, kept to replay it
     */
    public <T> Outcome<T> run(Caller caller, String requestId, String operation, String hash, Function<StoreTx, Outcome<T>> change,
                              BiFunction<StoreTx, String, T> replay, Function<T, String> ref) {
        Rejection bad = Checks.requestId("request_id", requestId);
        if (bad != null) return Outcome.rejected(bad);
        return store.write(tx -> {
            Optional<StoredRequest> prior = tx.request(caller.requestScope(), requestId);
            if (prior.isPresent()) {
                if (!prior.get().operation().equals(operation) || !prior.get().bodySha256().equals(hash)) {
                    return Outcome.rejected(ResultCode.REQUEST_ID_REUSED, "request_id", "request_id " + requestId + " was used before for another request");
                }
                if (prior.get().rejection() != null) return Outcome.rejected(prior.get().rejection());
                return Outcome.ok(replay.apply(tx, prior.get().resultRef()));
            }
            Outcome<T> result = change.apply(tx);
            long now = clock.millis();
            if (result.isOk()) {
                tx.insertRequest(new StoredRequest(caller.requestScope(), requestId, operation, hash, null, ref.apply(result.value()), now));
            } else if (result.rejection().code().status() != ResultCode.Status.INVALID_ARGUMENT) {
                tx.insertRequest(new StoredRequest(caller.requestScope(), requestId, operation, hash, result.rejection(), null, now));
            }
            return result;
        });
    }
}
