package onestop.server.adapters.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Whatever logs an ID number, the log shows it masked. */
class MaskedLoggingTest {
    @Test
    void masksIdNumbersButNotOtherNumbers() {
        assertEquals("patient 341002********1237 settled", MaskIdNumbers.mask("patient 341002195603121237 settled"));
        assertEquals("id=341002********004X,", MaskIdNumbers.mask("id=34100219800101004X,"));
        assertEquals("amount 1234567890123456789 fen", MaskIdNumbers.mask("amount 1234567890123456789 fen"), "19 digits is not an ID");
        assertEquals("S-20240610-000001", MaskIdNumbers.mask("S-20240610-000001"));
    }

    @Test
    void theConfiguredLayoutMasksMessagesAndStackTraces() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        // the same conversion words logback.xml registers
        encoder.setPattern("%msg%n%ex");
        ctx.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, new java.util.HashMap<>(java.util.Map.of(
                "msg", MaskedMessageConverter.class.getName(), "ex", MaskedThrowableConverter.class.getName())));
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger log = ctx.getLogger("mask-test");
        log.setAdditive(false);
        log.addAppender(appender);
        log.info("looked up {}", "341002195603121237");
        log.error("failed", new IllegalStateException("no person 11010520000229003X"));
        appender.stop();
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("looked up 341002********1237"), text);
        assertTrue(text.contains("no person 110105********003X"), text);
        assertFalse(text.contains("341002195603121237") || text.contains("11010520000229003X"), text);
    }
}
