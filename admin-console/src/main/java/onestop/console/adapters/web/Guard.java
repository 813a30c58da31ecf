package onestop.console.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.util.Optional;
import onestop.console.application.Access;
import onestop.console.application.ConsoleSettings;
import onestop.console.application.Session;
import onestop.console.application.Sessions;

/**
 * Every request but the login page, the health check and the static files needs a live session: without one a page
 * request is sent to the login page (303) and an htmx or API call gets 401. A live session's role must allow the
 * request ({@link Access}), else a 403 page — before any call to the server, which checks again by the token's role.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class Guard {
    static final String COOKIE = "onestop_console";

    private final Sessions sessions;
    private final Pages pages;
    private final boolean secure;

    Guard(Sessions sessions, Pages pages, ConsoleSettings settings) {
        this.sessions = sessions;
        this.pages = pages;
        this.secure = settings.secureCookies();
    }

    static boolean open(String path) {
        return path.equals("/login") || path.equals("/health") || path.startsWith("/health/") || path.startsWith("/assets/")
                || path.startsWith("/webjars/") || path.equals("/favicon.ico");
    }

    /** htmx's requests and anything that does not ask for a page: answered 401, not redirected. */
    static boolean notAPage(HttpRequest<?> request) {
        if ("true".equals(request.getHeaders().get("HX-Request"))) return true;
        String accept = request.getHeaders().get("Accept");
        return accept != null && !accept.contains("text/html") && !accept.contains("*/*");
    }

    static Optional<String> sessionId(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue);
    }

    Cookie cookie(String sessionId) {
        return Cookie.of(COOKIE, sessionId).httpOnly(true).sameSite(SameSite.Strict).secure(secure).path("/");
    }

    Cookie cleared() {
        return cookie("").maxAge(0);
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> guard(HttpRequest<?> request) {
        String path = request.getPath();
        if (open(path)) return null;
        Optional<Session> session = sessionId(request).flatMap(sessions::find);
        if (session.isEmpty()) return loggedOut(request);
        request.setAttribute(Pages.SESSION, session.get());
        if (!Access.allows(session.get().role(), request.getMethodName(), path)) {
            org.slf4j.LoggerFactory.getLogger(Guard.class).warn("refused {} {} to {} ({})", request.getMethodName(), path,
                    session.get().name(), session.get().role());
            return pages.message(request, HttpStatus.FORBIDDEN, "无权访问", "您的角色 (" + session.get().roleLabel() + ") 无权打开此页面或进行此项操作。");
        }
        return null;
    }

    /** Not logged in (or the session ended): the login page, or 401 for a call that is not a page. */
    HttpResponse<?> loggedOut(HttpRequest<?> request) {
        boolean hadCookie = sessionId(request).isPresent();
        if (notAPage(request)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_PLAIN_TYPE.toString() + "; charset=utf-8")
                    .header("HX-Redirect", "/login").body("未登录或登录已过期, 请重新登录");
        }
        var r = Pages.seeOther(hadCookie ? "/login?expired=1" : "/login");
        if (hadCookie) r.cookie(cleared());
        return r;
    }
}
