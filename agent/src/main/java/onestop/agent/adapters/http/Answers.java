package onestop.agent.adapters.http;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.agent.application.OfflineSettlements;
import onestop.agent.application.CentralServer;
import onestop.agent.application.Eligibility;
import onestop.agent.application.Labels;
import onestop.agent.application.RosterSyncer;
import onestop.agent.cards.CardRead;
import onestop.engine.domain.IdNumber;
import onestop.agent.application.Statements;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.money.Money;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;

/**
 * The JSON of the local API, built in one place: amounts as decimal strings ("123.45"), codes with their Chinese
 * labels, and on every answer how the link to the server stands ({@code "server": "online" | "unreachable"}, the last
 * successful call and the last sync).
 */
@jakarta.inject.Singleton
public final class Answers {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private final CentralServer server;
    private final RosterSyncer syncer;

    Answers(CentralServer server, RosterSyncer syncer) {
        this.server = server;
        this.syncer = syncer;
    }

    /** A new answer with the link fields first. */
    public Map<String, Object> answer() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server.reachable() ? "online" : "unreachable");
        m.put("server_contact_at", contactAt.format(server.lastContactMillis()));
        m.put("synced_at", syncedAt.format(syncer.lastSyncMillis()));
        return m;
    }

    private final LastTime contactAt = new LastTime();
    private final LastTime syncedAt = new LastTime();

    /** {@link #time} of the instant asked last, kept: every answer shows the same two instants until they change. */
    private static final class LastTime {
        private record Formatted(long millis, String text) {}

        private volatile Formatted last = new Formatted(0, "");

        String format(long millis) {
            Formatted f = last;
            if (f.millis() != millis) last = f = new Formatted(millis, time(millis));
            return f.text();
        }
    }

    public static String time(long millis) {
        return millis <= 0 ? "" : TIME.format(Instant.ofEpochMilli(millis));
    }

    public static String yuan(long fen) {
        return Money.format(fen);
    }

    static Map<String, Object> result(SettlementResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settlement_id", r.getSettlementId());
        m.put("policy_id", r.getPolicyId());
        m.put("mode", r.getMode().name());
        m.put("total", yuan(r.getTotalFen()));
        m.put("compliant", yuan(r.getCompliantFen()));
        m.put("basic", yuan(r.getBasicPayFen()));
        m.put("critical_illness", yuan(r.getCiPayFen()));
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (var t : r.getSupplementaryList()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("tier", t.getTierId());
            tier.put("paid", yuan(t.getPayFen()));
            tiers.add(tier);
        }
        m.put("supplementary", tiers);
        m.put("assistance", yuan(r.getAssistancePayFen()));
        m.put("assistance_category", r.getAssistanceCategory());
        m.put("assistance_category_label", onestop.agent.application.Statements.categoryLabel(r));
        m.put("funds", yuan(r.getFundPayFen()));
        m.put("hospital_absorbed", yuan(r.getHospitalAbsorbedFen()));
        m.put("patient", yuan(r.getPatientPayFen()));
        m.put("alert", r.getAlert());
        return m;
    }

    /** A document read or typed at the counter: the full number for the HIS, the masked one for screens and logs. */
    static Map<String, Object> card(CardRead r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("document", r.document().name());
        m.put("document_label", Labels.of(Labels.DOCUMENTS, r.document().name()));
        m.put("id_number", r.idNumber());
        m.put("id_number_masked", IdNumber.mask(r.idNumber()));
        m.put("name", r.name());
        m.put("source", r.source());
        return m;
    }

    /** 免押金 / 先诊疗后付费 with the glossary's words for each answer and reason. */
    public static Map<String, Object> decision(Eligibility.Answer a) {
        EligibilityDecision d = a.decision();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deposit_waiver", d.depositWaiver());
        m.put("deposit_waiver_label", d.depositWaiver() ? Labels.DEPOSIT_WAIVED : Labels.DEPOSIT_REQUIRED);
        m.put("pay_after_treatment", d.payAfterTreatment());
        m.put("pay_after_treatment_label", d.payAfterTreatment() ? Labels.PAY_AFTER : Labels.NO_PAY_AFTER);
        m.put("category", d.category() == null ? "" : d.category().name());
        m.put("category_label", d.category() == null ? "" : Labels.of(Labels.CATEGORIES, d.category().name()));
        List<Map<String, String>> reasons = new ArrayList<>();
        d.reasons().forEach(r -> reasons.add(Map.of("code", r.name(), "label", Labels.of(Labels.REASONS, r.name()))));
        m.put("reasons", reasons);
        m.put("policy_id", a.policyId());
        m.put("source", a.source());
        return m;
    }

    /** 一单制结算单 for the HIS and the cashier page alike. */
    public static Map<String, Object> statement(Statements.Statement st) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", st.title());
        body.put("hospital_code", st.hospitalCode());
        body.put("hospital_name", st.hospitalName());
        body.put("patient_name", st.patientName());
        body.put("id_number_masked", st.idNumberMasked());
        body.put("settlement_id", st.settlementId());
        body.put("settlement_date", st.settlementDate());
        body.put("status", st.status());
        body.put("policy_id", st.policyId());
        body.put("lines", lines(st.lines()));
        body.put("patient_pays", st.patientPays());
        body.put("settled_at", time(st.settledAtMillis()));
        body.put("reversed_at", time(st.reversedAtMillis()));
        body.put("reverse_reason", st.reverseReason());
        body.put("assistance_category_label", st.categoryLabel());
        body.put("provisional", st.provisional());
        body.put("offline_made_at", time(st.offlineMadeAtMillis()));
        body.put("provisional_patient_pays", st.provisionalPatientPays());
        body.put("patient_owes", Money.format(st.patientOwesFen()));        // 应补
        body.put("patient_is_owed", Money.format(st.patientIsOwedFen()));  // 应退
        return body;
    }

    public static List<Map<String, String>> lines(List<Statements.Line> lines) {
        List<Map<String, String>> out = new ArrayList<>();
        lines.forEach(l -> out.add(Map.of("code", l.code(), "label", l.label(), "amount", l.amount())));
        return out;
    }

    static Map<String, Object> settlement(Settlement s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settlement_id", s.getSettlementId());
        m.put("hospital_code", s.getHospitalCode());
        m.put("id_number_masked", s.getIdNumberMasked());
        m.put("status", s.getStatus().name());
        m.put("settlement_date", s.getSettlementDate());
        m.put("settled_at", time(s.getSettledAtMillis()));
        m.put("reversed_at", time(s.getReversedAtMillis()));
        m.put("reverse_reason", s.getReverseReason());
        m.put("result", result(s.getResult()));
        // 临时结算: made offline, not confirmed by the server yet; once confirmed, what the patient owes or is owed
        m.put("provisional", OfflineSettlements.isProvisional(s));
        m.put("offline_made_at", time(s.getOfflineMadeAtMillis()));
        if (s.hasProvisional()) {
            long patientDiffFen = OfflineSettlements.patientDifferenceFen(s);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("provisional_patient_pay", yuan(s.getProvisional().getPatientPayFen()));
            d.put("patient_owes", yuan(Math.max(0, patientDiffFen)));      // 应补
            d.put("patient_is_owed", yuan(Math.max(0, -patientDiffFen)));  // 应退
            m.put("offline_difference", d);
        }
        return m;
    }
}
