package onestop.console.application;

/**
 * A refusal the console shows in Chinese: the server's ErrorInfo reason (or the console's own, such as
 * {@code INVALID_ARGUMENT} for a form field it checked before sending anything), the form field it is about (empty for
 * the whole request) and the English detail for the log.
 */
public final class ConsoleException extends RuntimeException {
    private final String reason;
    private final String field;

    public ConsoleException(String reason, String field, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.field = field == null ? "" : field;
    }

    /** A form field the console itself refuses before calling the server: {@code message} is the Chinese text shown. */
    public static ConsoleException field(String field, String message) {
        return new ConsoleException(Messages.FIELD, field, message);
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
