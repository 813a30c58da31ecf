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
    private static final String PORTS = "1-16 serial, 1001-1016 USB";

    private CardReaders() {
    }

    /**
     * The settings checked and made plain: kind lower-case, paths absolute, the port defaulted, settings of other
     * kinds dropped.
     *
     * @throws CardConfigException naming the setting that cannot work
     */
    public static CardReaderConfig check(CardReaderConfig config) {
        String kind = blank(config.kind()) ? "none" : config.kind().strip().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "pcsc" -> CardReaderConfig.pcsc(blank(config.terminalName()) ? null : config.terminalName().strip());
            case "idcard" -> CardReaderConfig.idCard(library(config.libraryPath()).toString(), port(config.port()));
            case "simulated" -> CardReaderConfig.simulated(
                    blank(config.simulatedFile()) ? null : simulatedFile(config.simulatedFile()).toString());
            case "none" -> CardReaderConfig.none();
            default -> throw new CardConfigException(CardReaderConfig.KIND, "\"" + config.kind() + "\" is not one of " + KINDS);
        };
    }

    /** @throws CardConfigException naming the setting that cannot work */
    public static CardReader create(CardReaderConfig config) {
        CardReaderConfig c = check(config);
        return switch (c.kind()) {
            case "pcsc" -> new PcscCardReader(c.terminalName());
            case "idcard" -> new ResidentIdCardReader(Path.of(c.libraryPath()), c.port());
            case "simulated" -> c.simulatedFile() == null
                    ? new SimulatedCardReader()
                    : new SimulatedCardReader(Path.of(c.simulatedFile()));
            default -> none();
        };
    }

    /** The port setting as written (settings are text): blank is unset. */
    public static Integer port(String text) {
        if (blank(text)) return null;
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new CardConfigException(CardReaderConfig.PORT, "\"" + text + "\" is not a reader port (" + PORTS + ")");
        }
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
            throw new CardConfigException(CardReaderConfig.PORT, port + " is not a reader port (" + PORTS + ")");
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
