package onestop.console;

import io.micronaut.runtime.Micronaut;

/** Admin console: web UI and HTTP API for administrators. */
public final class ConsoleMain {

    private ConsoleMain() {
    }

    public static void main(String[] args) {
        Micronaut.run(ConsoleMain.class, args);
    }
}
