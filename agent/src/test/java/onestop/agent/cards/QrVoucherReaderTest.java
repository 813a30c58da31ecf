package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import onestop.engine.domain.Document;
import org.junit.jupiter.api.Test;

/** The scanned text is checked before the resolver sees it; the resolver's verdicts pass through unchanged. */
class QrVoucherReaderTest {
    static final CardRead PERSON = new CardRead(Document.E_VOUCHER, "341002195603121237", "张秀英", "voucher");
    static final String CODE = "EC01.7f3a9c2e5b.1735689600.MEUCIQDx9";

    final List<String> asked = new ArrayList<>();
    // A fake server: one good code, one expired, everything else forged
    final QrVoucherReader reader = new QrVoucherReader(code -> {
        asked.add(code);
        if (code.equals(CODE)) return PERSON;
        if (code.equals("EC01.expired")) throw new CardException(CardError.VOUCHER_EXPIRED, "code expired 90 s ago");
        throw new CardException(CardError.VOUCHER_INVALID, "signature does not verify");
    });

    CardException fails(String scanned) {
        return assertThrows(CardException.class, () -> reader.resolve(scanned));
    }

    @Test
    void aScannedCodeWithTheScannersEnterIsTrimmedAndResolved() throws Exception {
        assertSame(PERSON, reader.resolve("  " + CODE + "\r\n"));
        assertEquals(List.of(CODE), asked);
    }

    @Test
    void theResolversExpiredAndInvalidVerdictsReachTheCaller() {
        assertEquals(CardError.VOUCHER_EXPIRED, fails("EC01.expired").code());
        assertEquals(CardError.VOUCHER_INVALID, fails("EC01.forged").code());
    }

    @Test
    void emptyOverlongOrNonAsciiTextNeverReachesTheResolver() {
        for (String scanned : new String[] {null, "", " \r\n", "A".repeat(QrVoucherReader.MAX_LENGTH + 1),
                "EC01.７f3a", "EC01.\u0007f3a", "EC01.电子凭证"}) {
            assertEquals(CardError.VOUCHER_INVALID, fails(scanned).code(), String.valueOf(scanned));
        }
        assertTrue(asked.isEmpty(), asked.toString());
    }

    @Test
    void theLongestAllowedCodeIsResolved() throws Exception {
        String longest = "A".repeat(QrVoucherReader.MAX_LENGTH);
        assertEquals(CardError.VOUCHER_INVALID, fails(longest).code());
        assertEquals(List.of(longest), asked);
    }

    @Test
    void messagesSayWhereTheTextIsWrongWithoutEchoingIt() {
        CardException e = fails("EC01.secret.电");
        assertTrue(e.getMessage().contains("position 13"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void aResolverThatReturnsNothingIsInvalid() {
        CardException e = assertThrows(CardException.class, () -> new QrVoucherReader(code -> null).resolve(CODE));
        assertEquals(CardError.VOUCHER_INVALID, e.code());
    }
}
