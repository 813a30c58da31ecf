package onestop.console.adapters.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Labels;
import onestop.console.application.Yuan;
import onestop.v1.Accumulators;
import onestop.v1.FundFigures;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.SupplementaryPayment;

/** The wire's messages as the templates read them: money through {@link Yuan}, instants in China's time, codes in words. */
final class Views {
    private Views() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(Pages.CHINA);

    static String time(long millis) {
        return millis <= 0 ? "" : TIME.format(Instant.ofEpochMilli(millis));
    }

    static Map<String, Object> figures(FundFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settled", f.getSettledCount());
        m.put("reversed", f.getReversedCount());
        m.put("total", Yuan.of(f.getTotalFen()));
        m.put("basic", Yuan.of(f.getBasicFen()));
        m.put("critical_illness", Yuan.of(f.getCriticalIllnessFen()));
        m.put("supplementary", Yuan.of(f.getSupplementaryFen()));
        m.put("assistance", Yuan.of(f.getAssistanceFen()));
        m.put("funds", Yuan.of(f.getBasicFen() + f.getCriticalIllnessFen() + f.getSupplementaryFen() + f.getAssistanceFen()));
        m.put("hospital_absorbed", Yuan.of(f.getHospitalAbsorbedFen()));
        m.put("patient", Yuan.of(f.getPatientFen()));
        return m;
    }

    /** A statement or tried bill's lines in the statement's order: {code, label, amount}; a tier by its name in {@code tiers}. */
    static List<Map<String, String>> lines(SettlementResult r, Map<String, String> tiers) {
        List<Map<String, String>> lines = new ArrayList<>();
        lines.add(line("total", Labels.TOTAL, r.getTotalFen()));
        lines.add(line("compliant", Labels.COMPLIANT, r.getCompliantFen()));
        lines.add(line("basic", Labels.BASIC, r.getBasicPayFen()));
        lines.add(line("critical_illness", Labels.CRITICAL_ILLNESS, r.getCiPayFen()));
        for (SupplementaryPayment t : r.getSupplementaryList()) {
            String name = tiers.get(t.getTierId());
            lines.add(line("supplementary-" + t.getTierId(), name != null ? name : Labels.SUPPLEMENTARY + " (" + t.getTierId() + ")", t.getPayFen()));
        }
        lines.add(line("assistance", Labels.ASSISTANCE, r.getAssistancePayFen()));
        lines.add(line("funds", Labels.FUNDS, r.getFundPayFen()));
        lines.add(line("hospital_absorbed", Labels.HOSPITAL_ABSORBED, r.getHospitalAbsorbedFen()));
        lines.add(line("patient", Labels.PATIENT, r.getPatientPayFen()));
        return lines;
    }

    private static Map<String, String> line(String code, String label, long fen) {
        return Map.of("code", code, "label", label, "amount", Yuan.of(fen));
    }

    /** The year's accumulators (年度累计) after a bill: {label, amount} rows, supplementary tiers by id. */
    static List<Map<String, String>> accumulators(Accumulators a, Map<String, String> tiers) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(Map.of("label", "基本医保统筹已支付 (住院)", "amount", Yuan.of(a.getBasicPaidInpatientFen())));
        rows.add(Map.of("label", "基本医保统筹已支付 (门诊)", "amount", Yuan.of(a.getBasicPaidOutpatientFen())));
        rows.add(Map.of("label", "大病保险累计起付基数", "amount", Yuan.of(a.getCiBaseFen())));
        rows.add(Map.of("label", "大病保险已支付", "amount", Yuan.of(a.getCiPaidFen())));
        a.getSupplementaryMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = tiers.getOrDefault(e.getKey(), "补充医疗保险 (" + e.getKey() + ")");
            rows.add(Map.of("label", name + "累计基数", "amount", Yuan.of(e.getValue().getBaseFen())));
            rows.add(Map.of("label", name + "已支付", "amount", Yuan.of(e.getValue().getPaidFen())));
        });
        rows.add(Map.of("label", "医疗救助累计基数", "amount", Yuan.of(a.getAssistanceBaseFen())));
        rows.add(Map.of("label", "医疗救助已支付", "amount", Yuan.of(a.getAssistancePaidFen())));
        rows.add(Map.of("label", "单病种医疗救助已支付", "amount", Yuan.of(a.getQuotaAssistancePaidFen())));
        rows.add(Map.of("label", "个人累计自付", "amount", Yuan.of(a.getOutOfPocketFen())));
        rows.add(Map.of("label", "住院次数", "amount", String.valueOf(a.getAdmissions())));
        return rows;
    }

    /** A settlement as a row of the search and as the statement's header. */
    static Map<String, Object> settlement(Settlement s) {
        Map<String, Object> m = new LinkedHashMap<>();
        SettlementResult r = s.getResult();
        m.put("hospital_code", s.getHospitalCode());
        m.put("settlement_id", s.getSettlementId());
        m.put("masked", s.getIdNumberMasked());
        m.put("status", s.getStatus().name());
        m.put("status_label", Labels.of(Labels.STATUSES, s.getStatus().name()));
        m.put("date", s.getSettlementDate());
        m.put("settled_at", time(s.getSettledAtMillis()));
        m.put("reversed_at", time(s.getReversedAtMillis()));
        m.put("reverse_reason", s.getReverseReason());
        m.put("policy_id", r.getPolicyId());
        m.put("total", Yuan.of(r.getTotalFen()));
        m.put("funds", Yuan.of(r.getFundPayFen()));
        m.put("patient", Yuan.of(r.getPatientPayFen()));
        m.put("category", r.getAssistanceCategory().isEmpty() ? "无" : Labels.of(Labels.CATEGORIES, r.getAssistanceCategory()));
        m.put("offline", s.getOfflineMadeAtMillis() > 0);
        m.put("offline_made_at", time(s.getOfflineMadeAtMillis()));
        if (s.hasProvisional()) {
            long diff = r.getPatientPayFen() - s.getProvisional().getPatientPayFen();
            m.put("provisional_patient", Yuan.of(s.getProvisional().getPatientPayFen()));
            m.put("owes", Yuan.of(Math.max(0, diff)));
            m.put("owed", Yuan.of(Math.max(0, -diff)));
        }
        return m;
    }
}
