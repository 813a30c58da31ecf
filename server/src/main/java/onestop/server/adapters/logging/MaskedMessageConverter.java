package onestop.server.adapters.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} with ID numbers masked (registered in logback.xml). */
public final class MaskedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return MaskIdNumbers.mask(super.convert(event));
    }
}
