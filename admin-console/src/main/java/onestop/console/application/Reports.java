package onestop.console.application;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import onestop.v1.AlertReport;
import onestop.v1.AlertReportRequest;
import onestop.v1.AlertRow;
import onestop.v1.ClearingReport;
import onestop.v1.ClearingReportRequest;
import onestop.v1.ClearingRow;
import onestop.v1.DailySummary;
import onestop.v1.Hospital;
import onestop.v1.ListDailySummariesRequest;
import onestop.v1.ListDailySummariesResponse;
import onestop.v1.ListHospitalsRequest;
import onestop.v1.ListHospitalsResponse;
import onestop.v1.OfflineDifference;
import onestop.v1.OfflineDifferencesRequest;
import onestop.v1.OfflineDifferencesResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The office's reports read whole (every page the server gives), with hospitals by name: month-end clearing per
 * hospital and fund with its totals row, the day's reconciliation, the quarter's high-cost alerts; and their CSV files
 * for Excel (UTF-8 with a BOM), whose sums are the rows' own.
 */
public final class Reports {
    /** A report has at most this many pages of the server's: a runaway paging loop ends. */
    static final int MAX_PAGES = 1000;

    private final OfficeServer server;

    public Reports(OfficeServer server) {
        this.server = server;
    }

    /** Every page of a paged list, following next_page_token. */
    static <R, T> List<T> all(Function<String, R> page, Function<R, List<T>> items, Function<R, String> next) {
        List<T> out = new ArrayList<>();
        String token = "";
        for (int i = 0; i < MAX_PAGES; i++) {
            R r = page.apply(token);
            out.addAll(items.apply(r));
            token = next.apply(r);
            if (token.isEmpty()) break;
        }
        return out;
    }

    public List<Hospital> hospitals(String token) {
        return all(t -> server.listHospitals(token, ListHospitalsRequest.newBuilder().setPageToken(t).build()),
                ListHospitalsResponse::getHospitalsList, ListHospitalsResponse::getNextPageToken);
    }

    /**
     * Hospital code → name, for the reports' rows. Names are a help, not the report: a role the server does not let
     * list hospitals gets the reports with codes only (an empty map).
     */
    public Map<String, String> hospitalNames(String token) {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (Hospital h : hospitals(token)) names.put(h.getCode(), h.getName());
        } catch (ConsoleException e) {
            if (!e.reason().equals("PERMISSION_DENIED")) throw e;
            return Map.of();
        }
        return names;
    }

    /** One clearing row in fen: what each fund owes the hospital for the month. */
    public record ClearingLine(String hospitalCode, String hospitalName, long settledCount, long totalFen, long basicFen,
                               long criticalIllnessFen, long supplementaryFen, long assistanceFen, long fundsFen,
                               long hospitalAbsorbedFen, long patientFen) {
        static ClearingLine of(ClearingRow r, String name) {
            return new ClearingLine(r.getHospitalCode(), name, r.getSettledCount(), r.getTotalFen(), r.getBasicFen(), r.getCriticalIllnessFen(),
                    r.getSupplementaryFen(), r.getAssistanceFen(),
                    r.getBasicFen() + r.getCriticalIllnessFen() + r.getSupplementaryFen() + r.getAssistanceFen(),
                    r.getHospitalAbsorbedFen(), r.getPatientFen());
        }

        ClearingLine plus(ClearingLine o) {
            return new ClearingLine("", "合计", settledCount + o.settledCount, totalFen + o.totalFen, basicFen + o.basicFen,
                    criticalIllnessFen + o.criticalIllnessFen, supplementaryFen + o.supplementaryFen, assistanceFen + o.assistanceFen,
                    fundsFen + o.fundsFen, hospitalAbsorbedFen + o.hospitalAbsorbedFen, patientFen + o.patientFen);
        }

        /** The amounts in the columns' order. */
        public List<Long> amounts() {
            return List.of(totalFen, basicFen, criticalIllnessFen, supplementaryFen, assistanceFen, fundsFen, hospitalAbsorbedFen, patientFen);
        }
    }

    /** The month's clearing: a line per hospital (by code) and their totals. */
    public record Clearing(String month, List<ClearingLine> lines, ClearingLine totals) {}

    public static final List<String> CLEARING_COLUMNS = List.of(Labels.TOTAL, Labels.BASIC, Labels.CRITICAL_ILLNESS, Labels.SUPPLEMENTARY,
            Labels.ASSISTANCE, Labels.FUNDS, Labels.HOSPITAL_ABSORBED, Labels.PATIENT);

    public Clearing clearing(String token, String month) {
        Map<String, String> names = hospitalNames(token);
        List<ClearingRow> rows = all(t -> server.clearing(token, ClearingReportRequest.newBuilder().setMonth(month).setPageToken(t).build()),
                ClearingReport::getRowsList, ClearingReport::getNextPageToken);
        List<ClearingLine> lines = rows.stream().map(r -> ClearingLine.of(r, names.getOrDefault(r.getHospitalCode(), ""))).toList();
        ClearingLine totals = new ClearingLine("", "合计", 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (ClearingLine l : lines) totals = totals.plus(l);
        return new Clearing(month, lines, totals);
    }

    /** The clearing as Excel opens it: UTF-8 with a BOM, amounts in yuan, the totals row last. */
    public static byte[] clearingCsv(Clearing c) {
        List<String> header = new ArrayList<>(List.of("月份", "医疗机构编码", "医疗机构名称", "结算笔数"));
        header.addAll(CLEARING_COLUMNS);
        List<List<String>> rows = new ArrayList<>();
        for (ClearingLine l : c.lines()) rows.add(clearingRow(c.month(), l, l.hospitalCode(), l.hospitalName()));
        rows.add(clearingRow(c.month(), c.totals(), "合计", ""));
        return csv(header, rows);
    }

    private static List<String> clearingRow(String month, ClearingLine l, String code, String name) {
        List<String> row = new ArrayList<>(List.of(month, code, name, String.valueOf(l.settledCount())));
        for (long a : l.amounts()) row.add(Yuan.of(a));
        return row;
    }

    public List<DailySummary> dailySummaries(String token, String date) {
        return all(t -> server.dailySummaries(token, ListDailySummariesRequest.newBuilder().setDate(date).setPageToken(t).build()),
                ListDailySummariesResponse::getSummariesList, ListDailySummariesResponse::getNextPageToken);
    }

    public List<OfflineDifference> offlineDifferences(String token, String date) {
        return all(t -> server.offlineDifferences(token, OfflineDifferencesRequest.newBuilder().setDate(date).setPageToken(t).build()),
                OfflineDifferencesResponse::getDifferencesList, OfflineDifferencesResponse::getNextPageToken);
    }

    public List<AlertRow> alerts(String token, String quarter) {
        return all(t -> server.alerts(token, AlertReportRequest.newBuilder().setQuarter(quarter).setPageToken(t).build()),
                AlertReport::getRowsList, AlertReport::getNextPageToken);
    }

    public static final List<String> ALERT_COLUMNS = List.of("季度", "身份证号码", "姓名", "参保地", "医疗机构编码", "医疗机构名称",
            Labels.SETTLEMENT_ID, "结算日期", "个人自付 (政策范围内外合计)");

    /** The quarter's alerts for civil affairs, as Excel opens them (full ID numbers: the file is theirs, never a log's). */
    public static byte[] alertsCsv(String quarter, List<AlertRow> rows, Map<String, String> names) {
        List<List<String>> out = new ArrayList<>();
        for (AlertRow r : rows) {
            out.add(List.of(quarter, r.getIdNumber(), r.getName(), r.getCounty(), r.getHospitalCode(), names.getOrDefault(r.getHospitalCode(), ""),
                    r.getSettlementId(), r.getSettlementDate(), Yuan.of(r.getOutOfPocketAfterFen())));
        }
        return csv(ALERT_COLUMNS, out);
    }

    /** Text that Excel would take for a formula (=, +, -, @ first, not a number) is kept as text with a leading quote. */
    static String cell(String v) {
        if (v.isEmpty() || "=+-@\t\r".indexOf(v.charAt(0)) < 0 || v.matches("-?[0-9]+(\\.[0-9]+)?")) return v;
        return "'" + v;
    }

    /** RFC 4180 with CRLF (Commons CSV), a BOM first so that Excel reads UTF-8. */
    static byte[] csv(List<String> header, List<List<String>> rows) {
        StringWriter w = new StringWriter();
        w.write('\uFEFF');
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (List<String> r : rows) p.printRecord(r.stream().map(Reports::cell).toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }
}
