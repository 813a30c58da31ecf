package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import onestop.engine.domain.Document;
import org.junit.jupiter.api.Test;

class CardExceptionTest {
    @Test
    void messagesAreOneLineAndMaskAnyIdNumberAFailingDriverEchoes() {
        CardException e = new CardException(CardError.READ_FAILED, "vendor said:\n  bad card 11010519491231002x\r\n(retry)");

        assertEquals("vendor said: bad card 110105********002x (retry)", e.getMessage());
        assertEquals("读卡失败：" + e.getMessage(), e.display());
    }

    @Test
    void longerDigitRunsAreNotMistakenForIdNumbers() {
        String serial = "1234567890123456789012";
        assertEquals("serial " + serial, new CardException(CardError.READ_FAILED, "serial " + serial).getMessage());
    }

    @Test
    void withoutAMessageTheCodesOwnIsUsed() {
        assertEquals(CardError.NO_CARD.message(), new CardException(CardError.NO_CARD, null).getMessage());
    }

    @Test
    void everyCodeHasALabelAndAMessage() {
        for (CardError code : CardError.values()) {
            assertFalse(code.label().isBlank() || code.message().isBlank(), code.name());
        }
    }

    @Test
    void aCardReadNeverPrintsItsNumberAndRefusesAnInvalidOne() {
        CardRead read = new CardRead(Document.ID_CARD, "341002195603121237", "张秀英", "manual");
        assertTrue(read.toString().contains("341002********1237"), read.toString());
        assertFalse(read.toString().contains("341002195603121237"), read.toString());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CardRead(Document.ID_CARD, "341002195603121238", "", "manual"));
        assertFalse(e.getMessage().contains("341002195603121238"), e.getMessage());
    }
}
