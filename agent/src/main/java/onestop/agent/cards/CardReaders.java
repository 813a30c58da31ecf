package onestop.agent.cards;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Builds the configured {@link CardReader}. The settings are checked here, once, so a wrong one stops the agent at
 * start with a line naming it, rather than failing at the counter. What can only be known at a read (is the PC/SC
 * service up, does the library load) is a {@link CardError#NO_READER} then.
 */
public final class CardReaders {
    private static final String KINDS = "pcsc, idcard, simulated or none";

    private CardReaders() {
    }

    /** @throws CardConfigException naming the setting that cannot work */
    public static CardReader create(CardReaderConfig config) {
        String kind = blank(config.kind()) ? "none" : config.kind().strip().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "pcsc" -> new PcscCardReader(config.terminalName());
            case "idcard" -> new ResidentIdCardReader(library(config.libraryPath()), port(config.port()));
            case "simulated" -> blank(config.simulatedFile())
                    ? new SimulatedCardReader()
                    : new SimulatedCardReader(simulatedFile(config.simulatedFile()));
            case "none" -> none();
            default -> throw new CardConfigException(CardReaderConfig.KIND, "\"" + config.kind() + "\" is not one of " + KINDS);
        };
    }

    /** The reader when card reading is off: every read says so; typed entry and the e-voucher still work. */
    public static CardReader none() {
        return new CardReader() {
            @Override
            public CardRead read(Duration timeout) throws CardException {
                throw new CardException(CardError.NO_READER, "card reading is off (" + CardReaderConfig.KIND + ": none)");
            }

            @Override
            public String toString() {
                return "no card reader";
            }
        };
    }

    private static Path library(String value) {
        String setting = CardReaderConfig.LIBRARY_PATH;
        if (blank(value)) throw new CardConfigException(setting, "required when " + CardReaderConfig.KIND + " is idcard");
        Path path = path(setting, value);
        if (!Files.exists(path)) throw new CardConfigException(setting, path + " does not exist");
        if (!Files.isRegularFile(path)) throw new CardConfigException(setting, path + " is not a file");
        if (!Files.isReadable(path)) throw new CardConfigException(setting, path + " is not readable");
        return path;
    }

    private static int port(Integer port) {
        if (port == null) return ResidentIdCardReader.DEFAULT_PORT;
        // the ports the vendor APIs know; anything else is a typo that would only show as NO_READER at the counter
        boolean serial = port >= 1 && port <= 16;
        boolean usb = port >= 1001 && port <= 1016;
        if (!serial && !usb) {
            throw new CardConfigException(CardReaderConfig.PORT, port + " is not a reader port (1-16 serial, 1001-1016 USB)");
        }
        return port;
    }

    private static Path simulatedFile(String value) {
        String setting = CardReaderConfig.SIMULATED_FILE;
        Path path = path(setting, value);
        // the file may come later (a tester drops it in), its folder must be there
        Path folder = path.getParent();
        if (folder == null || !Files.isDirectory(folder)) throw new CardConfigException(setting, "folder " + folder + " does not exist");
        if (Files.isDirectory(path)) throw new CardConfigException(setting, path + " is a folder, not a file");
        return path;
    }

    private static Path path(String setting, String value) {
        try {
            return Path.of(value.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CardConfigException(setting, "\"" + value + "\" is not a path: " + e.getReason());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
