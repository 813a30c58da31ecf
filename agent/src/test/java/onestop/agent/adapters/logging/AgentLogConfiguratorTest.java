package onestop.agent.adapters.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The agent's logging as set up in code: ID numbers masked in messages and stack traces, the quiet libraries quiet. */
class AgentLogConfiguratorTest {
    @Test
    void idNumbersAreMaskedInMessagesAndStackTraces() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as logback's own start gives it
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            AgentLogConfigurator configurator = new AgentLogConfigurator();
            configurator.setContext(context);
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
            context.getLogger("onestop.agent.Test").warn("no person 341002195603121237 here",
                    new IllegalStateException("looked up 11010519491231002X"));
            context.getLogger("io.grpc.Test").info("an info line of gRPC's");
            assertEquals(Level.INFO, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
        } finally {
            context.stop();
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN  [") && log.contains("onestop.agent.Test - no person 341002********1237 here"), log);
        assertTrue(log.contains("IllegalStateException: looked up 110105********002X"), log);
        assertFalse(log.contains("195603121237") || log.contains("19491231002X"), log);
        assertFalse(log.contains("an info line of gRPC's"), "io.grpc logs warnings and up only:\n" + log);
    }
}
