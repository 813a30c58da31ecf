package onestop.agent;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import onestop.agent.adapters.config.SettingsLoader;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Counter agent: runs beside a front-desk workstation and serves it over loopback HTTP. A bad setting or a failed
 * start is one line on stderr and exit status 1.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        // gRPC logs through java.util.logging: into logback, where ID numbers are masked like every other line
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            new OneLineFailures().mainClass(AgentMain.class).banner(false).args(args).start();
        } catch (RuntimeException e) {
            cannotStart(e);
        }
    }

    static void cannotStart(Throwable failure) {
        Throwable t = failure;
        while (t != null && !(t instanceof SettingsLoader.BadSetting)) t = t.getCause();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = t != null ? t.getMessage() : root instanceof java.net.BindException
                ? "port " + System.getProperty("micronaut.server.port", "8181") + " cannot be opened: " + root.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        System.err.println("onestop agent: cannot start: " + onestop.engine.domain.IdNumber.maskAll(why));
        System.exit(1);
    }

    private static final class OneLineFailures extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable failure) {
            cannotStart(failure);
        }
    }
}
