package onestop.agent.adapters.web;

/**
 * The page's seam to a card reader (社保卡, 身份证, simulated): the 读卡 key calls it when the agent has one; without one
 * the page says so and the ID number is typed. An adapter to the agent's card service provides this bean; a failure
 * is an {@link onestop.agent.domain.AgentException} with NO_READER, NO_CARD, CARD_REMOVED or READ_FAILED.
 */
public interface CardReading {
    /** @param document a code of {@link onestop.engine.domain.Document} (ID_CARD, SOCIAL_SECURITY_CARD, …) */
    record Card(String document, String documentLabel, String idNumber, String idNumberMasked, String name) {}

    /** False when this agent reads no cards (card-reader kind none): the page then asks for the typed number. */
    default boolean configured() {
        return true;
    }

    /** Waits up to {@code timeoutMillis} for a card and reads it. */
    Card read(long timeoutMillis);
}
