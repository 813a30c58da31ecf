package onestop.agent.adapters.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import onestop.engine.domain.IdNumber;

/** {@code %msg} with ID numbers masked (registered by {@link AgentLogConfigurator}). */
public final class MaskedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return IdNumber.maskAll(super.convert(event));
    }
}
