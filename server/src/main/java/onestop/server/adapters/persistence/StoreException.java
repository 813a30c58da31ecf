package onestop.server.adapters.persistence;

/** The store failed (I/O, a constraint broken by a bug, retries used up). Never a business outcome. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
