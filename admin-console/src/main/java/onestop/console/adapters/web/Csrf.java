package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import onestop.console.application.Session;

/**
 * Cross-site request forgery: no page elsewhere may act through a logged-in office user. Every form of a session carries
 * the session's own random token ({@code _csrf}; htmx sends it as {@code X-CSRF-Token}); a POST is done only when it
 * is there and equal (constant time), and when the browser does not say the request comes from another site. The login
 * form, before there is a session, carries a token doubled in an HttpOnly SameSite=Strict cookie.
 */
final class Csrf {
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String LOGIN_COOKIE = "onestop_console_login";

    private Csrf() {}

    /** A POST that fails the check; nothing was done. */
    static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** Throws {@link Refused} unless the request carries the session's token and is not from another site. */
    static void check(HttpRequest<?> request, Session session, String formToken) {
        sameSite(request);
        String sent = formToken != null ? formToken : request.getHeaders().get(HEADER);
        if (sent == null) throw new Refused("no token in the form");
        if (!equal(session.csrf(), sent)) throw new Refused("the form's token is not the session's");
    }

    /** The login form's check: its field equals the login cookie. */
    static void checkLogin(HttpRequest<?> request, String formToken) {
        sameSite(request);
        String cookie = loginCookie(request).orElse(null);
        if (cookie == null || formToken == null) throw new Refused(cookie == null ? "no login token cookie" : "no token in the form");
        if (!equal(cookie, formToken)) throw new Refused("the form's token is not the cookie's");
    }

    static Optional<String> loginCookie(HttpRequest<?> request) {
        return request.getCookies().findCookie(LOGIN_COOKIE).map(Cookie::getValue).filter(v -> v.length() == 43);
    }

    static Cookie loginCookie(String token, boolean secure) {
        return Cookie.of(LOGIN_COOKIE, token).httpOnly(true).sameSite(SameSite.Strict).secure(secure).path("/login");
    }

    private static void sameSite(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) throw new Refused("Sec-Fetch-Site " + site);
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        if (origin != null && (host == null || !(origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host)))) {
            throw new Refused("Origin " + origin + " is not this console");
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
