package onestop.console.testing;

import java.util.Map;

/** One fake central server for every test class of the JVM (each class's console is told its port and certificate). */
public final class Fakes {
    private Fakes() {}

    private static FakeOffice office;

    public static synchronized FakeOffice office() {
        if (office == null) office = new FakeOffice();
        return office;
    }

    public static Map<String, String> consoleProperties() {
        return office().consoleProperties();
    }
}
