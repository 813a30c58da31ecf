package onestop.server.application.ports;

/**
 * The store refused a unit of work without running it: its queue is full, or the unit waited past its bound. Nothing
 * was written, so the caller may send the same request (same request id) again later. Not a bug: answered as
 * RESOURCE_EXHAUSTED, without a stack trace.
 */
public final class StoreBusy extends RuntimeException {
    public StoreBusy(String message) {
        super(message, null, false, false); // said thousands of times a second under overload: no stack to fill
    }
}
