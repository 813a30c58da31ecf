package onestop.console.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Checks;
import onestop.console.application.ConsoleException;
import onestop.console.application.Forms;
import onestop.console.application.OfficeServer;
import onestop.console.application.Policies;
import onestop.console.application.PolicyDiff;
import onestop.console.application.Session;
import onestop.console.application.TierNames;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicyValidation;
import onestop.v1.TriedBill;
import onestop.v1.TryBillsRequest;
import onestop.v1.TryBillsResponse;
import onestop.v1.UploadPolicyRequest;

/**
 * 政策管理: the list by region and year; one policy's text and versions; a line diff of two versions; a new version
 * uploaded (ADMIN) after the server's validation, its problem shown at the field; 试算 — a person's bills run against a
 * stored or draft policy by the server's engine, each tier and the year's accumulators per bill, nothing stored.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class PolicyPages {
    /** A bill row's fields as the server's refusals name them, for the message at the box. */
    private static final Map<String, String> TRY_LABELS = tryLabels();
    private static final Map<String, String> UPLOAD_LABELS = Map.of("yaml", "政策内容", "file", "政策文件", "file_name", "文件名");

    private static Map<String, String> tryLabels() {
        Map<String, String> m = new HashMap<>(Map.of("county", "参保地 (县区代码)", "insured_years", "参保年度", "scheme", "险种",
                "policy_id", "结算政策", "draft_yaml", "草案政策内容"));
        for (int i = 0; i < Policies.MAX_BILLS; i++) {
            String n = "第 " + (i + 1) + " 笔的";
            m.put("bill." + i + ".date", n + "结算日期");
            m.put("bill." + i + ".total", n + onestop.console.application.Labels.TOTAL);
            m.put("bill." + i + ".out_of_scope", n + onestop.console.application.Labels.OUT_OF_SCOPE);
            m.put("bill." + i + ".prior_self_pay", n + onestop.console.application.Labels.PRIOR_SELF_PAY);
            m.put("bill." + i + ".special_disease", n + "单病种");
            m.put("bill." + i + ".hospital_level", n + "医院等级");
            m.put("bill." + i + ".type", n + "就诊类型");
        }
        return Map.copyOf(m);
    }

    private final Pages pages;
    private final OfficeServer server;
    private final Policies policies;

    private final TierNames tiers;

    PolicyPages(Pages pages, OfficeServer server, Policies policies, TierNames tiers) {
        this.pages = pages;
        this.server = server;
        this.policies = policies;
        this.tiers = tiers;
    }

    private static Map<String, Object> row(PolicyDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_id", d.getPolicyId());
        m.put("region", d.getRegion());
        m.put("year", d.getYear());
        m.put("sha256", d.getSha256());
        m.put("short_sha", d.getSha256().length() > 12 ? d.getSha256().substring(0, 12) : d.getSha256());
        m.put("loaded_at", Views.time(d.getLoadedAtMillis()));
        m.put("lines", d.getYaml().lines().count());
        return m;
    }

    @Get(uri = "/policies", produces = MediaType.TEXT_HTML)
    HttpResponse<?> list(HttpRequest<?> request, @QueryValue @Nullable String region, @QueryValue @Nullable String year) {
        Session s = Pages.session(request);
        Map<String, Object> m = pages.model(request, "/policies");
        Map<String, String> form = new HashMap<>();
        form.put("region", region == null ? "" : region.strip());
        form.put("year", year == null ? "" : year.strip());
        m.put("form", form);
        try {
            Checks f = new Checks(form);
            String r = f.code("region", "统筹区", "\\d{2,6}", "须为 2 至 6 位区划代码, 如 341000", false);
            int y = f.integer("year", "年度", 2000, 2100, 0);
            m.put("policies", policies.list(s.token(), r, y).stream().map(l -> {
                Map<String, Object> row = row(l.newest());
                row.put("versions", l.versions());
                return row;
            }).toList());
        } catch (ConsoleException e) {
            m.put("policies", List.of());
            return pages.rejected("policies", m, e, Map.of("region", "统筹区", "year", "年度"));
        }
        return pages.ok("policies", m);
    }

    @Get(uri = "/policies/{id}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> view(HttpRequest<?> request, @PathVariable String id, @QueryValue @Nullable String version) {
        Session s = Pages.session(request);
        List<PolicyDocument> versions = policies.versions(s.token(), id);
        PolicyDocument shown = Policies.version(versions, version, "version");
        Map<String, Object> m = pages.model(request, "/policies");
        m.put("policy", row(shown));
        m.put("yaml", shown.getYaml());
        m.put("versions", versions.stream().map(PolicyPages::row).toList());
        m.put("from", versions.size() > 1 ? versions.get(1).getSha256() : shown.getSha256());
        m.put("to", versions.get(0).getSha256());
        return pages.ok("policy", m);
    }

    @Get(uri = "/policies/{id}/diff", produces = MediaType.TEXT_HTML)
    HttpResponse<?> diff(HttpRequest<?> request, @PathVariable String id, @QueryValue @Nullable String from, @QueryValue @Nullable String to) {
        Session s = Pages.session(request);
        List<PolicyDocument> versions = policies.versions(s.token(), id);
        Map<String, Object> m = pages.model(request, "/policies");
        PolicyDocument a;
        PolicyDocument b;
        try {
            // unless told otherwise: the version before the current one against the current one
            a = Policies.version(versions, from == null && versions.size() > 1 ? versions.get(1).getSha256() : from, "from");
            b = Policies.version(versions, to, "to");
        } catch (ConsoleException e) {
            return pages.message(request, HttpStatus.BAD_REQUEST, "版本对比", e.getMessage());
        }
        m.put("policy", row(b));
        m.put("a", row(a));
        m.put("b", row(b));
        m.put("versions", versions.stream().map(PolicyPages::row).toList());
        List<PolicyDiff.Line> lines = PolicyDiff.of(a.getYaml(), b.getYaml());
        m.put("lines", lines.stream().map(l -> Map.of("kind", l.kind(), "old", l.oldLine() == 0 ? "" : String.valueOf(l.oldLine()),
                "new", l.newLine() == 0 ? "" : String.valueOf(l.newLine()), "text", l.text())).toList());
        m.put("added", lines.stream().filter(l -> l.kind().equals("added")).count());
        m.put("removed", lines.stream().filter(l -> l.kind().equals("removed")).count());
        return pages.ok("policy-diff", m);
    }

    private Map<String, Object> uploadForm(HttpRequest<?> request, Map<String, String> values) {
        Map<String, Object> m = pages.model(request, "/policies");
        Map<String, String> form = new HashMap<>(values);
        form.put("request_id", Forms.requestId(values.get("request_id")));
        m.put("form", form);
        m.put("maxChars", Policies.MAX_YAML_CHARS);
        return m;
    }

    @Get(uri = "/policies/upload", produces = MediaType.TEXT_HTML)
    HttpResponse<?> uploadPage(HttpRequest<?> request) {
        return pages.ok("policy-upload", uploadForm(request, Map.of()));
    }

    /** 校验 or 上传: the file (or the pasted text) to ValidatePolicy; UploadPolicy only when valid and asked for. */
    @Post(uri = "/policies/upload", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
    HttpResponse<?> upload(HttpRequest<?> request, @Part("_csrf") @Nullable String csrf, @Part("file") @Nullable CompletedFileUpload file,
                           @Part("yaml") @Nullable String yaml, @Part("file_name") @Nullable String fileName,
                           @Part("request_id") @Nullable String requestId, @Part("action") @Nullable String action) throws IOException {
        Session s = Pages.session(request);
        Csrf.check(request, s, csrf);
        Map<String, String> values = new HashMap<>();
        values.put("request_id", requestId == null ? "" : requestId);
        String name = fileName == null || fileName.isBlank() ? (file != null && !file.getFilename().isBlank() ? file.getFilename() : "policy.yaml") : fileName.strip();
        values.put("file_name", name);
        values.put("yaml", yaml == null ? "" : yaml);
        Map<String, Object> m = uploadForm(request, values);
        @SuppressWarnings("unchecked")
        Map<String, String> form = (Map<String, String>) m.get("form");
        try {
            new Checks(values).text("file_name", "文件名", true, 200);
            String text = Policies.text(file == null ? null : file.getBytes(), yaml);
            form.put("yaml", text);
            UploadPolicyRequest r = UploadPolicyRequest.newBuilder().setRequestId(form.get("request_id")).setFileName(name).setYaml(text).build();
            PolicyValidation v = server.validatePolicy(s.token(), r);
            m.put("validation", Map.of("valid", v.getValid(), "problem", v.getProblem(), "policy_id", v.getPolicyId(), "region", v.getRegion(),
                    "year", v.getYear()));
            if (!v.getValid()) {
                throw ConsoleException.field("yaml", "政策未通过校验: " + v.getProblem());
            }
            if ("upload".equals(action)) {
                PolicyDocument d = server.uploadPolicy(s.token(), r);
                return Pages.seeOther("/policies/" + d.getPolicyId() + "?uploaded=1");
            }
            return pages.ok("policy-upload", m);
        } catch (ConsoleException e) {
            if (e.reason().equals("INVALID_ARGUMENT") && e.field().isEmpty()) e = ConsoleException.field("yaml", "政策未通过校验: " + e.getMessage());
            return pages.rejected("policy-upload", m, e, UPLOAD_LABELS);
        }
    }

    private Map<String, Object> tryForm(HttpRequest<?> request, Session s, Map<String, String> values) {
        Map<String, Object> m = pages.model(request, "/policies");
        Map<String, String> form = new HashMap<>();
        form.put("scheme", "RESIDENT");
        form.put("county", "341002");
        form.put("insured_years", "");
        form.put("source", "stored");
        form.put("bill.0.type", "INPATIENT");
        form.put("bill.0.hospital_level", "SECONDARY");
        List<Policies.Listed> all = policies.list(s.token(), "", 0);
        // the first bill dated in the chosen policy's year (the server runs only bills of its year)
        String chosen = values.getOrDefault("policy_id", all.isEmpty() ? "" : all.get(0).newest().getPolicyId());
        int year = all.stream().filter(l -> l.newest().getPolicyId().equals(chosen)).map(l -> l.newest().getYear()).findFirst()
                .orElse(pages.today().getYear());
        form.put("bill.0.date", year == pages.today().getYear() ? pages.today().toString() : year + "-06-30");
        form.putAll(values);
        form.remove(Csrf.FIELD);
        m.put("form", form);
        int rows = new Checks(form).integer("rows", "行数", 1, Policies.MAX_BILLS, 3);
        for (int i = 0; i < Policies.MAX_BILLS; i++) if (!form.getOrDefault("bill." + i + ".total", "").isBlank()) rows = Math.max(rows, i + 1);
        m.put("rows", Policies.billRows(rows));
        m.put("policies", all.stream().map(l -> l.newest().getPolicyId()).toList());
        return m;
    }

    @Get(uri = "/policies/try", produces = MediaType.TEXT_HTML)
    HttpResponse<?> tryPage(HttpRequest<?> request, @QueryValue("policy_id") @Nullable String policyId, @QueryValue @Nullable String rows) {
        Session s = Pages.session(request);
        Map<String, String> v = new HashMap<>();
        if (policyId != null) v.put("policy_id", policyId);
        if (rows != null) v.put("rows", rows);
        try {
            return pages.ok("policy-try", tryForm(request, s, v));
        } catch (ConsoleException e) {
            return pages.ok("policy-try", tryForm(request, s, Map.of()));
        }
    }

    @Post(uri = "/policies/try", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> tryBills(HttpRequest<?> request, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        if (posted.containsKey("add_row")) {
            Map<String, String> more = new HashMap<>(posted);
            more.put("rows", String.valueOf(new Checks(posted).integer("rows", "行数", 1, Policies.MAX_BILLS, 3) + 1));
            more.remove("add_row");
            return pages.ok("policy-try", tryForm(request, s, more));
        }
        Map<String, Object> m = tryForm(request, s, posted);
        try {
            TryBillsRequest r = Policies.tryRequest(posted);
            TryBillsResponse answer = server.tryBills(s.token(), r);
            if (!answer.getPolicy().getValid()) {
                throw ConsoleException.field(r.hasDraftYaml() ? "draft_yaml" : "policy_id", "政策未通过校验: " + answer.getPolicy().getProblem());
            }
            // a draft's tiers are named by their ids: its text is the server's to parse, never the console's
            Map<String, String> names = r.hasDraftYaml() ? Map.of() : tiers.of(s.token(), r.getPolicyId());
            List<Map<String, Object>> bills = new ArrayList<>();
            for (TriedBill t : answer.getBillsList()) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("n", t.getIndex() + 1);
                b.put("date", r.getBills(t.getIndex()).getDate());
                b.put("type", onestop.console.application.Labels.of(onestop.console.application.Labels.VISIT_TYPES, r.getBills(t.getIndex()).getType().name()));
                b.put("settled", t.hasResult());
                b.put("problem", t.getResultCode().isEmpty() ? "" : onestop.console.application.Messages.of(
                        new ConsoleException(t.getResultCode(), "", t.getProblem()), "费用") + " (" + t.getProblem() + ")");
                if (t.hasResult()) b.put("lines", Views.lines(t.getResult(), names));
                b.put("after", Views.accumulators(t.getAfter(), names));
                bills.add(b);
            }
            m.put("tried", bills);
            m.put("triedPolicy", answer.getPolicy().getPolicyId());
            return pages.ok("policy-try", m);
        } catch (ConsoleException e) {
            String field = Policies.tryField(e.field());
            return pages.rejected("policy-try", m, field.equals(e.field()) ? e : new ConsoleException(e.reason(), field, e.getMessage()),
                    TRY_LABELS);
        }
    }
}
