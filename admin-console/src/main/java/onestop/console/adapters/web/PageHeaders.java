package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The console's responses: its own scripts, styles and data requests only (no inline code, no CDN), never in a frame,
 * no referrer to other sites, and nothing with office data kept in the browser's cache.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class PageHeaders {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CSP);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "same-origin");
        String path = request.getPath();
        if (!path.startsWith("/assets/") && !path.startsWith("/webjars/")) response.header("Cache-Control", "no-store");
    }
}
