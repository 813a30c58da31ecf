package onestop.agent.adapters.web;

import jakarta.inject.Singleton;
import java.time.Duration;
import onestop.agent.application.AgentSettings;
import onestop.agent.application.Labels;
import onestop.agent.cards.CardException;
import onestop.agent.cards.CardRead;
import onestop.agent.cards.CardReader;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.IdNumber;

/** The page's 读卡 through the agent's configured card reader; a card failure is the same rejection the HIS API gives. */
@Singleton
public final class CardReaderForPage implements CardReading {
    private final CardReader reader;
    private final boolean configured;

    CardReaderForPage(CardReader reader, AgentSettings settings) {
        this.reader = reader;
        this.configured = !"none".equalsIgnoreCase(settings.cardReader().kind() == null ? "none" : settings.cardReader().kind().strip());
    }

    @Override
    public boolean configured() {
        return configured;
    }

    @Override
    public Card read(long timeoutMillis) {
        try {
            return card(reader.read(Duration.ofMillis(timeoutMillis)));
        } catch (CardException e) {
            throw rejection(e);
        }
    }

    static Card card(CardRead r) {
        return new Card(r.document().name(), Labels.of(Labels.DOCUMENTS, r.document().name()), r.idNumber(), IdNumber.mask(r.idNumber()),
                r.name());
    }

    /** A card failure as the agent's rejection: its code from the one list, the clerk's words first. */
    static AgentException rejection(CardException e) {
        return new AgentException(e.code().resultCode(), "", e.display());
    }
}
