package onestop.console.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Checks;
import onestop.console.application.ConsoleException;
import onestop.console.application.Labels;
import onestop.console.application.OfficeServer;
import onestop.console.application.Reports;
import onestop.console.application.Session;
import onestop.console.application.Yuan;
import onestop.v1.AlertRow;
import onestop.v1.AuditEntry;
import onestop.v1.DailySummary;
import onestop.v1.ListAuditRequest;
import onestop.v1.ListAuditResponse;
import onestop.v1.OfflineDifference;

/**
 * The office's reports: 清算 (month × hospital × fund, a totals row, and its CSV), 对账 (per hospital for a day, and
 * the offline settlements whose confirmed result differs), 高额费用预警 (per quarter, and the CSV for civil affairs),
 * 审计日志 (by actor, action and dates). Printable: the print style leaves the report alone on the page.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReportPages {
    private final Pages pages;
    private final OfficeServer server;
    private final Reports reports;

    ReportPages(Pages pages, OfficeServer server, Reports reports) {
        this.pages = pages;
        this.server = server;
        this.reports = reports;
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1] == null ? "" : kv[i + 1].strip());
        return m;
    }

    private static Map<String, Object> clearingRow(Reports.ClearingLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", l.hospitalCode());
        m.put("name", l.hospitalName());
        m.put("count", l.settledCount());
        m.put("amounts", l.amounts().stream().map(Yuan::of).toList());
        return m;
    }

    @Get(uri = "/clearing", produces = MediaType.TEXT_HTML)
    HttpResponse<?> clearing(HttpRequest<?> request, @QueryValue @Nullable String month) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/clearing");
        Map<String, String> f = form("month", month == null ? YearMonth.from(pages.today()).minusMonths(1).toString() : month);
        m.put("form", f);
        m.put("columns", Reports.CLEARING_COLUMNS);
        try {
            String mo = new Checks(f).month("month", "清算月份");
            Reports.Clearing c = reports.clearing(s.token(), mo);
            m.put("month", mo);
            m.put("rows", c.lines().stream().map(ReportPages::clearingRow).toList());
            m.put("totals", clearingRow(c.totals()));
            return pages.ok("clearing", m);
        } catch (ConsoleException e) {
            return pages.rejected("clearing", m, e, Map.of());
        }
    }

    private static HttpResponse<?> csv(String fileName, byte[] body) {
        return HttpResponse.ok(body).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    /** The same rows and totals as the page, as Excel opens them: UTF-8 with a BOM. */
    @Get(uri = "/clearing.csv")
    HttpResponse<?> clearingCsv(HttpRequest<?> request, @QueryValue @Nullable String month) {
        Session s = Pages.session(request);
        String mo = new Checks(form("month", month)).month("month", "清算月份");
        return csv("clearing-" + mo + ".csv", Reports.clearingCsv(reports.clearing(s.token(), mo)));
    }

    @Get(uri = "/reconciliation", produces = MediaType.TEXT_HTML)
    HttpResponse<?> reconciliation(HttpRequest<?> request, @QueryValue @Nullable String date) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/reconciliation");
        Map<String, String> f = form("date", date == null ? pages.today().minusDays(1).toString() : date);
        m.put("form", f);
        try {
            String d = new Checks(f).date("date", "结算日期", true);
            Map<String, String> names = reports.hospitalNames(s.token());
            m.put("summaries", reports.dailySummaries(s.token(), d).stream().map(x -> summary(x, names)).toList());
            m.put("differences", reports.offlineDifferences(s.token(), d).stream().map(ReportPages::difference).toList());
            return pages.ok("reconciliation", m);
        } catch (ConsoleException e) {
            m.put("summaries", List.of());
            m.put("differences", List.of());
            return pages.rejected("reconciliation", m, e, Map.of());
        }
    }

    private static Map<String, Object> summary(DailySummary x, Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", x.getHospitalCode());
        m.put("name", names.getOrDefault(x.getHospitalCode(), ""));
        m.put("settled", x.getSettledCount());
        m.put("reversed", x.getReversedCount());
        m.put("amounts", List.of(x.getTotalFen(), x.getBasicFen(), x.getCriticalIllnessFen(), x.getSupplementaryFen(), x.getAssistanceFen(),
                x.getFundFen(), x.getHospitalAbsorbedFen(), x.getPatientFen()).stream().map(Yuan::of).toList());
        m.put("offline", x.getOfflineCount());
        m.put("offline_differing", x.getOfflineDifferingCount());
        m.put("owes", Yuan.of(x.getOfflinePatientOwesFen()));
        m.put("owed", Yuan.of(x.getOfflinePatientOwedFen()));
        return m;
    }

    private static Map<String, Object> difference(OfflineDifference d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", d.getHospitalCode());
        m.put("settlement_id", d.getSettlementId());
        m.put("masked", d.getIdNumberMasked());
        m.put("offline_at", Views.time(d.getOfflineMadeAtMillis()));
        m.put("settled_at", Views.time(d.getSettledAtMillis()));
        m.put("amounts", List.of(d.getBasicFen(), d.getCriticalIllnessFen(), d.getSupplementaryFen(), d.getAssistanceFen(), d.getHospitalAbsorbedFen())
                .stream().map(Yuan::of).toList());
        m.put("patient", d.getPatientFen() > 0 ? Labels.OWES + " " + Yuan.of(d.getPatientFen())
                : d.getPatientFen() < 0 ? Labels.OWED + " " + Yuan.of(-d.getPatientFen()) : "无差额");
        return m;
    }

    private static String quarterOf(java.time.LocalDate d) {
        return d.getYear() + "-Q" + ((d.getMonthValue() - 1) / 3 + 1);
    }

    @Get(uri = "/alerts", produces = MediaType.TEXT_HTML)
    HttpResponse<?> alerts(HttpRequest<?> request, @QueryValue @Nullable String quarter) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/alerts");
        Map<String, String> f = form("quarter", quarter == null ? quarterOf(pages.today()) : quarter);
        m.put("form", f);
        try {
            String q = new Checks(f).quarter("quarter", "季度");
            Map<String, String> names = reports.hospitalNames(s.token());
            List<AlertRow> rows = reports.alerts(s.token(), q);
            m.put("quarter", q);
            m.put("rows", rows.stream().map(r -> Map.of("id_number", r.getIdNumber(), "name", r.getName(), "county", r.getCounty(),
                    "hospital", r.getHospitalCode() + " " + names.getOrDefault(r.getHospitalCode(), ""), "settlement_id", r.getSettlementId(),
                    "date", r.getSettlementDate(), "amount", Yuan.of(r.getOutOfPocketAfterFen()))).toList());
            return pages.ok("alerts", m);
        } catch (ConsoleException e) {
            m.put("rows", List.of());
            return pages.rejected("alerts", m, e, Map.of());
        }
    }

    @Get(uri = "/alerts.csv")
    HttpResponse<?> alertsCsv(HttpRequest<?> request, @QueryValue @Nullable String quarter) {
        Session s = Pages.session(request);
        String q = new Checks(form("quarter", quarter)).quarter("quarter", "季度");
        return csv("alerts-" + q + ".csv", Reports.alertsCsv(q, reports.alerts(s.token(), q), reports.hospitalNames(s.token())));
    }

    @Get(uri = "/audit", produces = MediaType.TEXT_HTML)
    HttpResponse<?> audit(HttpRequest<?> request, @QueryValue @Nullable String actor, @QueryValue @Nullable String action,
                          @QueryValue @Nullable String from, @QueryValue @Nullable String to, @QueryValue("page_token") @Nullable String pageToken) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/audit");
        Map<String, String> f = form("actor", actor, "action", action, "from", from, "to", to);
        m.put("form", f);
        m.put("entries", List.of());
        try {
            Checks c = new Checks(f);
            String a = c.text("actor", "操作人", false, 64);
            String ac = c.text("action", "操作", false, 64);
            String fr = c.date("from", "开始日期", false);
            String t = c.date("to", "结束日期", false);
            Checks.range(fr, t, "to", 3660);
            ListAuditResponse r = server.audit(s.token(), ListAuditRequest.newBuilder().setActor(a).setAction(ac).setFromDate(fr).setToDate(t)
                    .setPageSize(100).setPageToken(pageToken == null ? "" : pageToken).build());
            m.put("entries", r.getEntriesList().stream().map(ReportPages::entry).toList());
            m.put("next", r.getNextPageToken());
            m.put("base", "/audit?actor=" + enc(a) + "&action=" + enc(ac) + "&from=" + enc(fr) + "&to=" + enc(t));
            return pages.ok("audit", m);
        } catch (ConsoleException e) {
            return pages.rejected("audit", m, e, Map.of());
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, Object> entry(AuditEntry e) {
        return Map.of("id", e.getId(), "at", Views.time(e.getAtMillis()), "actor", e.getActor(), "action", e.getAction(), "target", e.getTarget(),
                "detail", e.getDetail());
    }
}
