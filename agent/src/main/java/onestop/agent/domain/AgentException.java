package onestop.agent.domain;

import java.util.Objects;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;

/**
 * A rejection the agent answers its caller with: one code of {@link ResultCode} (the server's codes, same names, and
 * the agent's own), the field it is about ("" for the request as a whole) and a message for a person. Thrown through
 * the application and turned into {@code {"code", "field", "message"}} at the HTTP edge; never a stack trace.
 */
public final class AgentException extends RuntimeException {
    private final ResultCode code;
    private final String field;

    public AgentException(ResultCode code, String field, String message) {
        super(message, null, false, false); // a value, not a bug: no stack trace is taken
        this.code = Objects.requireNonNull(code);
        this.field = field == null ? "" : field;
    }

    public static AgentException of(Rejection r) {
        return new AgentException(r.code(), r.field(), r.message());
    }

    public static AgentException invalid(String field, String message) {
        return new AgentException(ResultCode.INVALID_ARGUMENT, field, message);
    }

    public ResultCode code() {
        return code;
    }

    public String field() {
        return field;
    }
}
