package onestop.console.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Checks;
import onestop.console.application.ConsoleException;
import onestop.console.application.Forms;
import onestop.console.application.Labels;
import onestop.console.application.OfficeServer;
import onestop.console.application.Reports;
import onestop.console.application.Session;
import onestop.console.application.TierNames;
import onestop.v1.GetSettlementRequest;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.RevealIdNumberResponse;
import onestop.v1.ReverseRequest;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.Settlement;
import onestop.v1.SettlementStatus;

/**
 * 结算查询: settlements of every hospital by hospital, date range, person and status; one as the printable 一单制结算单;
 * 结算撤销 with a reason and a confirmation (ADMIN, for the hospital); the patient's full ID number behind an explicit
 * 显示 with a reason (ADMIN; the server audits it), shown on that answer only.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class SettlementPages {
    static final Map<String, String> LABELS = Map.of("hospital_code", "医疗机构", "from", "开始日期", "to", "结束日期", "id_number", "身份证号码",
            "status", "结算状态", "reason", "原因", "confirm", "确认", "settlement_id", Labels.SETTLEMENT_ID);

    private final Pages pages;
    private final OfficeServer server;
    private final Reports reports;
    private final TierNames tiers;

    SettlementPages(Pages pages, OfficeServer server, Reports reports, TierNames tiers) {
        this.pages = pages;
        this.server = server;
        this.reports = reports;
        this.tiers = tiers;
    }

    /** The search by hospital, dates and status (a link may carry them); a person's ID number only by the form's POST. */
    @Get(uri = "/settlements", produces = MediaType.TEXT_HTML)
    HttpResponse<?> search(HttpRequest<?> request, @QueryValue("hospital_code") @Nullable String hospital, @QueryValue @Nullable String from,
                           @QueryValue @Nullable String to, @QueryValue @Nullable String status) {
        Map<String, String> form = new HashMap<>();
        if (hospital != null) form.put("hospital_code", hospital);
        if (from != null) form.put("from", from);
        if (to != null) form.put("to", to);
        if (status != null) form.put("status", status);
        return results(request, form);
    }

    /**
     * The search form is posted, not put in the address: a person's full ID number never stands in a URL (the browser's
     * history, a proxy's log). Its next page is posted the same way. Reading only: AUDITOR may post it.
     */
    @Post(uri = "/settlements/search", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> searchPosted(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, Pages.session(request), posted.get(Csrf.FIELD));
        return results(request, posted);
    }

    private HttpResponse<?> results(HttpRequest<?> request, Map<String, String> values) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/settlements");
        Map<String, String> names = reports.hospitalNames(s.token());
        m.put("hospitals", names);
        Map<String, String> form = new HashMap<>();
        form.put("hospital_code", values.getOrDefault("hospital_code", ""));
        form.put("from", values.getOrDefault("from", pages.today().minusDays(30).toString()));
        form.put("to", values.getOrDefault("to", pages.today().toString()));
        form.put("id_number", values.getOrDefault("id_number", ""));
        form.put("status", values.getOrDefault("status", ""));
        m.put("form", form);
        m.put("settlements", List.of());
        try {
            Checks f = new Checks(form);
            String h = names.isEmpty() ? f.code("hospital_code", "医疗机构编码", "[A-Za-z0-9_-]{1,32}", "只能由字母、数字和 _ - 组成", false)
                    : f.choice("hospital_code", "医疗机构", names.keySet(), false);
            String a = f.date("from", "开始日期", true);
            String b = f.date("to", "结束日期", true);
            Checks.range(a, b, "to", 366);
            String id = f.idNumber("id_number", "身份证号码", false);
            String st = f.choice("status", "结算状态", Labels.STATUSES.keySet(), false);
            String pageToken = new Checks(values).text("page_token", "页码", false, 200);
            SearchSettlementsResponse r = server.searchSettlements(s.token(), SearchSettlementsRequest.newBuilder().setHospitalCode(h).setFromDate(a)
                    .setToDate(b).setIdNumber(id).setStatus(st.isEmpty() ? SettlementStatus.SETTLEMENT_STATUS_UNSPECIFIED : SettlementStatus.valueOf(st))
                    .setPageSize(50).setPageToken(pageToken).build());
            m.put("settlements", r.getSettlementsList().stream().map(x -> {
                Map<String, Object> row = Views.settlement(x);
                row.put("hospital_name", names.getOrDefault(x.getHospitalCode(), ""));
                return row;
            }).toList());
            m.put("matched", r.getMatched());
            m.put("next", r.getNextPageToken());
            return pages.ok("settlements", m);
        } catch (ConsoleException e) {
            return pages.rejected("settlements", m, e, LABELS);
        }
    }

    private Map<String, Object> statement(HttpRequest<?> request, Session s, String hospital, String id) {
        new Checks(Map.of("hospital_code", hospital, "settlement_id", id))
                .code("hospital_code", "医疗机构编码", "[A-Za-z0-9_-]{1,32}", "有误", true);
        new Checks(Map.of("settlement_id", id)).code("settlement_id", Labels.SETTLEMENT_ID, "[A-Za-z0-9._-]{1,64}", "有误", true);
        Settlement st = server.getSettlement(s.token(), GetSettlementRequest.newBuilder().setHospitalCode(hospital).setSettlementId(id).build());
        Map<String, Object> m = pages.model(request, "/settlements");
        Map<String, Object> v = Views.settlement(st);
        v.put("hospital_name", reports.hospitalNames(s.token()).getOrDefault(hospital, hospital));
        m.put("st", v);
        m.put("lines", Views.lines(st.getResult(), tiers.of(s.token(), st.getResult().getPolicyId())));
        m.put("reversed", st.getStatus() == SettlementStatus.REVERSED);
        m.put("requestId", Forms.requestId());
        m.put("printedAt", Views.time(pages.nowMillis()));
        return m;
    }

    @Get(uri = "/settlements/{hospital}/{id}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> detail(HttpRequest<?> request, @PathVariable String hospital, @PathVariable String id) {
        return pages.ok("statement", statement(request, Pages.session(request), hospital, id));
    }

    /** 显示: the full ID number on this answer only; the reason goes to the server's audit trail. */
    @Post(uri = "/settlements/{hospital}/{id}/reveal", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> reveal(HttpRequest<?> request, @PathVariable String hospital, @PathVariable String id, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        Map<String, Object> m = statement(request, s, hospital, id);
        try {
            String reason = new Checks(posted).text("reason", "查看原因", true, 200);
            RevealIdNumberResponse r = server.revealIdNumber(s.token(), RevealIdNumberRequest.newBuilder().setHospitalCode(hospital)
                    .setSettlementId(id).setReason(reason).build());
            m.put("revealed", Map.of("id_number", r.getIdNumber(), "name", r.getName()));
            return pages.ok("statement", m);
        } catch (ConsoleException e) {
            m.put("revealReason", posted.getOrDefault("reason", ""));
            return pages.rejected("statement", m, e.field().isEmpty() ? e : ConsoleException.field("reveal_reason", onestop.console.application.Messages.of(e, "查看原因")),
                    LABELS);
        }
    }

    /** 结算撤销 for the hospital (its written request): reason, the 确认 box, and the form's request id. */
    @Post(uri = "/settlements/{hospital}/{id}/reverse", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> reverse(HttpRequest<?> request, @PathVariable String hospital, @PathVariable String id, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        try {
            Checks f = new Checks(posted);
            String reason = f.text("reason", "撤销原因", true, 200);
            if (!f.ticked("confirm")) throw ConsoleException.field("confirm", "请勾选“确认撤销”");
            server.reverse(s.token(), ReverseRequest.newBuilder().setRequestId(Forms.requestId(posted.get("request_id"))).setSettlementId(id)
                    .setHospitalCode(hospital).setReason(reason).build());
            return Pages.seeOther("/settlements/" + hospital + "/" + id);
        } catch (ConsoleException e) {
            Map<String, Object> m = statement(request, s, hospital, id);
            m.put("reason", posted.getOrDefault("reason", ""));
            m.put("requestId", Forms.requestId(posted.get("request_id")));
            return pages.rejected("statement", m, e, LABELS);
        }
    }
}
