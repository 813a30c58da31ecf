package onestop.agent.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import onestop.engine.domain.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against a real shared library: a fake vendor library is written in C, compiled with gcc (one build per
 * behaviour, chosen by a -D flag) and loaded through JNA exactly as a vendor's would be.
 */
class ResidentIdCardReaderTest {
    static final Duration WAIT = Duration.ofSeconds(2);

    // Fixed demo person. The name is 张秀英 written as GBK bytes, so a UTF-8 or Latin-1 decode would not match.
    static final String FAKE_VENDOR_LIBRARY = """
            #include <string.h>
            static int closes = 0, authentications = 0;
            #ifndef ID_NUMBER
            #define ID_NUMBER "341002195603121237"
            #endif
            int InitComm(int port) {
            #ifdef NO_READER
                return 0;
            #else
                return port == 1001 ? 1 : -1;
            #endif
            }
            int Authenticate(void) {
                authentications++;
            #if defined(NO_CARD)
                return 0;
            #elif defined(CARD_ON_THIRD_POLL)
                return authentications >= 3 ? 1 : 0x80;
            #else
                return 1;
            #endif
            }
            int ReadBaseInfos(char *name, char *sex, char *nation, char *birth, char *idNumber, char *address,
                              char *agency, char *validFrom, char *validTo) {
            #ifdef READ_FAILS
                return -4;
            #else
                strcpy(name, "\\xd5\\xc5\\xd0\\xe3\\xd3\\xa2  ");
                strcpy(sex, "\\xc5\\xae");
                strcpy(nation, "\\xba\\xba");
                strcpy(birth, "19560312");
                strcpy(idNumber, ID_NUMBER);
                strcpy(address, "\\xb0\\xb2\\xbb\\xd5");
                strcpy(agency, "\\xb9\\xab\\xb0\\xb2");
                strcpy(validFrom, "20200101");
                strcpy(validTo, "\\xb3\\xa4\\xc6\\xda");
                return 1;
            #endif
            }
            int CloseComm(void) { closes++; return 1; }
            /* for the test only: what the reader did to the library */
            int FakeCloses(void) { return closes; }
            int FakeAuthentications(void) { return authentications; }
            """;

    /** The test's own window into a fake library; JNA and dlopen share one loaded copy per path. */
    public interface Probe extends Library {
        int FakeCloses();

        int FakeAuthentications();
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheSource() throws IOException {
        Files.writeString(dir.resolve("fake_idcard.c"), FAKE_VENDOR_LIBRARY, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("not_a_reader.c"), "int Something(void) { return 1; }\n");
    }

    /** Compiles the fake library with the given -D flags into its own file. */
    static Path compile(String name, String source, String... defines) throws Exception {
        Path out = dir.resolve("lib" + name + ".so");
        List<String> command = new java.util.ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O0", "-o", out.toString()));
        for (String d : defines) command.add("-D" + d);
        command.add(dir.resolve(source).toString());
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            // a failure, never a skip: without gcc the JNA binding would go untested unnoticed
            throw new AssertionError("gcc is needed to build the fake reader library (./onestop test installs it; "
                    + "or apt-get install gcc): " + e.getMessage(), e);
        }
        assertTrue(gcc.waitFor(30, TimeUnit.SECONDS), "gcc did not finish");
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.exitValue(), "gcc failed: " + output);
        return out;
    }

    static Path fake(String name, String... defines) throws Exception {
        return compile(name, "fake_idcard.c", defines);
    }

    static CardException fails(CardError code, Executable read) {
        CardException e = assertThrows(CardException.class, read);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void readsTheDemoPersonThroughACompiledLibraryAndClosesTheReader() throws Exception {
        Path lib = fake("good");

        CardRead read = new ResidentIdCardReader(lib, 1001).read(WAIT);

        assertEquals(new CardRead(Document.ID_CARD, "341002195603121237", "张秀英", "idcard:libgood.so@1001"), read);
        assertEquals(1, Native.load(lib.toString(), Probe.class).FakeCloses());
    }

    @Test
    void pollsUntilACardIsPlaced() throws Exception {
        Path lib = fake("third_poll", "CARD_ON_THIRD_POLL");

        assertEquals("张秀英", new ResidentIdCardReader(lib, 1001).read(WAIT).name());
        assertEquals(3, Native.load(lib.toString(), Probe.class).FakeAuthentications());
    }

    @Test
    void aLowerCaseCheckCharacterIsUpperCased() throws Exception {
        Path lib = fake("lower_x", "ID_NUMBER=\"11010519491231002x\"");

        assertEquals("11010519491231002X", new ResidentIdCardReader(lib, 1001).read(WAIT).idNumber());
    }

    @Test
    void noCardWithinTheTimeoutIsNoCardAndClosesTheReader() throws Exception {
        Path lib = fake("no_card", "NO_CARD");

        long start = System.nanoTime();
        fails(CardError.NO_CARD, () -> new ResidentIdCardReader(lib, 1001).read(Duration.ofMillis(400)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 400 && tookMs < 2000, "took " + tookMs + " ms");
        Probe probe = Native.load(lib.toString(), Probe.class);
        assertTrue(probe.FakeAuthentications() > 1, "polled " + probe.FakeAuthentications() + " times");
        assertEquals(1, probe.FakeCloses());
    }

    @Test
    void aReaderThatDoesNotOpenIsNoReader() throws Exception {
        fails(CardError.NO_READER, () -> new ResidentIdCardReader(fake("no_reader", "NO_READER"), 1001).read(WAIT));
        CardException wrongPort = fails(CardError.NO_READER, () -> new ResidentIdCardReader(fake("good_port"), 1).read(WAIT));
        assertTrue(wrongPort.getMessage().contains("port 1 "), wrongPort.getMessage());
    }

    @Test
    void aFailedReadIsReadFailedAndClosesTheReader() throws Exception {
        Path lib = fake("read_fails", "READ_FAILS");

        CardException e = fails(CardError.READ_FAILED, () -> new ResidentIdCardReader(lib, 1001).read(WAIT));
        assertTrue(e.getMessage().contains("-4"), e.getMessage());
        assertEquals(1, Native.load(lib.toString(), Probe.class).FakeCloses());
    }

    @Test
    void anInvalidNumberOnTheCardIsInvalidAndMasked() throws Exception {
        Path lib = fake("bad_id", "ID_NUMBER=\"341002195603121238\"");

        CardException e = fails(CardError.INVALID_ID_NUMBER, () -> new ResidentIdCardReader(lib, 1001).read(WAIT));
        assertTrue(e.getMessage().contains("341002********1238"), e.getMessage());
        assertFalse(e.getMessage().contains("341002195603121238"), e.getMessage());
    }

    @Test
    void aMissingLibraryIsNoReaderNamingThePath() {
        Path missing = dir.resolve("vendor/libtermb.so");

        CardException e = fails(CardError.NO_READER, () -> new ResidentIdCardReader(missing, 1001).read(WAIT));
        // as every card message, with any 18-digit run masked: a temp folder's random name can hold one
        assertTrue(e.getMessage().contains(CardException.maskIdNumbers(missing.toString())), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryOrLacksTheApiIsNoReader() throws Exception {
        Path text = Files.writeString(dir.resolve("libtext.so"), "not an ELF file");
        CardException notLoadable = fails(CardError.NO_READER, () -> new ResidentIdCardReader(text, 1001).read(WAIT));
        assertTrue(notLoadable.getMessage().contains("cannot be loaded"), notLoadable.getMessage());

        Path other = compile("other", "not_a_reader.c");
        CardException noApi = fails(CardError.NO_READER, () -> new ResidentIdCardReader(other, 1001).read(WAIT));
        assertTrue(noApi.getMessage().contains("InitComm"), noApi.getMessage());
    }
}
