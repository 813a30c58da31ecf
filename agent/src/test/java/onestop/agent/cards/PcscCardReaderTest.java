package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import onestop.engine.domain.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The reader against a Mockito card that answers the social security card's APDUs (and fails on demand). */
class PcscCardReaderTest {
    static final String ID = "341002195603121237";
    static final String NAME = "张秀英";
    static final String TERMINAL = "ACS ACR39U ICC Reader 00 00";
    static final Duration WAIT = Duration.ofSeconds(2);
    static final HexFormat HEX = HexFormat.of().withUpperCase();

    // The APDUs the reader must send, exactly; anything else gets 6D00 (instruction not supported)
    static final String SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";
    static final String SELECT_EF06 = "00A4020002EF06";
    static final String READ_08 = "00B2080400";
    static final String READ_09 = "00B2090400";

    final CardTerminals terminals = mock(CardTerminals.class);
    final CardTerminal terminal = mock(CardTerminal.class);
    final Card card = mock(Card.class);
    final CardChannel channel = mock(CardChannel.class);
    final Map<String, String> answers = new HashMap<>();

    @BeforeEach
    void aCardInTheTerminal() throws Exception {
        when(terminals.list()).thenReturn(List.of(terminal));
        when(terminal.getName()).thenReturn(TERMINAL);
        when(terminal.isCardPresent()).thenReturn(true);
        when(terminal.waitForCardPresent(anyLong())).thenReturn(true);
        when(terminal.connect("*")).thenReturn(card);
        when(card.getBasicChannel()).thenReturn(channel);
        when(channel.transmit(any())).thenAnswer(inv -> answer(inv.getArgument(0)));
        answers.put(SELECT_SSSE, "6F00" + "9000");
        answers.put(SELECT_EF06, "9000");
        answers.put(READ_08, "0812" + HEX.formatHex(ID.getBytes(StandardCharsets.US_ASCII)) + "9000");
        answers.put(READ_09, "091E" + padded(NAME.getBytes("GBK"), 30) + "9000");
    }

    ResponseAPDU answer(CommandAPDU command) {
        return new ResponseAPDU(HEX.parseHex(answers.getOrDefault(HEX.formatHex(command.getBytes()), "6D00")));
    }

    static String padded(byte[] value, int size) {
        return HEX.formatHex(value) + "00".repeat(size - value.length);
    }

    PcscCardReader reader(String terminalName) {
        return new PcscCardReader(() -> terminals, terminalName, Duration.ofSeconds(2));
    }

    CardException fails(CardError code, Executable read) {
        CardException e = assertThrows(CardException.class, read);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void readsTheIdNumberAndNameAndDisconnects() throws Exception {
        CardRead read = reader(null).read(WAIT);

        assertEquals(new CardRead(Document.SOCIAL_SECURITY_CARD, ID, NAME, "pcsc:" + TERMINAL), read);
        verify(terminal).waitForCardPresent(WAIT.toMillis());
        verify(card).disconnect(false);
    }

    @Test
    void acceptsRecordsWithoutTagAndLengthAndTrimsSpacePadding() throws Exception {
        answers.put(READ_08, HEX.formatHex(ID.getBytes(StandardCharsets.US_ASCII)) + "2020" + "9000");
        answers.put(READ_09, HEX.formatHex(NAME.getBytes("GBK")) + "FFFF" + "9000");

        CardRead read = reader(null).read(WAIT);

        assertEquals(ID, read.idNumber());
        assertEquals(NAME, read.name());
    }

    @Test
    void noTerminalConnectedIsNoReader() throws Exception {
        when(terminals.list()).thenReturn(List.of());

        fails(CardError.NO_READER, () -> reader(null).read(WAIT));
    }

    @Test
    void missingPcscServiceIsNoReader() throws Exception {
        CardException noProvider = fails(CardError.NO_READER, () -> new PcscCardReader(() -> {
            throw new IllegalStateException("no PC/SC provider on this platform");
        }, null, WAIT).read(WAIT));
        assertTrue(noProvider.getMessage().contains("no PC/SC provider"), noProvider.getMessage());

        when(terminals.list()).thenThrow(new javax.smartcardio.CardException("list() failed: SCARD_E_NO_SERVICE"));
        CardException noService = fails(CardError.NO_READER, () -> reader(null).read(WAIT));
        assertTrue(noService.getMessage().contains("SCARD_E_NO_SERVICE"), noService.getMessage());
    }

    @Test
    void configuredTerminalThatIsNotConnectedIsNoReaderNamingBoth() {
        CardException e = fails(CardError.NO_READER, () -> reader("Other Reader 01").read(WAIT));

        assertTrue(e.getMessage().contains("Other Reader 01") && e.getMessage().contains(TERMINAL), e.getMessage());
    }

    @Test
    void usesTheTerminalHoldingACardOrTheConfiguredOne() throws Exception {
        CardTerminal empty = mock(CardTerminal.class);
        when(empty.getName()).thenReturn("Empty 00");
        when(terminals.list()).thenReturn(List.of(empty, terminal));

        assertEquals("pcsc:" + TERMINAL, reader(null).read(WAIT).source());
        assertEquals("pcsc:" + TERMINAL, reader(TERMINAL).read(WAIT).source());
        verify(empty, never()).connect(any());
    }

    @Test
    void noCardWithinTheTimeoutIsNoCard() throws Exception {
        when(terminal.isCardPresent()).thenReturn(false);
        when(terminal.waitForCardPresent(anyLong())).thenReturn(false);

        fails(CardError.NO_CARD, () -> reader(null).read(Duration.ofMillis(300)));
        verify(terminal).waitForCardPresent(300);
        verify(terminal, never()).connect(any());
    }

    @Test
    void cardPulledOutMidReadIsCardRemovedAndStillDisconnects() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        doAnswer(inv -> {
            if (sent.incrementAndGet() == 3) throw new javax.smartcardio.CardException("SCARD_W_REMOVED_CARD");
            return answer(inv.getArgument(0));
        }).when(channel).transmit(any());
        when(terminal.isCardPresent()).thenReturn(true, false);

        fails(CardError.CARD_REMOVED, () -> reader(null).read(WAIT));
        assertEquals(3, sent.get());
        verify(card).disconnect(false);
    }

    @Test
    void aFailureWhileTheCardStaysInIsReadFailed() throws Exception {
        doThrow(new javax.smartcardio.CardException("SCARD_W_UNRESPONSIVE_CARD")).when(channel).transmit(any());

        CardException e = fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));
        assertTrue(e.getMessage().contains("SELECT SSSE"), e.getMessage());
        verify(card).disconnect(false);
    }

    @Test
    void anErrorStatusWordIsReadFailedNamingTheStepAndWord() throws Exception {
        answers.put(READ_09, "6A83");

        CardException e = fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));
        assertTrue(e.getMessage().contains("READ RECORD 09") && e.getMessage().contains("6A83"), e.getMessage());
        verify(card).disconnect(false);
    }

    @Test
    void aCardWithoutTheSocialSecurityApplicationIsReadFailed() {
        answers.put(SELECT_SSSE, "6A82");

        CardException e = fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));
        assertTrue(e.getMessage().contains("not a social security card"), e.getMessage());
    }

    @Test
    void anInvalidIdNumberOnTheCardIsInvalidAndNeverShownInFull() {
        String wrongCheck = "341002195603121238";
        answers.put(READ_08, "0812" + HEX.formatHex(wrongCheck.getBytes(StandardCharsets.US_ASCII)) + "9000");

        CardException e = fails(CardError.INVALID_ID_NUMBER, () -> reader(null).read(WAIT));
        assertTrue(e.getMessage().contains("341002********1238"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongCheck), e.getMessage());
    }

    @Test
    void garbageRecordsAreReadFailed() {
        answers.put(READ_09, "0902817F9000");
        fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));

        answers.put(READ_09, "091E" + padded(new byte[0], 30) + "9000");
        fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));

        answers.put(READ_08, "0812" + "01".repeat(18) + "9000");
        fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));

        answers.put(READ_08, "41".repeat(PcscCardReader.MAX_RECORD_BYTES + 1) + "9000");
        CardException tooLong = fails(CardError.READ_FAILED, () -> reader(null).read(WAIT));
        assertTrue(tooLong.getMessage().contains("at most " + PcscCardReader.MAX_RECORD_BYTES), tooLong.getMessage());
    }

    @Test
    void aCardThatNeverAnswersIsCutOffAtTheExchangeLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(inv -> {
            release.await();
            return answer(inv.getArgument(0));
        }).when(channel).transmit(any());
        PcscCardReader reader = new PcscCardReader(() -> terminals, null, Duration.ofMillis(200));

        long start = System.nanoTime();
        CardException e = fails(CardError.READ_FAILED, () -> reader.read(Duration.ofMillis(100)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 1500, "took " + tookMs + " ms");
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());

        // the worker still owns the card and lets it go once the driver returns
        release.countDown();
        verify(card, timeout(2000)).disconnect(false);
    }

    @Test
    void timeoutsAreBounded() {
        PcscCardReader reader = reader(null);
        assertThrows(IllegalArgumentException.class, () -> reader.read(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> reader.read(Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> reader.read(null));
    }
}
