package onestop.console;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import onestop.console.adapters.config.SettingsLoader;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The city office's web console: server-rendered pages talking to the central server over gRPC. A bad setting or a
 * failed start is one line on stderr and exit status 1.
 */
public final class ConsoleMain {
    private ConsoleMain() {}

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            new OneLineFailures().mainClass(ConsoleMain.class).banner(false).args(args).start();
        } catch (RuntimeException e) {
            cannotStart(e);
        }
    }

    static String why(Throwable failure) {
        Throwable t = failure;
        while (t != null && !(t instanceof SettingsLoader.BadSetting)) t = t.getCause();
        if (t != null) return t.getMessage();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof SettingsLoader.BadSetting || root instanceof IllegalArgumentException) return root.getMessage();
        return root instanceof java.net.BindException
                ? "port " + System.getProperty("micronaut.server.port", "8282") + " cannot be opened: " + root.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static void cannotStart(Throwable failure) {
        System.err.println("onestop console: cannot start: " + why(failure));
        System.exit(1);
    }

    private static final class OneLineFailures extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable failure) {
            cannotStart(failure);
        }
    }
}
