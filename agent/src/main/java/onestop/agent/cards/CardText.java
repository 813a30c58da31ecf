package onestop.agent.cards;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import onestop.engine.domain.IdNumber;

/** Turning what a card or a clerk gave into checked text; shared so every source applies the same rules. */
final class CardText {
    static final Charset GBK = Charset.forName("GBK");
    /** Longest name accepted from any source; ID card names are at most 15 characters, minority names a little more. */
    static final int MAX_NAME_CHARS = 64;

    private CardText() {
    }

    /** The canonical number, or INVALID_ID_NUMBER naming {@code what} and showing only the masked form. */
    static String idNumber(String raw, String what) throws CardException {
        return IdNumber.canonical(raw).orElseThrow(() -> {
            String typed = raw == null ? "" : raw.strip();
            if (typed.isEmpty()) return new CardException(CardError.INVALID_ID_NUMBER, what + " is empty");
            String why = typed.length() == 18
                    ? "fails the GB 11643 check (check character or birth date)"
                    : "has " + typed.length() + " characters, 18 expected";
            return new CardException(CardError.INVALID_ID_NUMBER, what + " " + IdNumber.mask(typed) + " " + why);
        });
    }

    /** A name a clerk typed: optional (empty when not given); a bad one is {@link CardError#INVALID_NAME}. */
    static String typedName(String raw, String what) throws CardException {
        return name(raw, what, false, CardError.INVALID_NAME);
    }

    /** A name off a card: required; a bad one means the card gave garbage, {@link CardError#READ_FAILED}. */
    static String cardName(String raw, String what) throws CardException {
        return name(raw, what, true, CardError.READ_FAILED);
    }

    // stripped, bounded, no control characters
    private static String name(String raw, String what, boolean required, CardError code) throws CardException {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() && required) throw new CardException(code, what + " is empty");
        if (name.length() > MAX_NAME_CHARS) {
            throw new CardException(code, what + " has " + name.length() + " characters, at most " + MAX_NAME_CHARS);
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.UNASSIGNED)) {
            throw new CardException(code, what + " has a control or unassigned character");
        }
        return name;
    }

    /** Printable ASCII ID text off a card, padding (NUL, space, 0xFF) trimmed; anything else is garbage. */
    static String ascii(byte[] bytes, String what) throws CardException {
        byte[] b = trimPadding(bytes);
        for (byte x : b) {
            if (x < 0x20 || x > 0x7E) throw new CardException(CardError.READ_FAILED, what + " is not ASCII text");
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** GBK text off a card, padding trimmed; malformed bytes are a failed read, not a mangled name. */
    static String gbk(byte[] bytes, String what) throws CardException {
        try {
            return GBK.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(trimPadding(bytes)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CardException(CardError.READ_FAILED, what + " is not GBK text");
        }
    }

    /** The bytes before the first NUL; a buffer without one means the library overran it or never wrote it. */
    static byte[] cString(byte[] buffer, String what) throws CardException {
        for (int i = 0; i < buffer.length; i++) {
            if (buffer[i] == 0) return java.util.Arrays.copyOf(buffer, i);
        }
        throw new CardException(CardError.READ_FAILED, what + " is not NUL-terminated within " + buffer.length + " bytes");
    }

    // Cards pad fixed-size fields with NUL, space or 0xFF; none of these can be part of a GBK character's last byte.
    private static byte[] trimPadding(byte[] b) {
        int from = 0;
        int to = b.length;
        while (from < to && isPadding(b[from])) from++;
        while (to > from && isPadding(b[to - 1])) to--;
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static boolean isPadding(byte x) {
        return x == 0 || x == 0x20 || x == (byte) 0xFF;
    }
}
