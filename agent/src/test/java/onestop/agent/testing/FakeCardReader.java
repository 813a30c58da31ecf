package onestop.agent.testing;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;
import onestop.agent.adapters.web.CardReaderForPage;
import onestop.agent.adapters.web.CardReading;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.ResultCode;

/** A card reader for the page's 读卡 seam: holds {@link #card}, or answers NO_CARD when it is empty. */
@Singleton
@Requires(property = "onestop.test.card", value = "fake")
@Replaces(CardReaderForPage.class) // the page reads this instead of the configured reader
public final class FakeCardReader implements CardReading {
    public final AtomicReference<Card> card = new AtomicReference<>();

    public static Card socialSecurityCard(String idNumber, String name) {
        return new Card("SOCIAL_SECURITY_CARD", "社会保障卡", idNumber, IdNumber.mask(idNumber), name);
    }

    @Override
    public Card read(long timeoutMillis) {
        Card c = card.get();
        if (c == null) throw new AgentException(ResultCode.NO_CARD, "", "no card was presented within " + timeoutMillis + " ms (test)");
        return c;
    }
}
