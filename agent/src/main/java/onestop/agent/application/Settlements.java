package onestop.agent.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.GetSettlementRequest;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.Visit;

/**
 * 预结算, 结算, 撤销 through the central server. A settle or reverse is idempotent by the caller's request id, which is
 * stored on this disk before the call goes out and reused for every retry (the HIS's, the cashier's double click, the
 * agent's own after a timeout): the server answers a repeat with its first answer, so nothing is paid twice. While the
 * server does not answer, settle and reverse are made provisionally ({@link OfflineSettlements}: journaled before the
 * answer, forwarded later by the {@link Forwarder} under the same request id, which stays pending until then).
 */
public final class Settlements {
    private final CentralServer server;
    private final LocalStore store;
    private final OfflineSettlements offline;
    private final Clock clock;

    public Settlements(CentralServer server, LocalStore store, OfflineSettlements offline, Clock clock) {
        this.server = server;
        this.store = store;
        this.offline = offline;
        this.clock = clock;
    }

    /** 预结算: the server's figures; while it does not answer, the same engine's from what this agent keeps (nothing written). */
    public SettlementResult preSettle(SettleRequest request) {
        try {
            return server.preSettle(request.toBuilder().clearRequestId().build());
        } catch (AgentException e) {
            if (e.code() != ResultCode.SERVER_UNREACHABLE) throw e;
            return offline.preSettle(request);
        }
    }

    public Settlement settle(SettleRequest request) {
        Settlement s = once(request.getRequestId(), "settle", sha256(request.toBuilder().clearRequestId().build().toByteArray()),
                () -> server.settle(request), unsent -> offline.settle(request, unsent));
        if (!OfflineSettlements.isProvisional(s)) { // a provisional one wrote them with its journal entry
            store.putMeta(madeHere(request));
            offline.learn(request.getIdNumber(), java.time.LocalDate.parse(s.getSettlementDate()).getYear(), s.getResult().getAfter());
        }
        return s;
    }

    public Settlement reverse(ReverseRequest request) {
        Settlement s = once(request.getRequestId(), "reverse", sha256(request.toBuilder().clearRequestId().build().toByteArray()),
                () -> server.reverse(request), unsent -> offline.reverse(request, unsent));
        if (!OfflineSettlements.isProvisional(s)) patientOf(s.getSettlementId()).ifPresent(id -> offline.learnReversal(id, s));
        return s;
    }

    /** The server's current copy when it answers (kept locally), else the copy kept here. */
    public Settlement get(String settlementId) {
        Optional<Settlement> provisional = offline.pendingWord(settlementId);
        if (provisional.isPresent()) return provisional.get(); // the server does not know it yet
        try {
            Settlement s = server.getSettlement(GetSettlementRequest.newBuilder().setSettlementId(settlementId).build());
            store.putSettlement(s);
            return s;
        } catch (AgentException e) {
            if (e.code() != ResultCode.SERVER_UNREACHABLE) throw e;
            return store.settlement(settlementId).orElseThrow(() -> e);
        }
    }

    public Optional<Settlement> local(String settlementId) {
        return store.settlement(settlementId);
    }

    /** The full ID number of a settlement made at this counter (the wire carries it masked), from the stored request. */
    public Optional<String> patientOf(String settlementId) {
        return store.meta("patient:" + settlementId);
    }

    /** The bill of a settlement made at this counter as it was sent (the wire's answer has no out-of-scope part). */
    public Optional<Visit> visitOf(String settlementId) {
        return store.meta("visit:" + settlementId).flatMap(b64 -> {
            try {
                return Optional.of(Visit.parseFrom(java.util.Base64.getDecoder().decode(b64)));
            } catch (com.google.protobuf.InvalidProtocolBufferException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private Settlement once(String requestId, String operation, String bodySha256, java.util.function.Supplier<Settlement> send,
                            java.util.function.Function<LocalStore.StoredCall, Settlement> offlineInstead) {
        Optional<LocalStore.StoredCall> prior = store.call(requestId);
        if (prior.isPresent()) {
            if (!prior.get().operation().equals(operation) || !prior.get().bodySha256().equals(bodySha256)) {
                throw new AgentException(ResultCode.REQUEST_ID_REUSED, "request_id", "request_id " + requestId
                        + " was used before for another request");
            }
            if (prior.get().answered()) return replay(prior.get());
            Optional<Settlement> journaled = offline.journaled(requestId);
            if (journaled.isPresent()) return journaled.get(); // made offline before: the same answer until the server's
        } else if (server.linkDown()) {
            // no call will go out: the request id is kept with its journal entry, one write instead of two
            return offlineInstead.apply(new LocalStore.StoredCall(requestId, operation, bodySha256, clock.millis(), null, null));
        } else {
            store.beginCall(requestId, operation, bodySha256, clock.millis());
        }
        Settlement s;
        try {
            s = send.get();
        } catch (AgentException e) {
            // pending: journaled and answered provisionally; the forwarder sends the same request id
            if (e.code() == ResultCode.SERVER_UNREACHABLE) return offlineInstead.apply(null);
            if (e.code().status() == ResultCode.Status.INVALID_ARGUMENT) {
                store.forgetCall(requestId); // malformed: the server did not keep it, neither do we
            } else {
                store.answerCall(requestId, null, e.code().name() + "|" + e.field() + "|" + e.getMessage());
            }
            throw e;
        }
        store.answered(requestId, s);
        return s;
    }

    /** What the page and statement need of a settlement made at this counter: the full ID number and the bill as sent. */
    static java.util.Map<String, String> madeHere(SettleRequest request) {
        String id = request.getVisit().getSettlementId();
        return java.util.Map.of("patient:" + id, request.getIdNumber(),
                "visit:" + id, java.util.Base64.getEncoder().encodeToString(request.getVisit().toByteArray()));
    }

    private static Settlement replay(LocalStore.StoredCall c) {
        if (c.rejection() != null) {
            String[] parts = c.rejection().split("\\|", 3);
            throw new AgentException(ResultCode.valueOf(parts[0]), parts[1], parts[2]);
        }
        try {
            return Settlement.parseFrom(c.answer());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("the stored answer to " + c.requestId() + " does not parse", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls sent but not answered by the server yet (journaled offline, or the server did not answer). */
    public int pending() {
        return store.pendingCalls();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
