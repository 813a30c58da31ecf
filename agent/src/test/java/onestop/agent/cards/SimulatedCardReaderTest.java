package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import onestop.engine.domain.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedCardReaderTest {
    static final String ZHANG = "341002195603121237";
    static final String LI = "11010519491231002X";
    static final Duration SHORT = Duration.ofMillis(150);
    static final Duration LONG = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    static CardError failure(CardReader reader, Duration timeout) {
        return assertThrows(CardException.class, () -> reader.read(timeout)).code();
    }

    /** A read waiting on another thread, as a clerk's screen waits while the card is put in. */
    static CompletableFuture<CardRead> readLater(CardReader reader) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.read(LONG);
            } catch (CardException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anInsertedCardIsReadOnceInOrder() throws Exception {
        SimulatedCardReader reader = new SimulatedCardReader();
        CardRead zhang = new CardRead(Document.SOCIAL_SECURITY_CARD, ZHANG, "张秀英", "simulated");
        reader.insert(zhang);
        reader.insertIdNumber(Document.ID_CARD, LI.toLowerCase(), "李四");

        assertEquals(zhang, reader.read(SHORT));
        assertEquals(new CardRead(Document.ID_CARD, LI, "李四", SimulatedCardReader.SOURCE), reader.read(SHORT));
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
    }

    @Test
    void aReadWaitsForACardInsertedLater() throws Exception {
        SimulatedCardReader reader = new SimulatedCardReader();
        CompletableFuture<CardRead> read = readLater(reader);
        Thread.sleep(100);
        assertTrue(!read.isDone(), "read returned before a card was inserted");

        reader.insertIdNumber(Document.ID_CARD, ZHANG, "张秀英");
        assertEquals(ZHANG, read.get(2, TimeUnit.SECONDS).idNumber());
    }

    @Test
    void noCardIsNoCardAfterTheTimeout() {
        SimulatedCardReader reader = new SimulatedCardReader();
        long start = System.nanoTime();
        assertEquals(CardError.NO_CARD, failure(reader, Duration.ofMillis(200)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 200 && tookMs < 1500, "took " + tookMs + " ms");
    }

    @Test
    void invalidNumbersAndErrorsAreCardsThatFailAsARealOneWould() {
        SimulatedCardReader reader = new SimulatedCardReader();
        reader.insertIdNumber(Document.ID_CARD, "341002195603121238", "张秀英");
        reader.insertError(CardError.CARD_REMOVED);

        assertEquals(CardError.INVALID_ID_NUMBER, failure(reader, SHORT));
        assertEquals(CardError.CARD_REMOVED, failure(reader, SHORT));
    }

    @Test
    void concurrentReadersEachTakeADifferentCard() throws Exception {
        SimulatedCardReader reader = new SimulatedCardReader();
        int cards = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CardRead>> reads = new ArrayList<>();
            for (int i = 0; i < cards; i++) reads.add(pool.submit(() -> reader.read(LONG)));
            for (int i = 0; i < cards; i++) {
                reader.insert(new CardRead(Document.ID_CARD, ZHANG, "card " + i, "simulated"));
            }
            Set<String> names = Collections.synchronizedSet(new HashSet<>());
            for (Future<CardRead> read : reads) names.add(read.get(5, TimeUnit.SECONDS).name());
            assertEquals(cards, names.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
    }

    @Test
    void cardsComeFromTheFileAndFromLinesAppendedWhileWaiting() throws Exception {
        Path file = dir.resolve("cards.txt");
        Files.writeString(file, """
                # demo patients
                SOCIAL_SECURITY_CARD,%s,张秀英

                household_register,%s
                """.formatted(ZHANG, LI));
        SimulatedCardReader reader = new SimulatedCardReader(file);

        assertEquals(new CardRead(Document.SOCIAL_SECURITY_CARD, ZHANG, "张秀英", "simulated:cards.txt"), reader.read(SHORT));
        assertEquals(new CardRead(Document.HOUSEHOLD_REGISTER, LI, "", "simulated:cards.txt"), reader.read(SHORT));
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));

        CompletableFuture<CardRead> read = readLater(reader);
        Thread.sleep(150);
        Files.writeString(file, "ID_CARD," + LI + ",李四\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertEquals(new CardRead(Document.ID_CARD, LI, "李四", "simulated:cards.txt"), read.get(2, TimeUnit.SECONDS));
        // appending did not hand out the earlier lines again
        assertEquals(CardError.NO_CARD, failure(reader, Duration.ofMillis(250)));
    }

    @Test
    void aFileThatAppearsLaterOrIsRewrittenIsANewStack() throws Exception {
        Path file = dir.resolve("later.txt");
        SimulatedCardReader reader = new SimulatedCardReader(file);
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));

        Files.writeString(file, "ID_CARD," + ZHANG + ",张秀英\n");
        assertEquals(ZHANG, reader.read(LONG).idNumber());

        Files.writeString(file, "ID_CARD," + LI + ",李四\n");
        assertEquals(LI, reader.read(LONG).idNumber());
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
    }

    @Test
    void fileLinesThatAreNotCardsAreSkippedAndBadCardsFail() throws Exception {
        Path file = dir.resolve("mixed.txt");
        Files.writeString(file, String.join("\n",
                "PASSPORT," + ZHANG + ",张秀英",
                "just text",
                "ERROR,NOT_A_CODE",
                "ID_CARD,341002195603121238,张秀英",
                "ERROR,no_reader",
                "E_VOUCHER," + LI + ",李四"));
        SimulatedCardReader reader = new SimulatedCardReader(file);

        assertEquals(CardError.INVALID_ID_NUMBER, failure(reader, SHORT));
        assertEquals(CardError.NO_READER, failure(reader, SHORT));
        assertEquals(new CardRead(Document.E_VOUCHER, LI, "李四", "simulated:mixed.txt"), reader.read(SHORT));
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
    }

    @Test
    void atMostMaxWaitingCardsWaitAndClearTakesThemAllOut() throws Exception {
        SimulatedCardReader reader = new SimulatedCardReader();
        for (int i = 0; i < SimulatedCardReader.MAX_WAITING; i++) assertTrue(reader.insertError(CardError.READ_FAILED), "card " + i);
        assertFalse(reader.insertIdNumber(Document.ID_CARD, ZHANG, "张秀英"));
        assertEquals(SimulatedCardReader.MAX_WAITING, reader.waiting());

        assertEquals(SimulatedCardReader.MAX_WAITING, reader.clear());
        assertEquals(0, reader.waiting());
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
        assertTrue(reader.insertIdNumber(Document.ID_CARD, ZHANG, "张秀英"));
        assertEquals(ZHANG, reader.read(SHORT).idNumber());
    }

    @Test
    void clearedFileCardsStayReadUntilTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("cards.txt"), "ID_CARD," + ZHANG + ",张秀英\nID_CARD," + LI + ",李四\n");
        SimulatedCardReader reader = new SimulatedCardReader(file);
        assertEquals(2, reader.waiting());

        assertEquals(2, reader.clear());
        assertEquals(CardError.NO_CARD, failure(reader, SHORT));
        Files.writeString(file, "HOUSEHOLD_REGISTER," + LI + "\n", StandardOpenOption.APPEND);
        assertEquals(new CardRead(Document.HOUSEHOLD_REGISTER, LI, "", "simulated:cards.txt"), reader.read(LONG));
    }
}
