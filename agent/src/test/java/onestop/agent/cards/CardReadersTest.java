package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import onestop.engine.domain.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardReadersTest {
    @TempDir
    Path dir;

    static String problem(CardReaderConfig config) {
        return assertThrows(CardConfigException.class, () -> CardReaders.create(config)).getMessage();
    }

    @Test
    void eachKindBuildsItsReader() throws Exception {
        Path library = Files.createFile(dir.resolve("libtermb.so"));

        assertInstanceOf(PcscCardReader.class, CardReaders.create(CardReaderConfig.pcsc(null)));
        assertInstanceOf(PcscCardReader.class, CardReaders.create(new CardReaderConfig(" PCSC ", "ACS 00", null, null, null)));
        assertInstanceOf(ResidentIdCardReader.class, CardReaders.create(CardReaderConfig.idCard(library.toString(), null)));
        for (int port : new int[] {1, 16, 1001, 1016}) {
            assertInstanceOf(ResidentIdCardReader.class, CardReaders.create(CardReaderConfig.idCard(library.toString(), port)));
        }
        assertInstanceOf(SimulatedCardReader.class, CardReaders.create(CardReaderConfig.simulated(null)));
        assertInstanceOf(SimulatedCardReader.class, CardReaders.create(CardReaderConfig.simulated(dir.resolve("cards.txt").toString())));
    }

    @Test
    void checkingMakesTheSettingsPlainAndKeepsOnlyThoseOfTheKind() throws Exception {
        Path library = Files.createFile(dir.resolve("libtermb.so"));

        assertEquals(new CardReaderConfig("pcsc", "ACS 00", null, null, null),
                CardReaders.check(new CardReaderConfig(" PCSC ", " ACS 00 ", library.toString(), 1001, "x")));
        assertEquals(new CardReaderConfig("idcard", null, library.toString(), ResidentIdCardReader.DEFAULT_PORT, null),
                CardReaders.check(new CardReaderConfig("idcard", "ACS 00", dir + "/./libtermb.so", null, null)));
        assertEquals(new CardReaderConfig("simulated", null, null, null, dir.resolve("cards.txt").toString()),
                CardReaders.check(CardReaderConfig.simulated(dir + "/sub/../cards.txt")));
        assertEquals(CardReaderConfig.none(), CardReaders.check(new CardReaderConfig(null, "ACS 00", null, 5, null)));
    }

    @Test
    void aPortIsReadFromTextAndOnlyANumberIsOne() {
        assertEquals(null, CardReaders.port(" "));
        assertEquals(1001, CardReaders.port(" 1001 "));
        assertEquals("onestop.agent.card-reader.port: \"usb1\" is not a reader port (1-16 serial, 1001-1016 USB)",
                assertThrows(CardConfigException.class, () -> CardReaders.port("usb1")).getMessage());
    }

    @Test
    void theSimulatedFileIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("cards.txt"), "ID_CARD,341002195603121237,张秀英\n");

        CardRead read = CardReaders.create(CardReaderConfig.simulated(file.toString())).read(Duration.ofMillis(200));
        assertEquals(Document.ID_CARD, read.document());
    }

    @Test
    void noneOrUnsetReadsAsNoReader() {
        for (CardReaderConfig config : new CardReaderConfig[] {CardReaderConfig.none(), new CardReaderConfig(" ", null, null, null, null)}) {
            CardException e = assertThrows(CardException.class, () -> CardReaders.create(config).read(Duration.ofSeconds(1)));
            assertEquals(CardError.NO_READER, e.code());
            assertEquals("card reading is off (onestop.agent.card-reader.kind: none)", e.getMessage());
        }
    }

    @Test
    void aBadSettingIsOneLineNamingIt() throws Exception {
        Path missing = dir.resolve("x.so");
        Files.createDirectory(dir.resolve("folder.so"));

        assertEquals("onestop.agent.card-reader.kind: \"usb\" is not one of pcsc, idcard, simulated or none",
                problem(new CardReaderConfig("usb", null, null, null, null)));
        assertEquals("onestop.agent.card-reader.library-path: required when onestop.agent.card-reader.kind is idcard",
                problem(CardReaderConfig.idCard(" ", null)));
        assertEquals("onestop.agent.card-reader.library-path: " + missing + " does not exist",
                problem(CardReaderConfig.idCard(missing.toString(), null)));
        assertEquals("onestop.agent.card-reader.library-path: " + dir.resolve("folder.so") + " is not a file",
                problem(CardReaderConfig.idCard(dir.resolve("folder.so").toString(), null)));
        Path lib = Files.createFile(dir.resolve("lib.so"));
        for (int port : new int[] {0, 17, 1000, 1017}) {
            assertEquals("onestop.agent.card-reader.port: " + port + " is not a reader port (1-16 serial, 1001-1016 USB)",
                    problem(CardReaderConfig.idCard(lib.toString(), port)));
        }
        assertEquals("onestop.agent.card-reader.simulated-file: folder " + dir.resolve("nowhere") + " does not exist",
                problem(CardReaderConfig.simulated(dir.resolve("nowhere/cards.txt").toString())));
        assertEquals("onestop.agent.card-reader.simulated-file: " + dir + " is a folder, not a file",
                problem(CardReaderConfig.simulated(dir.toString())));
        assertEquals("onestop.agent.card-reader.library-path: \"bad\0path\" is not a path: Nul character not allowed",
                problem(CardReaderConfig.idCard("bad\0path", null)));
    }
}
