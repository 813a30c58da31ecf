package onestop.agent.adapters.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import onestop.agent.application.AgentSettings;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;

/**
 * The HIS API needs its key ({@code X-Api-Key}), compared in constant time; the cashier page and health do not, nor
 * the API's own description ({@link OpenApiController#PATH}), which holds no data.
 */
@ServerFilter("/api/**")
@Order(ApiKeyFilter.ORDER)
final class ApiKeyFilter {
    /** Before {@link JsonBodyFilter}: without the key a caller learns nothing else about its request. */
    static final int ORDER = 0;

    private final byte[] key;
    private final ErrorAnswers errors;

    ApiKeyFilter(AgentSettings settings, ErrorAnswers errors) {
        this.key = settings.apiKey().getBytes(StandardCharsets.UTF_8);
        this.errors = errors;
    }

    @RequestFilter
    @Nullable // null: the key is right, the request goes on
    HttpResponse<?> check(HttpRequest<?> request) {
        if (request.getPath().equals(OpenApiController.PATH)) return null; // the API's description holds no data
        String given = request.getHeaders().get("X-Api-Key");
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key)) return null;
        return errors.body(new AgentException(ResultCode.UNAUTHENTICATED, "X-Api-Key", given == null
                ? "the X-Api-Key header is required (the key in the agent's api-key-file)" : "the X-Api-Key is not this agent's key"))
                .status(HttpStatus.UNAUTHORIZED);
    }
}
