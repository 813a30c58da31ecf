package onestop.agent.cards;

import java.util.Objects;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;

/**
 * One document read at the counter.
 *
 * @param document what was presented
 * @param idNumber the canonical 18-character resident ID number (checked against GB 11643 on construction)
 * @param name     the holder's name; empty when the document does not carry one (a typed number without a name)
 * @param source   where it came from, for the audit trail: {@code pcsc:<terminal>}, {@code idcard:<library>},
 *                 {@code voucher}, {@code manual}, {@code simulated}
 */
public record CardRead(Document document, String idNumber, String name, String source) {
    public CardRead {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (!IdNumber.isValid(idNumber)) {
            throw new IllegalArgumentException("idNumber " + IdNumber.mask(idNumber) + " is not a canonical GB 11643 number");
        }
    }

    /** Masked: records end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "CardRead[" + document + ", " + IdNumber.mask(idNumber) + ", " + name + ", " + source + "]";
    }
}
