package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.Access;
import onestop.console.application.ConsoleException;
import onestop.console.application.Messages;
import onestop.console.application.Session;
import onestop.console.application.Sessions;

/**
 * What every console page has: who is logged in and in which role (in the header), the navigation of that role, the
 * session's CSRF token for its forms, the glossary's words, today in China. Renders a template with an HTTP status —
 * the template filled in here, so a template that fails is one log line with an incident id and a page that says so.
 */
@Singleton
final class Pages {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pages.class);
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String SESSION = "onestop.console.session";

    private final ThymeleafViewsRenderer<Map<String, Object>> renderer;
    private final Clock clock;

    Pages(ThymeleafViewsRenderer<Map<String, Object>> renderer, Clock clock) {
        this.renderer = renderer;
        this.clock = clock;
    }

    long nowMillis() {
        return clock.millis();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(CHINA));
    }

    /** The session the guard found for this request (every page but the login page has one). */
    static Session session(HttpRequest<?> request) {
        return request.getAttribute(SESSION, Session.class).orElseThrow(() -> new ConsoleException("UNAUTHENTICATED", "", "no session"));
    }

    /** A page's model: the user and role, the role's navigation, which page it is, the session's form token. */
    Map<String, Object> model(HttpRequest<?> request, String active) {
        Map<String, Object> m = new HashMap<>();
        m.put("active", active);
        m.put("L", Words.ALL);
        m.put("today", today().toString());
        request.getAttribute(SESSION, Session.class).ifPresent(s -> {
            m.put("me", Map.of("name", s.name(), "role", s.role(), "roleLabel", s.roleLabel()));
            m.put("nav", Access.pagesFor(s.role()).stream().map(p -> Map.of("path", p.path(), "label", p.label())).toList());
            m.put("navPaths", Access.pagesFor(s.role()).stream().map(Access.Page::path).collect(java.util.stream.Collectors.toSet()));
            m.put("csrf", s.csrf());
            Map<String, Boolean> can = new HashMap<>();
            for (String a : List.of("upload-policy", "reverse", "reveal", "edit-hospital", "import")) can.put(a, Access.can(s.role(), a));
            m.put("can", can);
        });
        return m;
    }

    MutableHttpResponse<?> render(HttpStatus httpStatus, String view, Map<String, Object> model) {
        String html;
        HttpStatus status = httpStatus;
        try {
            html = html(view, model);
        } catch (RuntimeException | IOException e) {
            String incident = incident(view, e);
            model.put("error", plain("页面显示出错 (事件编号 " + incident + "), 请联系信息科。"));
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            try {
                html = html("message", model);
            } catch (RuntimeException | IOException again) {
                html = "<!DOCTYPE html><meta charset=\"utf-8\"><title>OneStop</title><p>页面显示出错 (事件编号 " + incident + ")</p>";
            }
        }
        return HttpResponse.status(status).contentType("text/html; charset=utf-8").body(html);
    }

    MutableHttpResponse<?> ok(String view, Map<String, Object> model) {
        return render(HttpStatus.OK, view, model);
    }

    /** A page that only says something: a refusal, a missing thing, a failure. */
    MutableHttpResponse<?> message(HttpRequest<?> request, HttpStatus status, String title, String message) {
        Map<String, Object> m = model(request, "");
        m.put("title", title);
        m.put("error", plain(message));
        return render(status, "message", m);
    }

    private String html(String view, Map<String, Object> model) throws IOException {
        StringWriter out = new StringWriter(16384);
        renderer.render(view, model, null).writeTo(out);
        return out.toString();
    }

    static String incident(String what, Throwable e) {
        String incident = Sessions.randomToken().substring(0, 8);
        LOG.error("incident {} on {}: {}", incident, what, e.toString(), e);
        return incident;
    }

    static MutableHttpResponse<?> seeOther(String path) {
        return HttpResponse.seeOther(URI.create(path));
    }

    static Map<String, String> plain(String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", "");
        m.put("message", message);
        return m;
    }

    /** A refusal at its field: {field, message} for the template, which marks the field and puts the cursor there. */
    static Map<String, String> at(ConsoleException e, String fieldLabel) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", e.field());
        m.put("message", Messages.of(e, fieldLabel));
        return m;
    }

    /** The form re-shown with the refusal at its field. */
    MutableHttpResponse<?> rejected(String view, Map<String, Object> model, ConsoleException e, Map<String, String> fieldLabels) {
        // not about the form: the session is over, or the role may not; the error pages say so (login page, 403 page)
        if (e.reason().equals("UNAUTHENTICATED") || e.reason().equals("PERMISSION_DENIED")) throw e;
        model.put("error", at(e, fieldLabels.getOrDefault(e.field(), "")));
        model.put("bad", e.field());
        return render(ErrorPages.statusOf(e), view, model);
    }
}
