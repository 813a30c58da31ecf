package onestop.agent.adapters.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import onestop.engine.domain.IdNumber;

/** Stack traces with ID numbers masked in their messages (registered by {@link AgentLogConfigurator}). */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return IdNumber.maskAll(super.throwableProxyToString(tp));
    }
}
