package onestop.agent.adapters.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import onestop.agent.domain.AgentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the framework itself refuses — a body over the size limit, an unknown path or method, a bug — answered in the
 * API's own shape, so an HIS parses one error format only. A bug is one log line with its trace and an incident id.
 */
@Controller
final class FrameworkErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkErrors.class);
    private final ErrorAnswers errors;

    FrameworkErrors(ErrorAnswers errors) {
        this.errors = errors;
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    HttpResponse<?> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return errors.body(AgentException.invalid("", "the request body is larger than the agent accepts (64 KiB)"))
                .status(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    HttpResponse<?> notFound(HttpRequest<?> request) {
        return errors.body(AgentException.invalid("", "no such resource: " + request.getMethodName() + " " + request.getPath()))
                .status(HttpStatus.NOT_FOUND);
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    HttpResponse<?> notAllowed(HttpRequest<?> request) {
        return errors.body(AgentException.invalid("", request.getMethodName() + " is not allowed on " + request.getPath()))
                .status(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    HttpResponse<?> mediaType(HttpRequest<?> request) {
        return errors.body(AgentException.invalid("", "the body must be JSON (Content-Type: application/json)"))
                .status(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    /** No body where one is needed: the framework refuses before JsonRequest can, so it is answered here the same way. */
    @Error(global = true, exception = io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException.class)
    HttpResponse<?> noBody(HttpRequest<?> request, io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException e) {
        return errors.body(AgentException.invalid("", "the request needs a JSON object body"));
    }

    @Error(global = true, exception = io.micronaut.core.convert.exceptions.ConversionErrorException.class)
    HttpResponse<?> conversion(HttpRequest<?> request, io.micronaut.core.convert.exceptions.ConversionErrorException e) {
        return errors.body(AgentException.invalid(e.getArgument().getName(), e.getArgument().getName() + " has the wrong form"));
    }

    /** A rejection: its code, field and message (declared here, as the catch-all below would otherwise take it). */
    @Error(global = true, exception = AgentException.class)
    HttpResponse<?> rejected(HttpRequest<?> request, AgentException e) {
        return errors.body(e);
    }

    @Error(global = true, exception = RuntimeException.class)
    HttpResponse<?> bug(HttpRequest<?> request, RuntimeException e) {
        if (e instanceof AgentException a) return errors.body(a);
        String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {} on {} {}: {}", incident, request.getMethodName(), request.getPath(), e.toString(), e);
        return errors.body("INTERNAL", "", "internal error, incident " + incident
                + "; nothing was settled unless GET /api/v1/settlements/{id} shows it; retry with the same request_id",
                HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
