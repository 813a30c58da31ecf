package onestop.agent.application;

import java.util.ArrayList;
import java.util.List;
import onestop.engine.domain.money.Money;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.Visit;

/**
 * 一单制结算单: one settlement as the patient's one bill — hospital, patient (masked ID), every fund's part with the
 * glossary's label (a supplementary tier by its own name in the policy), what the patient pays, policy and settlement
 * id. The JSON answer, the printed page and the page's pre-settlement are made from this one model, so they cannot
 * disagree.
 */
public final class Statements {
    private final Settlements settlements;
    private final HospitalInfo hospital;
    private final Eligibility eligibility;
    private final LocalPolicies policies;

    public Statements(Settlements settlements, HospitalInfo hospital, Eligibility eligibility, LocalPolicies policies) {
        this.settlements = settlements;
        this.hospital = hospital;
        this.eligibility = eligibility;
        this.policies = policies;
    }

    public record Line(String code, String label, String amount) {}

    /** @param categoryLabel the identity medical assistance used (低保对象), or "" */
    public record Statement(String title, String hospitalCode, String hospitalName, String patientName, String idNumberMasked,
                            String settlementId, String settlementDate, String status, String policyId, List<Line> lines,
                            String patientPays, long settledAtMillis, long reversedAtMillis, String reverseReason,
                            String categoryLabel, boolean provisional, long offlineMadeAtMillis, long patientOwesFen,
                            long patientIsOwedFen, String provisionalPatientPays) {}

    public Statement of(String settlementId) {
        Settlement s = settlements.get(settlementId);
        SettlementResult r = s.getResult();
        var h = hospital.current();
        String name = nameFor(s); // "" unless settled at this counter (online or provisionally)
        return new Statement(Labels.STATEMENT, s.getHospitalCode(), h.map(onestop.v1.Hospital::getName).orElse(s.getHospitalCode()), name,
                s.getIdNumberMasked(), s.getSettlementId(), s.getSettlementDate(), s.getStatus().name(), r.getPolicyId(),
                lines(r, settlements.visitOf(settlementId).orElse(null)), Money.format(r.getPatientPayFen()), s.getSettledAtMillis(),
                s.getReversedAtMillis(), s.getReverseReason(), categoryLabel(r), OfflineSettlements.isProvisional(s),
                s.getOfflineMadeAtMillis(), Math.max(0, OfflineSettlements.patientDifferenceFen(s)),
                Math.max(0, -OfflineSettlements.patientDifferenceFen(s)),
                s.hasProvisional() ? Money.format(s.getProvisional().getPatientPayFen()) : "");
    }


    /**
     * One result's lines, in the statement's order: the bill (its out-of-scope and prior self-pay parts when the bill is
     * known here), each fund, all funds, what the hospital absorbs and what the patient pays.
     */
    public List<Line> lines(SettlementResult r, Visit bill) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("total", Labels.TOTAL, Money.format(r.getTotalFen())));
        if (bill != null) {
            lines.add(new Line("out_of_scope", Labels.OUT_OF_SCOPE, Money.format(bill.getOutOfScopeFen())));
            lines.add(new Line("prior_self_pay", Labels.PRIOR_SELF_PAY, Money.format(bill.getPriorSelfPayFen())));
        }
        lines.add(new Line("compliant", Labels.COMPLIANT, Money.format(r.getCompliantFen())));
        lines.add(new Line("basic", Labels.BASIC, Money.format(r.getBasicPayFen())));
        lines.add(new Line("critical_illness", Labels.CRITICAL_ILLNESS, Money.format(r.getCiPayFen())));
        for (var t : r.getSupplementaryList()) {
            lines.add(new Line("supplementary:" + t.getTierId(), policies.tierName(r.getPolicyId(), t.getTierId()).orElse(t.getTierId()),
                    Money.format(t.getPayFen())));
        }
        lines.add(new Line("assistance", Labels.ASSISTANCE, Money.format(r.getAssistancePayFen())));
        lines.add(new Line("funds", Labels.FUNDS, Money.format(r.getFundPayFen())));
        lines.add(new Line("hospital_absorbed", Labels.HOSPITAL_ABSORBED, Money.format(r.getHospitalAbsorbedFen())));
        lines.add(new Line("patient", Labels.PATIENT, Money.format(r.getPatientPayFen())));
        return lines;
    }

    /** The identity medical assistance used, in words (a quota group's name as the policy gives it). */
    public static String categoryLabel(SettlementResult r) {
        return r.getAssistanceCategory().isEmpty() ? "" : Labels.of(Labels.CATEGORIES, r.getAssistanceCategory());
    }

    /** The name is not on the wire (only the masked number is): the agent knows it from its roster when it settled here. */
    private String nameFor(Settlement s) {
        return settlements.patientOf(s.getSettlementId()).map(eligibility::nameOf).orElse("");
    }
}
