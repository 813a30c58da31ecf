package onestop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import onestop.engine.domain.IdNumber;
import org.junit.jupiter.api.Test;

class IdNumberTest {
    @Test
    void typedInputIsUpperCasedAndTrimmedThenChecked() {
        assertEquals(Optional.of("34100219800101004X"), IdNumber.canonical(" 34100219800101004x "));
        assertFalse(IdNumber.isValid("34100219800101004x"));
        assertEquals(Optional.empty(), IdNumber.canonical("341002195603121230"));
        assertEquals(Optional.empty(), IdNumber.canonical(null));
    }

    @Test
    void everyWrongCheckCharacterIsCaught() {
        String body = "34100219560312123";
        int valid = 0;
        for (char c : "0123456789X".toCharArray()) if (IdNumber.isValid(body + c)) valid++;
        assertEquals(1, valid);
        assertTrue(IdNumber.isValid(body + "7"));
    }

    @Test
    void masksForLogs() {
        assertEquals("341002********1237", IdNumber.mask("341002195603121237"));
        assertEquals("****", IdNumber.mask("1234"));
    }
}
