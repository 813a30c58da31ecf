package onestop.agent.adapters.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;

/** Every rejection as {@code {"code", "field", "message"}} with a fitting HTTP status and the link's state; never a trace. */
@Singleton
@Produces
@Requires(classes = {AgentException.class, ExceptionHandler.class})
final class ErrorAnswers implements ExceptionHandler<AgentException, HttpResponse<?>> {
    private final Answers answers;

    ErrorAnswers(Answers answers) {
        this.answers = answers;
    }

    static HttpStatus status(ResultCode code) {
        return switch (code) {
            // the card codes an HIS at the counter acts on differently from "fix the request" (why: CardController)
            case NO_READER -> HttpStatus.SERVICE_UNAVAILABLE;
            case NO_CARD -> HttpStatus.NOT_FOUND;
            case CARD_REMOVED, NOT_SIMULATED -> HttpStatus.CONFLICT;
            default -> switch (code.status()) {
                case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case ALREADY_EXISTS -> HttpStatus.CONFLICT;
                case FAILED_PRECONDITION -> HttpStatus.UNPROCESSABLE_ENTITY;
                case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
                case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
                case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
                case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            };
        };
    }

    MutableHttpResponse<Map<String, Object>> body(AgentException e) {
        return body(e.code().name(), e.field(), e.getMessage(), status(e.code()));
    }

    /** {@code code} is a ResultCode's name, or INTERNAL for a bug (not a rejection: there is nothing the caller did wrong). */
    MutableHttpResponse<Map<String, Object>> body(String code, String field, String message, HttpStatus status) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("code", code);
        m.put("field", field);
        m.put("message", onestop.engine.domain.IdNumber.maskAll(message));
        m.putAll(answers.answer());
        return HttpResponse.<Map<String, Object>>status(status).body(m);
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, AgentException e) {
        return body(e);
    }
}
