package onestop.agent.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The cashier page's responses: its own scripts and styles only (no inline code, nothing from elsewhere), never in a
 * frame of another site, no referrer to other sites, and pages with patient data not kept in the browser's cache.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class PageHeaders {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getPath().startsWith("/api/")) return;
        response.header("Content-Security-Policy", CSP);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        // not no-referrer: with it a browser sends "Origin: null" on the page's own form posts, which the origin checks
        // (ours and Micronaut's drive-by-localhost guard) must refuse
        response.header("Referrer-Policy", "same-origin");
        if (!request.getPath().startsWith("/assets/")) response.header("Cache-Control", "no-store");
    }
}
