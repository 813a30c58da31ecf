package onestop.engine.domain;

import java.util.function.Function;

/** A value or a business rejection: how the engine answers, never by throwing. */
public sealed interface Outcome<T> {
    record Ok<T>(T value) implements Outcome<T> {}

    record Rejected<T>(Rejection rejection) implements Outcome<T> {}

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> rejected(ResultCode code, String field, String message) {
        return new Rejected<>(Rejection.of(code, field, message));
    }

    static <T> Outcome<T> rejected(Rejection rejection) {
        return new Rejected<>(rejection);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws IllegalStateException on a rejection (a caller that did not check is a bug). */
    default T value() {
        if (this instanceof Ok<T> ok) return ok.value();
        throw new IllegalStateException("rejected: " + ((Rejected<T>) this).rejection());
    }

    /** The rejection, or null when this is a value. */
    default Rejection rejection() {
        return this instanceof Rejected<T> r ? r.rejection() : null;
    }

    default <U> Outcome<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) return new Ok<>(f.apply(ok.value()));
        return new Rejected<>(((Rejected<T>) this).rejection());
    }
}
