package onestop.server.adapters.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * gRPC (and the JDK) log through java.util.logging, whose console handler would print straight to the terminal,
 * past the ID-number masking. Installed first thing at start: JUL's own handlers are removed and every record goes
 * to logback, through the same masked layout as our own lines. logback.xml's LevelChangePropagator keeps JUL's
 * levels equal to logback's, so a record below the level is dropped before it is formatted.
 */
public final class JulBridge {
    private JulBridge() {}

    public static void install() {
        if (SLF4JBridgeHandler.isInstalled()) return;
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
