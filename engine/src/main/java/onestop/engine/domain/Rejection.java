package onestop.engine.domain;

import java.util.Objects;

/** A business rejection: the closed code, the request field at fault (may be empty) and a sentence for people. */
public record Rejection(ResultCode code, String field, String message) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        field = field == null ? "" : field;
        message = message == null ? code.name() : message;
    }

    public static Rejection of(ResultCode code, String field, String message) {
        return new Rejection(code, field, message);
    }

    @Override
    public String toString() {
        return code + (field.isEmpty() ? "" : " [" + field + "]") + ": " + message;
    }
}
