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
import onestop.console.application.ImportTasks;
import onestop.console.application.Labels;
import onestop.console.application.Messages;
import onestop.console.application.OfficeServer;
import onestop.console.application.RosterFile;
import onestop.console.application.Session;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.ImportProblem;
import onestop.v1.ImportProblemCount;
import onestop.v1.ImportReport;
import onestop.v1.ImportSummary;
import onestop.v1.ListImportProblemsRequest;
import onestop.v1.ListImportProblemsResponse;
import onestop.v1.ListImportsRequest;
import onestop.v1.ListImportsResponse;

/**
 * 救助对象名单: a civil-affairs CSV uploaded (multipart, at most 20 MiB at the HTTP layer), its encoding detected (strict
 * UTF-8, else strict GBK; mixed lines are named and nothing is sent) or chosen; the server's validation run in the
 * background with a progress bar the page polls through htmx; the report (counts per kind, the first problems, every
 * problem page by page); then apply, or apply skipping the bad rows, with the very text that was validated; the history.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class RosterPages {
    static final Map<String, String> LABELS = Map.of("file", "名单文件", "department", "发文部门", "encoding", "文件编码", "mode", "应用方式");
    static final List<String> DEPARTMENTS = List.of("民政局", "乡村振兴局", "医疗保障局", "退役军人事务局", "残疾人联合会");

    private final Pages pages;
    private final OfficeServer server;
    private final ImportTasks tasks;

    RosterPages(Pages pages, OfficeServer server, ImportTasks tasks) {
        this.pages = pages;
        this.server = server;
        this.tasks = tasks;
    }

    private Map<String, Object> page(HttpRequest<?> request, Session s, Map<String, String> values, @Nullable String pageToken) {
        Map<String, Object> m = pages.model(request, "/rosters");
        Map<String, String> form = new HashMap<>(Map.of("department", "民政局", "encoding", "auto"));
        form.putAll(values);
        form.put("request_id", Forms.requestId(values.get("request_id")));
        m.put("form", form);
        m.put("departments", DEPARTMENTS);
        ListImportsResponse history = server.listImports(s.token(), ListImportsRequest.newBuilder().setPageSize(20)
                .setPageToken(pageToken == null ? "" : pageToken).build());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImportSummary i : history.getImportsList()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("import_id", i.getImportId());
            r.put("at", Views.time(i.getAtMillis()));
            r.put("actor", i.getActor());
            r.put("source", i.getSourceName());
            r.put("department", i.getDepartment());
            r.put("mode", Labels.of(Labels.IMPORT_MODES, i.getMode().name()));
            r.put("rows", i.getRows());
            r.put("clean", i.getCleanRows());
            r.put("problems", i.getProblemCount());
            r.put("applied", i.getApplied() ? "已应用 " + i.getAppliedRows() + " 行" : "未应用");
            rows.add(r);
        }
        m.put("history", rows);
        m.put("next", history.getNextPageToken());
        return m;
    }

    @Get(uri = "/rosters", produces = MediaType.TEXT_HTML)
    HttpResponse<?> list(HttpRequest<?> request, @QueryValue("page_token") @Nullable String pageToken) {
        Session s = Pages.session(request);
        return pages.ok("rosters", page(request, s, Map.of(), pageToken));
    }

    /** The file decoded and checked here (encoding, size), then validated by the server in the background. */
    @Post(uri = "/rosters/upload", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
    HttpResponse<?> upload(HttpRequest<?> request, @Part("_csrf") @Nullable String csrf, @Part("file") @Nullable CompletedFileUpload file,
                           @Part("department") @Nullable String department, @Part("encoding") @Nullable String encoding,
                           @Part("request_id") @Nullable String requestId) throws IOException {
        Session s = Pages.session(request);
        Csrf.check(request, s, csrf);
        Map<String, String> values = new HashMap<>();
        values.put("department", department == null ? "" : department);
        values.put("encoding", encoding == null ? "auto" : encoding);
        values.put("request_id", requestId == null ? "" : requestId);
        try {
            Checks f = new Checks(values);
            String dept = f.text("department", "发文部门", true, 50);
            String enc = f.choice("encoding", "文件编码", List.of("auto", "UTF-8", "GBK"), true);
            if (file == null || file.getFilename().isBlank() || file.getSize() == 0) throw ConsoleException.field("file", "请选择名单文件 (CSV)");
            String name = file.getFilename().length() > 200 ? file.getFilename().substring(0, 200) : file.getFilename();
            RosterFile.Decoded text = RosterFile.decode(file.getBytes(), enc);
            ImportIdentitiesRequest r = ImportIdentitiesRequest.newBuilder().setRequestId(Forms.requestId(requestId)).setSourceName(name)
                    .setDepartment(dept).setCsv(text.text()).setMode(ImportMode.VALIDATE_ONLY).build();
            ImportTasks.Task t = tasks.start(s, r, text.encoding());
            return Pages.seeOther("/rosters/tasks/" + t.id);
        } catch (ConsoleException e) {
            return pages.rejected("rosters", page(request, s, values, null), e, LABELS);
        }
    }

    private ImportTasks.Task task(Session s, String id) {
        return tasks.find(s, id).orElseThrow(() -> new ConsoleException("NOT_FOUND", "", "no import task " + id));
    }

    private Map<String, Object> taskModel(HttpRequest<?> request, ImportTasks.Task t) {
        Map<String, Object> m = pages.model(request, "/rosters");
        m.put("task", t.id);
        m.put("source", t.request.getSourceName());
        m.put("department", t.request.getDepartment());
        m.put("encoding", t.encoding);
        m.put("mode", Labels.of(Labels.IMPORT_MODES, t.mode().name()));
        m.put("validating", t.mode() == ImportMode.VALIDATE_ONLY);
        m.put("done", t.done());
        m.put("percent", t.percent());
        m.put("rowsRead", t.progress().getRowsRead());
        m.put("rowsTotal", t.progress().getRowsTotal());
        m.put("phase", Labels.of(Labels.IMPORT_PHASES, t.progress().getPhase().isEmpty() ? "reading" : t.progress().getPhase()));
        t.failure().ifPresent(e -> m.put("failure", Messages.of(e, Labels.of(LABELS, e.field()))));
        t.report().ifPresent(r -> m.put("report", report(r)));
        m.put("requestId", Forms.requestId());
        return m;
    }

    static Map<String, Object> report(ImportReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("import_id", r.getImportId());
        m.put("rows", r.getRows());
        m.put("clean", r.getCleanRows());
        m.put("problem_count", r.getProblemCount());
        m.put("applied", r.getApplied());
        m.put("applied_rows", r.getAppliedRows());
        m.put("truncated", r.getProblemsTruncated());
        List<Map<String, Object>> counts = new ArrayList<>();
        for (ImportProblemCount c : r.getProblemCountsList()) {
            counts.add(Map.of("kind", Labels.of(Labels.PROBLEM_KINDS, c.getKind().name()), "count", c.getCount()));
        }
        m.put("counts", counts);
        m.put("problems", r.getProblemsList().stream().limit(50).map(RosterPages::problem).toList());
        return m;
    }

    static Map<String, Object> problem(ImportProblem p) {
        return Map.of("line", p.getLine() == 0 ? "整个文件" : String.valueOf(p.getLine()), "column", p.getColumn(), "id", p.getIdNumberMasked(),
                "kind", Labels.of(Labels.PROBLEM_KINDS, p.getKind().name()), "problem", p.getProblem());
    }

    @Get(uri = "/rosters/tasks/{id}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> taskPage(HttpRequest<?> request, @PathVariable String id) {
        Session s = Pages.session(request);
        return pages.ok("roster-task", taskModel(request, task(s, id)));
    }

    /** What htmx polls every second: the bar, or (when done) the whole report, which stops the polling. */
    @Get(uri = "/rosters/tasks/{id}/progress", produces = MediaType.TEXT_HTML)
    HttpResponse<?> progress(HttpRequest<?> request, @PathVariable String id) {
        Session s = Pages.session(request);
        ImportTasks.Task t = task(s, id);
        if (t.done()) return HttpResponse.ok().header("HX-Redirect", "/rosters/tasks/" + id);
        return pages.ok("roster-progress", taskModel(request, t));
    }

    /** 应用 / 跳过问题行应用: the validated text sent again with the chosen mode, as a new background task. */
    @Post(uri = "/rosters/tasks/{id}/apply", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> apply(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        ImportTasks.Task t = task(s, id);
        String mode = new Checks(posted).choice("mode", "应用方式", List.of("APPLY", "APPLY_SKIPPING_BAD_ROWS"), true);
        if (!t.done() || t.report().isEmpty()) {
            return pages.message(request, HttpStatus.CONFLICT, "名单导入", "校验尚未完成, 请等校验报告出来后再应用。");
        }
        ImportIdentitiesRequest r = t.request.toBuilder().setMode(ImportMode.valueOf(mode)).setRequestId(Forms.requestId(posted.get("request_id"))).build();
        return Pages.seeOther("/rosters/tasks/" + tasks.start(s, r, t.encoding).id);
    }

    /** Every problem of an import, a page at a time (ListImportProblems). */
    @Get(uri = "/rosters/imports/{importId}/problems", produces = MediaType.TEXT_HTML)
    HttpResponse<?> problems(HttpRequest<?> request, @PathVariable String importId, @QueryValue("page_token") @Nullable String pageToken) {
        Session s = Pages.session(request);
        new Checks(Map.of("import_id", importId)).code("import_id", "导入编号", "[A-Za-z0-9._:-]{1,80}", "有误", true);
        ListImportProblemsResponse r = server.importProblems(s.token(), ListImportProblemsRequest.newBuilder().setImportId(importId)
                .setPageSize(200).setPageToken(pageToken == null ? "" : pageToken).build());
        Map<String, Object> m = pages.model(request, "/rosters");
        m.put("importId", importId);
        m.put("problemCount", r.getProblemCount());
        m.put("problems", r.getProblemsList().stream().map(RosterPages::problem).toList());
        m.put("next", r.getNextPageToken());
        m.put("base", "/rosters/imports/" + importId + "/problems");
        return pages.ok("roster-problems", m);
    }
}
