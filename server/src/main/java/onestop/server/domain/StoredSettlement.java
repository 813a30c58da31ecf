package onestop.server.domain;

import java.time.LocalDate;
import java.util.Objects;
import onestop.engine.domain.Visit;
import onestop.engine.domain.settlement.SettlementResult;

/**
 * A committed settlement: the visit as settled, what the engine paid (with the accumulator delta a
 * reversal takes off) and its life on the server. {@code yearSeq} and {@code reversedSeq} place the
 * settlement and its reversal among all changes of the person-year (the accumulators' version after
 * each), so the commit order is known exactly. {@code provisional} is what an agent computed offline for it, when
 * one was forwarded (null otherwise).
 */
public record StoredSettlement(
        String hospitalCode,
        String requestId,
        String idNumber,
        Visit visit,
        String policySha256,
        SettlementResult result,
        Status status,
        long settledAtMillis,
        long reversedAtMillis,
        String reverseReason,
        long offlineMadeAtMillis,
        long yearSeq,
        long reversedSeq,
        Provisional provisional) {

    public enum Status { SETTLED, REVERSED }

    public StoredSettlement {
        Objects.requireNonNull(hospitalCode);
        Objects.requireNonNull(requestId);
        Objects.requireNonNull(idNumber);
        Objects.requireNonNull(visit);
        Objects.requireNonNull(policySha256);
        Objects.requireNonNull(result);
        Objects.requireNonNull(status);
        reverseReason = reverseReason == null ? "" : reverseReason;
        if (!visit.id().equals(result.visitId())) throw new IllegalArgumentException("result of another visit");
        if (provisional != null) {
            if (!visit.id().equals(provisional.result().visitId()) || provisional.result().totalFen() != result.totalFen()) {
                throw new IllegalArgumentException("provisional result of another visit");
            }
            if (!provisional.difference().equals(Provisional.Difference.between(result, provisional.result()))) {
                throw new IllegalArgumentException("provisional difference is not authoritative − provisional");
            }
        }
    }

    public String settlementId() {
        return visit.id();
    }

    public LocalDate date() {
        return visit.date();
    }

    public int insuranceYear() {
        return visit.date().getYear();
    }

    public StoredSettlement reversed(long atMillis, String reason, long seq) {
        return new StoredSettlement(hospitalCode, requestId, idNumber, visit, policySha256, result, Status.REVERSED,
                settledAtMillis, atMillis, reason, offlineMadeAtMillis, yearSeq, seq, provisional);
    }

    /** As it was first answered: settled, before any reversal, and without a provisional result recorded later. */
    public StoredSettlement asSettled() {
        return new StoredSettlement(hospitalCode, requestId, idNumber, visit, policySha256, result, Status.SETTLED,
                settledAtMillis, 0, "", offlineMadeAtMillis, yearSeq, 0,
                provisional != null && provisional.withSettlement() ? provisional : null);
    }

    public StoredSettlement withProvisional(Provisional p) {
        return new StoredSettlement(hospitalCode, requestId, idNumber, visit, policySha256, result, status, settledAtMillis,
                reversedAtMillis, reverseReason, offlineMadeAtMillis, yearSeq, reversedSeq, p);
    }
}
