package onestop.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import io.micronaut.context.env.Environment;
import onestop.server.adapters.bootstrap.StartupException;
import onestop.server.adapters.bootstrap.TlsFiles;
import onestop.server.adapters.logging.JulBridge;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;

/**
 * Central settlement server. {@code ./onestop server [--db URL] [--data DIR] [--policies DIR] [--demo]}
 * starts it; {@code ./onestop server token --hospital CODE | --office NAME --role ROLE [--days N]}
 * prints a bearer token signed with this server's secret; {@code ./onestop server user add|passwd|disable NAME} manages
 * the office's console users ({@link UserCommand}).
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) {
        JulBridge.install(); // before anything logs: gRPC's java.util.logging lines go through the masked layout too
        List<String> a = Arrays.asList(args);
        try {
            if (!a.isEmpty() && a.get(0).equals("token")) {
                System.exit(token(a.subList(1, a.size())));
            }
            if (!a.isEmpty() && a.get(0).equals("user")) {
                quietLogs(); // the command's one line is all it prints
                System.exit(UserCommand.run(a.subList(1, a.size()), System.in, System.out, System.err));
            }
            if (a.contains("--help")) {
                System.out.println("usage: onestop server [--tls] [--db JDBC_URL] [--db-user U] [--db-password-file FILE] [--data DIR] [--policies DIR] [--demo] [--port N]");
                System.out.println("       the database password comes from --db-password-file or the environment variable ONESTOP_DB_PASSWORD");
                System.out.println("       onestop server token --hospital CODE | --office NAME --role ADMIN|AUDITOR|CIVIL_AFFAIRS [--days N]");
                System.out.println("       " + UserCommand.USAGE);
                return;
            }
            applyOptions(a);
            if (a.contains("--tls")) {
                TlsFiles.Pair tls = TlsFiles.ensure(java.nio.file.Path.of(System.getProperty("onestop.data",
                        System.getenv().getOrDefault("ONESTOP_DATA", "data"))));
                TlsFiles.check(tls);
                System.setProperty("grpc.server.ssl.cert-chain", "file:" + tls.certificate().toAbsolutePath());
                System.setProperty("grpc.server.ssl.private-key", "file:" + tls.privateKey().toAbsolutePath());
                System.out.println("onestop server: TLS on; clients trust " + tls.certificate().toAbsolutePath());
            }
            String policies = System.getProperty("onestop.policies", System.getenv().getOrDefault("ONESTOP_POLICIES", ""));
            if (!policies.isBlank()) {
                // validated once, loudly, before anything starts: a bad file names itself and its field
                PolicyRegistry.validateFolder(java.nio.file.Path.of(policies), java.time.Clock.systemUTC());
            }
            new OneLineFailures().mainClass(ServerMain.class).banner(false).start();
        } catch (RuntimeException e) {
            // Configuration errors (a bad policy file, a bad option) stop the start with one line, no stack trace.
            cannotStart(StartupException.describe(e));
        }
    }

    static void cannotStart(String why) {
        System.err.println("onestop server: cannot start: " + why);
        System.exit(1);
    }

    /**
     * Micronaut, but a failure while starting (the store, the port, TLS) is one line on stderr and exit status 1
     * instead of Micronaut's logged stack trace. The cause stays in the log at DEBUG for whoever needs it.
     */
    private static final class OneLineFailures extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable failure) {
            org.slf4j.LoggerFactory.getLogger(ServerMain.class).debug("start failed", failure);
            String bind = bindFailure(failure);
            cannotStart(bind == null ? StartupException.describe(failure) : "gRPC port "
                    + environment.getProperty("grpc.server.port", String.class).orElse("?") + " cannot be opened: " + bind);
        }
    }

    /**
     * Why the port could not be bound, if that is what failed: Java's BindException, or under Netty's epoll transport its
     * native error ({@code bind(..) failed with error(-98): Address already in use}), reduced to the system's words.
     */
    static String bindFailure(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException) return c.getMessage();
            String m = c.getMessage();
            if (c instanceof java.io.IOException && m != null && m.startsWith("bind(")) {
                int words = m.indexOf("): ");
                return words >= 0 ? m.substring(words + 3) : m;
            }
        }
        return null;
    }

    private static void applyOptions(List<String> a) {
        for (int i = 0; i < a.size(); i++) {
            String o = a.get(i);
            switch (o) {
                case "--demo" -> System.setProperty("onestop.demo", "true");
                case "--tls" -> { } // handled in main
                case "--db-password" -> throw passwordOnCommandLine();
                case "--db", "--db-user", "--db-password-file", "--data", "--policies", "--port" -> {
                    if (i + 1 >= a.size()) throw new StartupException(o + " needs a value");
                    System.setProperty(property(o), a.get(++i));
                }
                default -> throw new StartupException("unknown option " + o + " (see --help)");
            }
        }
    }

    /** The setting an option of the server's command line sets. */
    static String property(String option) {
        return switch (option) {
            case "--db" -> "onestop.db-url";
            case "--db-user" -> "onestop.db-user";
            case "--db-password-file" -> "onestop.db-password-file";
            case "--data" -> "onestop.data";
            case "--policies" -> "onestop.policies";
            case "--port" -> "grpc.server.port";
            default -> throw new IllegalArgumentException(option);
        };
    }

    /** A password on the command line is visible to every local user: refused wherever a command would take one. */
    static StartupException passwordOnCommandLine() {
        return new StartupException("--db-password is refused: a password on the command line is "
                + "visible to every local user; put it in ONESTOP_DB_PASSWORD or in a file named by --db-password-file");
    }

    private static void quietLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
    }

    private static int token(List<String> a) {
        String hospital = null;
        String office = null;
        Role role = null;
        long days = 365;
        for (int i = 0; i + 1 < a.size(); i += 2) {
            switch (a.get(i)) {
                case "--hospital" -> hospital = a.get(i + 1);
                case "--office" -> office = a.get(i + 1);
                case "--role" -> role = Role.valueOf(a.get(i + 1));
                case "--days" -> days = Long.parseLong(a.get(i + 1));
                case "--data" -> System.setProperty("onestop.data", a.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + a.get(i));
            }
        }
        Caller caller = hospital != null ? Caller.hospital(hospital)
                : office != null && role != null && role != Role.HOSPITAL ? Caller.office(office, role) : null;
        if (caller == null) throw new IllegalArgumentException("give --hospital CODE, or --office NAME --role ADMIN|AUDITOR|CIVIL_AFFAIRS");
        // Only the secret is needed: a context without the gRPC server, database or policies.
        try (ApplicationContext ctx = ApplicationContext.builder().properties(java.util.Map.of(
                "grpc.server.enabled", false, "onestop.policies", "", "onestop.demo", false)).start()) {
            TokenService tokens = ctx.getBean(TokenService.class);
            System.out.println(tokens.issue(caller, Duration.ofDays(days).toMillis()));
        }
        return 0;
    }
}
