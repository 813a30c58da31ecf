package onestop.agent.cards;

import java.util.Objects;
import onestop.engine.domain.Document;

/**
 * An ID number (and optionally a name) typed by the clerk, for a household register or when no reader works.
 * Checked like a card's: GB 11643, a typed lower-case x upper-cased; errors name the field as the HIS API spells it
 * ({@code id_number}, {@code name}) and show only the masked form.
 */
public final class ManualEntry {
    public static final String SOURCE = "manual";

    private ManualEntry() {
    }

    /**
     * @param name may be null or blank when not asked for
     * @throws CardException INVALID_ID_NUMBER (field {@code id_number}) or INVALID_NAME (field {@code name})
     */
    public static CardRead enter(Document document, String idNumber, String name) throws CardException {
        Objects.requireNonNull(document, "document");
        String id = CardText.idNumber(idNumber, "id_number");
        return new CardRead(document, id, CardText.typedName(name, "name"), SOURCE);
    }
}
