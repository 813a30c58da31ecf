package onestop.agent.cards;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resident ID card (居民身份证) through the reader vendor's shared library, loaded at run time with JNA from a
 * configured path.
 *
 * <p><b>The contract a vendor library, or a thin shim over it, must offer</b> (C, the platform's default calling
 * convention; the shape most vendors' SDKs share):
 * <pre>
 * int InitComm(int port);      // open the reader: 1001..1016 USB, 1..16 serial; 1 = opened
 * int Authenticate(void);      // find and select a card; 1 = a card is there, anything else = none yet (polled)
 * int ReadBaseInfos(char *name, char *sex, char *nation, char *birth, char *idNumber,
 *                   char *address, char *agency, char *validFrom, char *validTo);  // 1 = read
 * int CloseComm(void);         // release the reader
 * </pre>
 * Text is GBK and NUL-terminated; each buffer passed is {@link #FIELD_BYTES} bytes ({@link #ADDRESS_BYTES} for the
 * address), several times what any field needs, because the API has no lengths. The library is called from one
 * thread at a time. The photo ({@code wz.txt}/{@code zp.bmp} in many SDKs) is not read.
 *
 * <p>The API cannot tell a card pulled out mid-read from one that could not be read: both are
 * {@link CardError#READ_FAILED}.
 */
public final class ResidentIdCardReader implements CardReader {
    /** The binding; public only because JNA implements it with a proxy. */
    public interface VendorLibrary extends Library {
        int InitComm(int port);

        int Authenticate();

        int ReadBaseInfos(byte[] name, byte[] sex, byte[] nation, byte[] birth, byte[] idNumber, byte[] address,
                byte[] agency, byte[] validFrom, byte[] validTo);

        int CloseComm();
    }

    public static final int DEFAULT_PORT = 1001;
    static final int FIELD_BYTES = 256;
    static final int ADDRESS_BYTES = 512;
    static final Duration EXCHANGE_LIMIT = Duration.ofSeconds(5);
    /** Between two Authenticate calls while waiting for a card: quick for the clerk, idle for the reader. */
    static final long POLL_MILLIS = 150;
    private static final int OK = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ResidentIdCardReader.class);

    private final Path libraryPath;
    private final int port;
    private final BoundedRead bounded = new BoundedRead("idcard");
    private VendorLibrary library; // loaded on the first read that finds it, so the agent starts without the driver

    public ResidentIdCardReader(Path libraryPath, int port) {
        this.libraryPath = libraryPath.toAbsolutePath().normalize();
        this.port = port;
    }

    @Override
    public CardRead read(Duration timeout) throws CardException {
        return bounded.read(timeout, EXCHANGE_LIMIT, this::readCard);
    }

    private CardRead readCard(Duration wait) throws CardException {
        VendorLibrary lib = library();
        try {
            int opened = lib.InitComm(port);
            if (opened != OK) {
                throw new CardException(CardError.NO_READER, "no ID card reader answers on port " + port
                        + " (InitComm returned " + opened + ")");
            }
            try {
                awaitCard(lib, wait);
                return readBaseInfos(lib);
            } finally {
                int closed = lib.CloseComm();
                if (closed != OK) LOG.debug("CloseComm returned {}", closed);
            }
        } catch (UnsatisfiedLinkError e) {
            // JNA looks functions up on first call: a library without them is not a reader library for us
            throw new CardException(CardError.NO_READER, libraryPath + " lacks a function of the reader API: " + e.getMessage(), e);
        }
    }

    private void awaitCard(VendorLibrary lib, Duration wait) throws CardException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (lib.Authenticate() != OK) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CardException(CardError.NO_CARD, "no ID card on the reader within " + wait.toMillis() + " ms");
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException(CardError.NO_CARD, "the wait for an ID card was cancelled");
            }
        }
    }

    private CardRead readBaseInfos(VendorLibrary lib) throws CardException {
        byte[] name = new byte[FIELD_BYTES];
        byte[] idNumber = new byte[FIELD_BYTES];
        byte[] address = new byte[ADDRESS_BYTES];
        int read = lib.ReadBaseInfos(name, new byte[FIELD_BYTES], new byte[FIELD_BYTES], new byte[FIELD_BYTES], idNumber,
                address, new byte[FIELD_BYTES], new byte[FIELD_BYTES], new byte[FIELD_BYTES]);
        if (read != OK) {
            throw new CardException(CardError.READ_FAILED, "the ID card could not be read (ReadBaseInfos returned "
                    + read + "); place it on the reader again");
        }
        String id = CardText.idNumber(CardText.ascii(CardText.cString(idNumber, "ID number field"), "ID number field"),
                "ID number on the ID card");
        String holder = CardText.cardName(CardText.gbk(CardText.cString(name, "name field"), "name field"), "name field");
        LOG.info("read resident ID card {}", IdNumber.mask(id));
        return new CardRead(Document.ID_CARD, id, holder, "idcard:" + libraryPath.getFileName() + "@" + port);
    }

    private synchronized VendorLibrary library() throws CardException {
        if (library != null) return library;
        if (!Files.isRegularFile(libraryPath)) {
            throw new CardException(CardError.NO_READER, "ID card reader library " + libraryPath + " does not exist");
        }
        try {
            library = Native.load(libraryPath.toString(), VendorLibrary.class);
            return library;
        } catch (UnsatisfiedLinkError e) {
            throw new CardException(CardError.NO_READER, "ID card reader library " + libraryPath + " cannot be loaded: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ResidentIdCardReader[" + libraryPath + ", port " + port + "]";
    }
}
