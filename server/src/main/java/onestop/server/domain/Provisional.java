package onestop.server.domain;

import java.util.Objects;
import onestop.engine.domain.settlement.SettlementResult;

/**
 * What a counter agent computed while the server was unreachable (临时结算) for a settlement it forwarded later, kept
 * beside the authoritative settlement, with the difference between the two.
 *
 * @param offlineMadeAtMillis when the agent made it (its clock)
 * @param withSettlement      true when it came with the request that settled, so it is part of that request's first
 *                            answer; false when a repeat of the request brought it later (the online attempt had
 *                            settled and its answer was lost)
 * @param difference          authoritative − provisional
 */
public record Provisional(long offlineMadeAtMillis, SettlementResult result, boolean withSettlement, Difference difference) {

    /**
     * Authoritative − provisional, per fund and for the patient. {@code patientFen > 0}: the patient owes the hospital
     * that much (应补); {@code < 0}: the hospital owes the patient (应退).
     */
    public record Difference(long basicFen, long criticalIllnessFen, long supplementaryFen, long assistanceFen,
                             long hospitalAbsorbedFen, long patientFen) {

        public static Difference between(SettlementResult authoritative, SettlementResult provisional) {
            return new Difference(authoritative.basicPayFen() - provisional.basicPayFen(),
                    authoritative.ciPayFen() - provisional.ciPayFen(),
                    authoritative.supplementaryTotalFen() - provisional.supplementaryTotalFen(),
                    authoritative.assistancePayFen() - provisional.assistancePayFen(),
                    authoritative.hospitalAbsorbedFen() - provisional.hospitalAbsorbedFen(),
                    authoritative.patientPayFen() - provisional.patientPayFen());
        }

        /** Whether any fund or the patient pays another amount than the agent said. */
        public boolean any() {
            return basicFen != 0 || criticalIllnessFen != 0 || supplementaryFen != 0 || assistanceFen != 0
                    || hospitalAbsorbedFen != 0 || patientFen != 0;
        }
    }

    public Provisional {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(difference, "difference");
        if (offlineMadeAtMillis <= 0) throw new IllegalArgumentException("a provisional settlement needs the time it was made");
    }

    /** The provisional result beside the authoritative one, their difference computed. */
    public static Provisional of(long offlineMadeAtMillis, SettlementResult provisional, boolean withSettlement,
                                 SettlementResult authoritative) {
        return new Provisional(offlineMadeAtMillis, provisional, withSettlement, Difference.between(authoritative, provisional));
    }

    public boolean differs() {
        return difference.any();
    }
}
