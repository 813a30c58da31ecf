package onestop.agent.cards;

import java.time.Duration;

/**
 * Reads one card or document at the counter. Which implementation runs is a matter of configuration
 * ({@link CardReaders}); the rest of the agent sees only this.
 */
public interface CardReader extends AutoCloseable {
    /** How long a caller may ask to wait: a clerk waits seconds, not hours. */
    Duration MAX_WAIT = Duration.ofMinutes(5);

    /**
     * Waits at most {@code timeout} (positive, at most {@link #MAX_WAIT}) for a card, then reads it.
     *
     * @throws CardException with {@link CardError#NO_CARD} when none came in time, or another code when the read failed
     */
    CardRead read(Duration timeout) throws CardException;

    /** Releases what the reader holds; reading after close is not supported. */
    @Override
    default void close() {
    }
}
