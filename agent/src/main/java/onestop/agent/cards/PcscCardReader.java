package onestop.agent.cards;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third-generation social security card (第三代社保卡) through PC/SC ({@code javax.smartcardio}): selects the SSSE
 * application, file EF06, and reads record 08 (ID number, ASCII) and record 09 (name, GBK).
 *
 * <p>The terminal is the configured one, else the first holding a card, else the first connected (to choose among
 * several empty ones, configure the name). Every step has a limit: the wait for a card is the caller's timeout, the
 * exchange with the card {@link #DEFAULT_EXCHANGE_LIMIT}, and a record at most {@link #MAX_RECORD_BYTES}.
 */
public final class PcscCardReader implements CardReader {
    static final Duration DEFAULT_EXCHANGE_LIMIT = Duration.ofSeconds(5);
    /** Record 08 is 18 bytes and record 09 30 bytes, each after a two-byte tag and length. */
    static final int MAX_RECORD_BYTES = 64;
    static final int RECORD_ID_NUMBER = 0x08;
    static final int RECORD_NAME = 0x09;

    private static final Logger LOG = LoggerFactory.getLogger(PcscCardReader.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** "sx1.sh.社会保障" in GBK: the social security application (SSSE). */
    static final byte[] SSSE_AID = HEX.parseHex("7378312E73682EC9E7BBE1B1A3D5CF");
    private static final CommandAPDU SELECT_SSSE = new CommandAPDU(0x00, 0xA4, 0x04, 0x00, SSSE_AID);
    private static final CommandAPDU SELECT_EF06 = new CommandAPDU(HEX.parseHex("00A4020002EF06"));

    private final Supplier<CardTerminals> terminals;
    private final String terminalName;
    private final Duration exchangeLimit;
    private final BoundedRead bounded = new BoundedRead("pcsc");

    /** The platform's PC/SC service; {@code terminalName} null or blank for "whichever holds a card". */
    public PcscCardReader(String terminalName) {
        this(PcscCardReader::systemTerminals, terminalName, DEFAULT_EXCHANGE_LIMIT);
    }

    /**
     * @param terminals     where the terminals come from; may throw (an unchecked exception) when there is no PC/SC
     *                      service, which reads as {@link CardError#NO_READER}
     * @param exchangeLimit how long connecting and the four commands may take together
     */
    public PcscCardReader(Supplier<CardTerminals> terminals, String terminalName, Duration exchangeLimit) {
        this.terminals = java.util.Objects.requireNonNull(terminals);
        this.terminalName = terminalName == null || terminalName.isBlank() ? null : terminalName.strip();
        this.exchangeLimit = BoundedRead.checkTimeout(exchangeLimit);
    }

    @Override
    public CardRead read(Duration timeout) throws CardException {
        return bounded.read(timeout, exchangeLimit, this::readCard);
    }

    private CardRead readCard(Duration wait) throws CardException {
        CardTerminal terminal = pick();
        String where = "terminal \"" + terminal.getName() + "\"";
        try {
            // waitForCardPresent(0) would wait forever
            if (!terminal.waitForCardPresent(Math.max(1, wait.toMillis()))) {
                throw new CardException(CardError.NO_CARD, "no card in " + where + " within " + wait.toMillis() + " ms");
            }
        } catch (javax.smartcardio.CardException e) {
            throw new CardException(CardError.NO_READER, where + " stopped answering: " + e.getMessage(), e);
        }
        Card card;
        try {
            card = terminal.connect("*");
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            throw lost(terminal, "connect", e);
        }
        try {
            CardChannel channel = card.getBasicChannel();
            transmit(terminal, channel, SELECT_SSSE, "SELECT SSSE");
            transmit(terminal, channel, SELECT_EF06, "SELECT EF06");
            byte[] id = record(transmit(terminal, channel, readRecord(RECORD_ID_NUMBER), "READ RECORD 08"), RECORD_ID_NUMBER);
            byte[] name = record(transmit(terminal, channel, readRecord(RECORD_NAME), "READ RECORD 09"), RECORD_NAME);
            String idNumber = CardText.idNumber(CardText.ascii(id, "ID number record"), "ID number on the card in " + where);
            CardRead read = new CardRead(Document.SOCIAL_SECURITY_CARD, idNumber,
                    CardText.cardName(CardText.gbk(name, "name record"), "name record"), "pcsc:" + terminal.getName());
            LOG.info("read social security card {} in {}", IdNumber.mask(idNumber), where);
            return read;
        } finally {
            disconnect(card, where);
        }
    }

    private CardTerminal pick() throws CardException {
        CardTerminals all;
        List<CardTerminal> list;
        try {
            all = terminals.get();
            list = all.list();
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            throw new CardException(CardError.NO_READER, "PC/SC service not available (is pcscd running?): " + e.getMessage(), e);
        }
        if (list == null || list.isEmpty()) {
            throw new CardException(CardError.NO_READER, "no card terminal is connected");
        }
        if (terminalName != null) {
            for (CardTerminal t : list) {
                if (terminalName.equals(t.getName())) return t;
            }
            throw new CardException(CardError.NO_READER, "terminal \"" + terminalName + "\" is not connected; connected: "
                    + list.stream().map(CardTerminal::getName).toList());
        }
        for (CardTerminal t : list) {
            try {
                if (t.isCardPresent()) return t;
            } catch (javax.smartcardio.CardException e) {
                LOG.debug("terminal \"{}\" cannot say whether it holds a card: {}", t.getName(), e.getMessage());
            }
        }
        return list.get(0);
    }

    private static CommandAPDU readRecord(int record) {
        // P2 = 04: P1 is the record number; Le = 00: up to 256 bytes
        return new CommandAPDU(new byte[] {0x00, (byte) 0xB2, (byte) record, 0x04, 0x00});
    }

    private static ResponseAPDU transmit(CardTerminal terminal, CardChannel channel, CommandAPDU command, String step)
            throws CardException {
        ResponseAPDU response;
        try {
            response = channel.transmit(command);
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            throw lost(terminal, step, e);
        }
        if (response.getSW() != 0x9000) {
            String sw = HEX.toHexDigits((short) response.getSW());
            String hint = response.getSW() == 0x6A82 && step.equals("SELECT SSSE") ? " (not a social security card?)" : "";
            throw new CardException(CardError.READ_FAILED, step + " answered status word " + sw + hint);
        }
        return response;
    }

    /** A record's value: the data after its tag (the record number) and length byte, or all of it if untagged. */
    static byte[] record(ResponseAPDU response, int record) throws CardException {
        byte[] data = response.getData();
        if (data.length > MAX_RECORD_BYTES) {
            throw new CardException(CardError.READ_FAILED, "record " + HEX.toHexDigits((byte) record) + " is "
                    + data.length + " bytes, at most " + MAX_RECORD_BYTES + " expected");
        }
        // An ID number starts with a digit and a GBK name with a byte >= 0x81, so a leading tag cannot be mistaken
        if (data.length >= 2 && (data[0] & 0xFF) == record && (data[1] & 0xFF) <= data.length - 2) {
            return java.util.Arrays.copyOfRange(data, 2, 2 + (data[1] & 0xFF));
        }
        return data;
    }

    /** A failure mid-read: a card that is gone was pulled out; one still there did not answer properly. */
    private static CardException lost(CardTerminal terminal, String step, Exception e) {
        boolean present;
        try {
            present = terminal.isCardPresent();
        } catch (javax.smartcardio.CardException | RuntimeException x) {
            present = false;
        }
        String where = "terminal \"" + terminal.getName() + "\"";
        return present
                ? new CardException(CardError.READ_FAILED, step + " failed in " + where + ": " + e.getMessage(), e)
                : new CardException(CardError.CARD_REMOVED, "card removed from " + where + " during " + step, e);
    }

    private static void disconnect(Card card, String where) {
        try {
            // false: leave the card as it is; another application at the counter may share the reader
            card.disconnect(false);
        } catch (javax.smartcardio.CardException | RuntimeException e) {
            LOG.debug("disconnect in {} failed: {}", where, e.getMessage());
        }
    }

    /** The default PC/SC provider's terminals; "None" is what the JDK falls back to without a PC/SC library. */
    static CardTerminals systemTerminals() {
        TerminalFactory factory = TerminalFactory.getDefault();
        if ("None".equals(factory.getType())) {
            throw new IllegalStateException("no PC/SC provider on this platform (on Linux: is libpcsclite installed?)");
        }
        return factory.terminals();
    }

    @Override
    public String toString() {
        return "PcscCardReader[" + (terminalName == null ? "any terminal" : terminalName) + "]";
    }
}
