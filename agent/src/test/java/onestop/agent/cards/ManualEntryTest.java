package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import onestop.engine.domain.Document;
import org.junit.jupiter.api.Test;

class ManualEntryTest {
    @Test
    void aTypedNumberIsCheckedTrimmedAndUpperCased() throws Exception {
        CardRead read = ManualEntry.enter(Document.HOUSEHOLD_REGISTER, " 11010519491231002x ", " 李四 ");

        assertEquals(new CardRead(Document.HOUSEHOLD_REGISTER, "11010519491231002X", "李四", ManualEntry.SOURCE), read);
    }

    @Test
    void theNameIsOptional() throws Exception {
        assertEquals("", ManualEntry.enter(Document.ID_CARD, "341002195603121237", null).name());
        assertEquals("", ManualEntry.enter(Document.ID_CARD, "341002195603121237", "  ").name());
    }

    @Test
    void anInvalidNumberNamesTheFieldAndShowsOnlyTheMaskedForm() {
        String typo = "341002195603121273";
        CardException e = assertThrows(CardException.class, () -> ManualEntry.enter(Document.ID_CARD, typo, "张秀英"));

        assertEquals(CardError.INVALID_ID_NUMBER, e.code());
        assertTrue(e.getMessage().startsWith("id_number 341002********1273 "), e.getMessage());
        assertFalse(e.getMessage().contains(typo), e.getMessage());
    }

    @Test
    void aShortOrEmptyNumberSaysHowLongItIs() {
        CardException shortOne = assertThrows(CardException.class, () -> ManualEntry.enter(Document.ID_CARD, "34100219560312123", ""));
        assertEquals(CardError.INVALID_ID_NUMBER, shortOne.code());
        assertTrue(shortOne.getMessage().contains("17 characters, 18 expected"), shortOne.getMessage());
        assertFalse(shortOne.getMessage().contains("34100219560312123"), shortOne.getMessage());

        CardException empty = assertThrows(CardException.class, () -> ManualEntry.enter(Document.ID_CARD, null, ""));
        assertEquals("id_number is empty", empty.getMessage());
    }

    @Test
    void aBadNameIsInvalidName() {
        for (String name : new String[] {"张\n秀英", "张".repeat(CardText.MAX_NAME_CHARS + 1)}) {
            CardException e = assertThrows(CardException.class, () -> ManualEntry.enter(Document.ID_CARD, "341002195603121237", name));
            assertEquals(CardError.INVALID_NAME, e.code());
            assertTrue(e.getMessage().startsWith("name "), e.getMessage());
        }
    }
}
