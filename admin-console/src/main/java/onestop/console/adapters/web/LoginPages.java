package onestop.console.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import onestop.console.application.Checks;
import onestop.console.application.ConsoleException;
import onestop.console.application.ConsoleSettings;
import onestop.console.application.Messages;
import onestop.console.application.OfficeServer;
import onestop.console.application.Session;
import onestop.console.application.Sessions;
import onestop.v1.LoginRequest;
import onestop.v1.LoginResponse;

/**
 * 登录 / 退出: name and password to the server's OfficeAuthService.Login (with the browser's address for its per-address
 * limit); the token it answers is kept in a new server-side session, the browser gets only the session's random id.
 * Logout ends the session here (the token dies with it; the server's copy expires on its own).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class LoginPages {
    private final Pages pages;
    private final OfficeServer server;
    private final Sessions sessions;
    private final Guard guard;
    private final boolean secure;

    LoginPages(Pages pages, OfficeServer server, Sessions sessions, Guard guard, ConsoleSettings settings) {
        this.pages = pages;
        this.server = server;
        this.sessions = sessions;
        this.guard = guard;
        this.secure = settings.secureCookies();
    }

    private MutableHttpResponse<?> form(HttpRequest<?> request, HttpStatus status, String name, String error, String field) {
        Map<String, Object> m = pages.model(request, "login");
        String token = Csrf.loginCookie(request).orElseGet(Sessions::randomToken);
        m.put("loginToken", token);
        m.put("name", name);
        if (error != null) {
            Map<String, String> e = Pages.plain(error);
            e.put("field", field);
            m.put("error", e);
            m.put("bad", field);
        }
        return pages.render(status, "login", m).cookie(Csrf.loginCookie(token, secure));
    }

    @Get(uri = "/login", produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String expired) {
        return form(request, HttpStatus.OK, "", expired != null ? "登录已过期, 请重新登录" : null, "");
    }

    @Post(uri = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> login(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.checkLogin(request, posted.get(Csrf.FIELD));
        Checks f = new Checks(posted);
        String name = f.raw("name");
        try {
            f.code("name", "用户名", "[A-Za-z0-9._-]{1,64}", "只能由字母、数字和 . _ - 组成", true);
            String password = posted.getOrDefault("password", "");
            if (password.isEmpty()) throw ConsoleException.field("password", "请填写密码");
            if (password.length() > 256) throw ConsoleException.field("password", "密码过长");
            LoginResponse r = server.login(LoginRequest.newBuilder().setName(name).setPassword(password)
                    .setClientAddress(request.getRemoteAddress().getAddress().getHostAddress()).build());
            // a new id whatever the browser brought: a session id planted before the login is worth nothing after it
            Guard.sessionId(request).ifPresent(sessions::end);
            Session s = sessions.start(r.getName(), r.getRole(), r.getToken(), r.getTokenValidMillis());
            org.slf4j.LoggerFactory.getLogger(LoginPages.class).info("{} logged in as {}", s.name(), s.role());
            return Pages.seeOther("/").cookie(guard.cookie(s.id())).cookie(Csrf.loginCookie("", secure).maxAge(0));
        } catch (ConsoleException e) {
            String field = e.reason().equals(Messages.FIELD) ? e.field() : "password";
            return form(request, ErrorPages.statusOf(e), name, Messages.of(e, ""), field);
        }
    }

    @Post(uri = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> logout(HttpRequest<?> request, @Body Map<String, String> posted) {
        Session s = Pages.session(request);
        Csrf.check(request, s, posted.get(Csrf.FIELD));
        sessions.end(s.id());
        return Pages.seeOther("/login").cookie(guard.cleared());
    }
}
