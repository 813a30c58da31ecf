package onestop.server.adapters.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** gRPC logs through java.util.logging: after {@link JulBridge#install} its records reach logback, masked, and nothing else. */
class JulBridgeTest {
    @Test
    void grpcJulRecordsGoThroughTheMaskedLayoutAndNotToTheConsole() {
        JulBridge.install();
        java.util.logging.Handler[] handlers = java.util.logging.Logger.getLogger("").getHandlers();
        assertTrue(Arrays.stream(handlers).allMatch(h -> h instanceof SLF4JBridgeHandler), "only the bridge: " + Arrays.toString(handlers));

        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(ctx);
        captured.start();
        root.addAppender(captured);
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            java.util.logging.Logger.getLogger("io.grpc.internal.SerializingExecutor").log(Level.SEVERE,
                    "Exception while executing runnable for 341002195603121237", new IllegalStateException("no person 11010520000229003X"));
            java.util.logging.Logger.getLogger("io.grpc.internal.ServerImpl").fine("below the level: dropped");
        } finally {
            System.setErr(err);
            root.detachAppender(captured);
        }
        assertEquals("", console.toString(StandardCharsets.UTF_8), "nothing printed around logback");
        assertEquals(1, captured.list.size(), captured.list.toString());
        ILoggingEvent event = captured.list.get(0);
        assertEquals("io.grpc.internal.SerializingExecutor", event.getLoggerName());

        PatternLayout layout = new PatternLayout();
        layout.setContext(ctx);
        layout.setPattern("%msg%n%ex"); // resolved through logback-test.xml's conversion rules, as in production
        layout.start();
        String line = layout.doLayout(event);
        assertTrue(line.contains("341002********1237") && line.contains("110105********003X"), line);
        assertFalse(line.contains("341002195603121237") || line.contains("11010520000229003X"), line);
    }
}
