package onestop.engine.application.policy;

/**
 * A policy file that cannot be used. The message is one line naming the file and the field, e.g.
 * {@code heyuan-2019.yaml: basic.RESIDENT.INPATIENT.levels.PRIMARY.rate: must be a decimal between 0 and 1, got "1.5"}.
 * Configuration errors stop a start-up loudly; they are not business rejections.
 */
public final class PolicyException extends RuntimeException {
    private final String source;
    private final String field;

    public PolicyException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem, null, false, false);
        this.source = source;
        this.field = field;
    }

    public String source() {
        return source;
    }

    /** The dotted path of the field at fault ({@code segments[1].upTo}); empty for the whole file. */
    public String field() {
        return field;
    }
}
