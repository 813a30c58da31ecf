package onestop.server;

import io.micronaut.runtime.Micronaut;

/**
 * Central settlement server. The gRPC server is Micronaut's embedded application here (no HTTP
 * server on the classpath), so {@code Micronaut.run} keeps the JVM alive until it is stopped.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) {
        Micronaut.run(ServerMain.class, args);
    }
}
