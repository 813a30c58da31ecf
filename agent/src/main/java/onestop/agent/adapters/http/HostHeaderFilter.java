package onestop.agent.adapters.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.Locale;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;

/**
 * DNS rebinding: a web page elsewhere may point its own host name at 127.0.0.1 and so reach this agent as if it were
 * its own site. Every request must name this agent in its Host header — {@code 127.0.0.1:PORT} or
 * {@code localhost:PORT}, PORT the one it came in on — or it is refused before anything else runs (the cashier page,
 * whose forms have no API key, above all).
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class HostHeaderFilter implements Ordered {
    private final ErrorAnswers errors;

    HostHeaderFilter(ErrorAnswers errors) {
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }

    static boolean allowed(@Nullable String host, int port) {
        if (host == null) return false;
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port)
                || port == 80 && (h.equals("127.0.0.1") || h.equals("localhost"));
    }

    @RequestFilter
    @Nullable // null: the request names this agent and goes on
    HttpResponse<?> check(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (allowed(host, request.getServerAddress().getPort())) return null;
        String why = "the Host header must be 127.0.0.1:PORT or localhost:PORT of this agent";
        if (request.getPath().startsWith("/api/")) {
            return errors.body(new AgentException(ResultCode.PERMISSION_DENIED, "Host", why)).status(HttpStatus.FORBIDDEN);
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType("text/plain; charset=utf-8")
                .body("请在本机用 http://127.0.0.1:端口/ 打开收费页面 (" + why + ")\n");
    }
}
