package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Checks;
import onestop.console.application.ConsoleException;
import onestop.console.application.Forms;
import onestop.console.application.Labels;
import onestop.console.application.OfficeServer;
import onestop.console.application.Reports;
import onestop.console.application.Session;
import onestop.v1.Hospital;
import onestop.v1.HospitalLevel;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.IssueAgentTokenResponse;
import onestop.v1.UpsertHospitalRequest;

/**
 * 医疗机构 (ADMIN): the list; a hospital added or its level, county and designated flag changed (UpsertHospital); an
 * agent's token issued for it and shown once, on the answer to the post (never stored by the console, never in a URL).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class HospitalPages {
    static final Map<String, String> LABELS = Map.of("code", "医疗机构编码", "name", "医疗机构名称", "level", "医院等级", "county", "所在县区代码",
            "valid_days", "有效天数", "hospital_code", "医疗机构编码");

    private final Pages pages;
    private final OfficeServer server;
    private final Reports reports;

    HospitalPages(Pages pages, OfficeServer server, Reports reports) {
        this.pages = pages;
        this.server = server;
        this.reports = reports;
    }

    static Map<String, Object> row(Hospital h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", h.getCode());
        m.put("name", h.getName());
        m.put("level", h.getLevel().name());
        m.put("level_label", Labels.of(Labels.LEVELS, h.getLevel().name()));
        m.put("county", h.getCounty());
        m.put("designated", h.getDesignated());
        return m;
    }

    private Map<String, Object> page(HttpRequest<?> request, Session s, Map<String, String> values) {
        Map<String, Object> m = pages.model(request, "/hospitals");
        List<Hospital> all = reports.hospitals(s.token());
        m.put("hospitals", all.stream().map(HospitalPages::row).toList());
        Map<String, String> form = new HashMap<>(Map.of("level", "SECONDARY", "designated", "on"));
        String edit = values.get("edit");
        if (edit != null) {
            all.stream().filter(h -> h.getCode().equals(edit)).findFirst().ifPresent(h -> {
                form.put("code", h.getCode());
                form.put("name", h.getName());
                form.put("level", h.getLevel().name());
                form.put("county", h.getCounty());
                form.put("designated", h.getDesignated() ? "on" : "");
            });
        }
        form.putAll(values);
        form.remove(Csrf.FIELD);
        form.put("request_id", Forms.requestId(values.get("request_id")));
        m.put("form", form);
        m.put("editing", edit != null || values.containsKey("code"));
        return m;
    }

    @Get(uri = "/hospitals", produces = MediaType.TEXT_HTML)
    HttpResponse<?> list(HttpRequest<?> request) {
        return pages.ok("hospitals", page(request, Pages.session(request), Map.of()));
    }

    @Get(uri = "/hospitals/{code}/edit", produces = MediaType.TEXT_HTML)
    HttpResponse<?> edit(HttpRequest<?> request, @PathVariable String code) {
        return pages.ok("hospitals", page(request, Pages.session(request), Map.of("edit", code)));
    }

    @Post(uri = "/hospitals", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> save(HttpRequest<?> request, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        try {
            Checks f = new Checks(posted);
            Hospital h = Hospital.newBuilder()
                    .setCode(f.code("code", "医疗机构编码", "[A-Za-z0-9_-]{1,32}", "只能由字母、数字和 _ - 组成 (最多 32 位)", true))
                    .setName(f.text("name", "医疗机构名称", true, 100))
                    .setLevel(HospitalLevel.valueOf(f.choice("level", "医院等级", Labels.LEVELS.keySet(), true)))
                    .setCounty(f.code("county", "所在县区代码", "\\d{6}", "须为 6 位县区代码, 如 341002", true))
                    .setDesignated(f.ticked("designated")).build();
            server.upsertHospital(s.token(), UpsertHospitalRequest.newBuilder().setRequestId(Forms.requestId(posted.get("request_id"))).setHospital(h).build());
            return Pages.seeOther("/hospitals");
        } catch (ConsoleException e) {
            return pages.rejected("hospitals", page(request, s, posted), e, LABELS);
        }
    }

    /** The token is on this answer only: the page says to copy it now; the console keeps no copy. */
    @Post(uri = "/hospitals/{code}/token", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> token(HttpRequest<?> request, @PathVariable String code, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        Map<String, Object> m = page(request, s, Map.of());
        try {
            Checks f = new Checks(Map.of("hospital_code", code, "valid_days", posted.getOrDefault("valid_days", "")));
            f.code("hospital_code", "医疗机构编码", "[A-Za-z0-9_-]{1,32}", "有误", true);
            int days = f.integer("valid_days", "有效天数", 1, 730, 365);
            IssueAgentTokenResponse t = server.issueAgentToken(s.token(), IssueAgentTokenRequest.newBuilder()
                    .setRequestId(Forms.requestId(posted.get("request_id"))).setHospitalCode(code).setValidDays(days).build());
            m.put("issued", Map.of("code", code, "token", t.getToken(), "expires", Views.time(t.getExpiresAtMillis())));
            return pages.ok("hospitals", m);
        } catch (ConsoleException e) {
            return pages.rejected("hospitals", m, e, LABELS);
        }
    }
}
