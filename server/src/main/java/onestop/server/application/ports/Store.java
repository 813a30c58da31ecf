package onestop.server.application.ports;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where the server keeps its facts. {@link #write} runs a unit of work in one transaction (all or
 * nothing; the store may run it again after a lost race, so it must not have effects outside the
 * transaction); {@link #read} runs queries outside one.
 */
public interface Store {
    <T> T write(Function<StoreTx, T> work);

    /**
     * {@link #write}, answered through a future completed once the transaction is committed. A store whose writes
     * queue for one writer ({@link #writesQueued}) returns at once and completes the future on its writer thread, so no
     * thread waits for the commit; any other runs the work now, on the caller's thread. A store too busy to take the
     * work fails the future with {@link StoreBusy} (nothing written).
     */
    default <T> CompletableFuture<T> writeLater(Function<StoreTx, T> work) {
        try {
            return CompletableFuture.completedFuture(write(work));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True when {@link #writeLater} never blocks its caller (it may then be called from a network thread). */
    default boolean writesQueued() {
        return false;
    }

    <T> T read(Function<StoreTx, T> work);
}
