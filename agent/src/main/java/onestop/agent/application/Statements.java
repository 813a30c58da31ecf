package onestop.agent.application;

import java.util.ArrayList;
import java.util.List;
import onestop.engine.domain.money.Money;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;

/**
 * 一单制结算单: one settlement as the patient's one bill — hospital, patient (masked ID), every fund's part with the
 * glossary's label, what the patient pays, policy and settlement id. The JSON answer and the printed page are made
 * from this one model, so they cannot disagree.
 */
public final class Statements {
    private final Settlements settlements;
    private final HospitalInfo hospital;
    private final Eligibility eligibility;

    public Statements(Settlements settlements, HospitalInfo hospital, Eligibility eligibility) {
        this.settlements = settlements;
        this.hospital = hospital;
        this.eligibility = eligibility;
    }

    public record Line(String code, String label, String amount) {}

    public record Statement(String title, String hospitalCode, String hospitalName, String patientName, String idNumberMasked,
                            String settlementId, String settlementDate, String status, String policyId, List<Line> lines,
                            String patientPays, long settledAtMillis, long reversedAtMillis, String reverseReason) {}

    public Statement of(String settlementId) {
        Settlement s = settlements.get(settlementId);
        SettlementResult r = s.getResult();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("total", Labels.TOTAL, Money.format(r.getTotalFen())));
        lines.add(new Line("compliant", Labels.COMPLIANT, Money.format(r.getCompliantFen())));
        lines.add(new Line("basic", Labels.BASIC, Money.format(r.getBasicPayFen())));
        lines.add(new Line("critical_illness", Labels.CRITICAL_ILLNESS, Money.format(r.getCiPayFen())));
        for (var t : r.getSupplementaryList()) lines.add(new Line("supplementary:" + t.getTierId(), t.getTierId(), Money.format(t.getPayFen())));
        lines.add(new Line("assistance", Labels.ASSISTANCE, Money.format(r.getAssistancePayFen())));
        lines.add(new Line("funds", Labels.FUNDS, Money.format(r.getFundPayFen())));
        if (r.getHospitalAbsorbedFen() != 0) lines.add(new Line("hospital_absorbed", Labels.HOSPITAL_ABSORBED, Money.format(r.getHospitalAbsorbedFen())));
        lines.add(new Line("patient", Labels.PATIENT, Money.format(r.getPatientPayFen())));
        var h = hospital.current();
        String name = settlements.local(settlementId).isPresent() ? nameFor(s) : "";
        return new Statement(Labels.STATEMENT, s.getHospitalCode(), h.map(onestop.v1.Hospital::getName).orElse(s.getHospitalCode()), name,
                s.getIdNumberMasked(), s.getSettlementId(), s.getSettlementDate(), s.getStatus().name(), r.getPolicyId(), lines,
                Money.format(r.getPatientPayFen()), s.getSettledAtMillis(), s.getReversedAtMillis(), s.getReverseReason());
    }

    /** The name is not on the wire (only the masked number is): the agent knows it from its roster when it settled here. */
    private String nameFor(Settlement s) {
        return settlements.patientOf(s.getSettlementId()).map(eligibility::nameOf).orElse("");
    }
}
