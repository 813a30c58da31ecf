package onestop.server.adapters.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces in the log with ID numbers masked in their messages (registered in logback.xml). */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return MaskIdNumbers.mask(super.throwableProxyToString(tp));
    }
}
