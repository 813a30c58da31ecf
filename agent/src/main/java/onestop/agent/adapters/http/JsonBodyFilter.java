package onestop.agent.adapters.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;
import java.util.Set;
import onestop.agent.domain.AgentException;
import onestop.engine.application.Inputs;

/**
 * Every body the HIS API takes is one JSON object in UTF-8 (read by {@link JsonRequest}). The Content-Type may say
 * so ({@code application/json}), or be absent, {@code text/plain} or {@code application/x-www-form-urlencoded} (what
 * {@code curl -d} sends): the body is read as JSON all the same. Any other type (XML, multipart, a file) or a charset
 * other than UTF-8 is 415 naming {@code Content-Type}, refused before the framework decodes the body (an unknown
 * charset would otherwise fail inside it). Runs after the key check: a caller without the key learns nothing more.
 */
@ServerFilter("/api/**")
@Order(ApiKeyFilter.ORDER + 10)
final class JsonBodyFilter {
    static final Set<String> READ_AS_JSON = Set.of("application/json", "text/plain", "application/x-www-form-urlencoded");
    private final ErrorAnswers errors;

    JsonBodyFilter(ErrorAnswers errors) {
        this.errors = errors;
    }

    @RequestFilter
    @Nullable // null: the body may be read
    HttpResponse<?> check(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) return null;
        String problem = problem(request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        if (problem == null) return null;
        return errors.body(AgentException.invalid(HttpHeaders.CONTENT_TYPE, problem)).status(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    /** What is wrong with a Content-Type header for a JSON body, or null when nothing is. */
    static String problem(@Nullable String header) {
        if (header == null || header.isBlank()) return null;
        String[] parts = header.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!READ_AS_JSON.contains(type) && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return "the body must be JSON (Content-Type: application/json), not " + Inputs.quote(type);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) continue;
            String charset = parameter.substring(eq + 1).strip();
            if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                return "the body must be UTF-8 (charset=utf-8), not " + Inputs.quote(charset);
            }
        }
        return null;
    }
}
