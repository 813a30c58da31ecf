package onestop.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;

/**
 * The engine's settlement values as onestop.v1 messages and back: one mapping for the server (its answers) and the
 * counter agent (its provisional settlements and the accumulators it keeps from the server's answers), so the two
 * can never describe the same result differently. No decisions here.
 */
public final class EngineMessages {
    private EngineMessages() {}

    public static onestop.v1.Accumulators accumulators(Accumulators a) {
        onestop.v1.Accumulators.Builder b = onestop.v1.Accumulators.newBuilder()
                .setBasicPaidInpatientFen(a.basicPaidInpatientFen())
                .setBasicPaidOutpatientFen(a.basicPaidOutpatientFen())
                .setCiBaseFen(a.ciBaseFen())
                .setCiPaidFen(a.ciPaidFen())
                .setAssistanceBaseFen(a.assistanceBaseFen())
                .setAssistancePaidFen(a.assistancePaidFen())
                .setQuotaAssistancePaidFen(a.quotaAssistancePaidFen())
                .setOutOfPocketFen(a.outOfPocketFen())
                .setAdmissions(a.admissions());
        for (Map.Entry<String, TierTotals> e : a.supplementary().entrySet()) {
            b.putSupplementary(e.getKey(), onestop.v1.TierTotals.newBuilder()
                    .setBaseFen(e.getValue().baseFen()).setPaidFen(e.getValue().paidFen()).build());
        }
        return b.build();
    }

    /** The message's accumulators as the engine's (tiers in the message's order). */
    public static Accumulators accumulators(onestop.v1.Accumulators a) {
        Map<String, TierTotals> tiers = new LinkedHashMap<>();
        for (Map.Entry<String, onestop.v1.TierTotals> e : a.getSupplementaryMap().entrySet()) {
            tiers.put(e.getKey(), new TierTotals(e.getValue().getBaseFen(), e.getValue().getPaidFen()));
        }
        return new Accumulators(a.getBasicPaidInpatientFen(), a.getBasicPaidOutpatientFen(), a.getCiBaseFen(), a.getCiPaidFen(),
                tiers, a.getAssistanceBaseFen(), a.getAssistancePaidFen(), a.getQuotaAssistancePaidFen(), a.getOutOfPocketFen(),
                a.getAdmissions());
    }

    public static onestop.v1.SettlementResult result(SettlementResult r) {
        onestop.v1.SettlementResult.Builder b = onestop.v1.SettlementResult.newBuilder()
                .setSettlementId(r.visitId())
                .setPolicyId(r.policyId())
                .setMode(onestop.v1.SettlementMode.valueOf(r.mode().name()))
                .setTotalFen(r.totalFen())
                .setCompliantFen(r.compliantFen())
                .setBasicPayFen(r.basicPayFen())
                .setCiPayFen(r.ciPayFen())
                .setAssistancePayFen(r.assistancePayFen())
                .setAssistanceCategory(r.assistanceCategory() == null ? "" : r.assistanceCategory())
                .setFundPayFen(r.fundPayFen())
                .setHospitalAbsorbedFen(r.hospitalAbsorbedFen())
                .setPatientPayFen(r.patientPayFen())
                .setAlert(r.alert())
                .setDelta(accumulators(r.delta()))
                .setAfter(accumulators(r.after()));
        for (Map.Entry<String, Long> e : r.supplementaryPayFen().entrySet()) {
            b.addSupplementary(onestop.v1.SupplementaryPayment.newBuilder().setTierId(e.getKey()).setPayFen(e.getValue()));
        }
        return b.build();
    }

    /**
     * The message as the engine's result; its constructor checks every invariant (parts sum to the total, nothing
     * negative), so a result that does not add up is refused here with {@link IllegalArgumentException}.
     */
    public static SettlementResult result(onestop.v1.SettlementResult r) {
        Map<String, Long> tiers = new LinkedHashMap<>();
        for (onestop.v1.SupplementaryPayment p : r.getSupplementaryList()) tiers.put(p.getTierId(), p.getPayFen());
        return new SettlementResult(r.getSettlementId(), r.getPolicyId(), Mode.valueOf(r.getMode().name()), r.getTotalFen(),
                r.getCompliantFen(), r.getBasicPayFen(), r.getCiPayFen(), tiers, r.getAssistancePayFen(),
                r.getAssistanceCategory().isEmpty() ? null : r.getAssistanceCategory(), r.getFundPayFen(), r.getHospitalAbsorbedFen(),
                r.getPatientPayFen(), r.getAlert(), accumulators(r.getDelta()), accumulators(r.getAfter()));
    }
}
