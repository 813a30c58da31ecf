package onestop.agent.cards;

/**
 * The card reader settings, {@code onestop.agent.card-reader.*}; checked by {@link CardReaders#check} (once, at start)
 * and {@link CardReaders#create}. Blank means unset.
 *
 * @param kind          {@code pcsc}, {@code idcard}, {@code simulated} or {@code none} (unset: {@code none})
 * @param terminalName  pcsc: the PC/SC terminal to use; unset: whichever holds a card
 * @param libraryPath   idcard: the vendor reader library ({@code .so} / {@code .dll})
 * @param port          idcard: the reader's port for {@code InitComm}; unset: {@value ResidentIdCardReader#DEFAULT_PORT}
 *                      (the first USB reader)
 * @param simulatedFile simulated: the card file; unset: cards only by method calls
 */
public record CardReaderConfig(String kind, String terminalName, String libraryPath, Integer port, String simulatedFile) {
    public static final String PREFIX = "onestop.agent.card-reader.";
    public static final String KIND = PREFIX + "kind";
    public static final String TERMINAL_NAME = PREFIX + "terminal-name";
    public static final String LIBRARY_PATH = PREFIX + "library-path";
    public static final String PORT = PREFIX + "port";
    public static final String SIMULATED_FILE = PREFIX + "simulated-file";

    public static CardReaderConfig pcsc(String terminalName) {
        return new CardReaderConfig("pcsc", terminalName, null, null, null);
    }

    public static CardReaderConfig idCard(String libraryPath, Integer port) {
        return new CardReaderConfig("idcard", null, libraryPath, port, null);
    }

    public static CardReaderConfig simulated(String simulatedFile) {
        return new CardReaderConfig("simulated", null, null, null, simulatedFile);
    }

    public static CardReaderConfig none() {
        return new CardReaderConfig("none", null, null, null, null);
    }
}
