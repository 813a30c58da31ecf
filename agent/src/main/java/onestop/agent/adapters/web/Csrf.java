package onestop.agent.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-site request forgery: no page elsewhere may settle, reverse or admit through this counter. Every page carries
 * a random token twice, in an HttpOnly SameSite=Strict cookie and in each form's hidden {@code _csrf} field; a POST
 * is done only when both are there and equal (compared in constant time), and when the browser does not say it comes
 * from another site ({@code Origin}, {@code Sec-Fetch-Site}).
 */
final class Csrf {
    static final String COOKIE = "onestop_csrf";
    static final String FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** A POST that fails the check; nothing was done. */
    static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** The browser's token when it has a well-formed one; else empty (a new one is made and set). */
    static Optional<String> existing(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(Csrf::wellFormed);
    }

    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Cookie cookie(String token) {
        return Cookie.of(COOKIE, token).httpOnly(true).sameSite(SameSite.Strict).path("/");
    }

    private static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    /** Throws {@link Refused} unless the form's token equals the cookie's and the request is not from another site. */
    static void check(HttpRequest<?> request, Map<String, String> form) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) throw new Refused("Sec-Fetch-Site " + site);
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            throw new Refused("Origin " + origin + " is not this agent");
        }
        String cookie = existing(request).orElse(null);
        String field = form.get(FIELD);
        if (cookie == null || field == null) throw new Refused(cookie == null ? "no token cookie" : "no token in the form");
        if (!MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("the form's token is not the cookie's");
        }
    }
}
