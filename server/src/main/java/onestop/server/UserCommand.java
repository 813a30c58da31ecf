package onestop.server;

import io.micronaut.context.ApplicationContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onestop.engine.domain.Outcome;
import onestop.server.adapters.bootstrap.StartupException;
import onestop.server.application.security.OfficeUsers;
import onestop.server.domain.OfficeUser;
import onestop.server.domain.Role;

/**
 * {@code ./onestop server user add NAME --role ROLE | passwd NAME | disable NAME}: the office's console users, in the
 * store the server uses (the same --data, --db, --db-user and --db-password-file). A password is the first line of
 * standard input, never an argument (every local user can read those). Each command prints one line; a failure is one
 * line on stderr and exit status 1. Changes are audited as the actor "cli".
 */
final class UserCommand {
    static final String USAGE = "onestop server user add NAME --role ADMIN|AUDITOR|CIVIL_AFFAIRS | passwd NAME | disable NAME"
            + " [--data DIR] [--db JDBC_URL --db-user U --db-password-file FILE]  (the password: first line of standard input)";
    private static final String ACTOR = "cli";

    private UserCommand() {}

    /** Runs the command; the exit status. */
    static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        try {
            if (args.size() < 2) throw new StartupException("usage: " + USAGE);
            String verb = args.get(0);
            String name = args.get(1);
            Role role = null;
            Map<String, Object> settings = new HashMap<>(Map.of("grpc.server.enabled", false, "onestop.policies", "", "onestop.demo", false));
            for (int i = 2; i < args.size(); i++) {
                String o = args.get(i);
                if (o.equals("--db-password")) throw ServerMain.passwordOnCommandLine();
                if (!List.of("--role", "--data", "--db", "--db-user", "--db-password-file").contains(o)) {
                    throw new StartupException("unknown option " + o + " (usage: " + USAGE + ")");
                }
                if (i + 1 >= args.size()) throw new StartupException(o + " needs a value");
                String v = args.get(++i);
                if (o.equals("--role")) role = role(v);
                else settings.put(ServerMain.property(o), v);
            }
            if (!List.of("add", "passwd", "disable").contains(verb)) throw new StartupException("usage: " + USAGE);
            if (verb.equals("add") && role == null) throw new StartupException("give the role: --role ADMIN|AUDITOR|CIVIL_AFFAIRS");
            if (!verb.equals("add") && role != null) throw new StartupException("--role is for user add only");
            String password = verb.equals("disable") ? null : password(stdin);
            try (ApplicationContext ctx = ApplicationContext.builder().properties(settings).start()) {
                OfficeUsers users = ctx.getBean(OfficeUsers.class);
                Outcome<OfficeUser> done = switch (verb) {
                    case "add" -> users.add(ACTOR, name, role, password);
                    case "passwd" -> users.changePassword(ACTOR, name, password);
                    default -> users.disable(ACTOR, name);
                };
                if (!done.isOk()) throw new StartupException(done.rejection().message());
                OfficeUser u = done.value();
                out.println(switch (verb) {
                    case "add" -> "office user " + u.name() + " added, role " + u.role();
                    case "passwd" -> "office user " + u.name() + ": password changed";
                    default -> "office user " + u.name() + " disabled";
                });
                return 0;
            }
        } catch (RuntimeException e) {
            err.println("onestop server user: " + StartupException.describe(e));
            return 1;
        }
    }

    private static Role role(String text) {
        try {
            Role r = Role.valueOf(text);
            if (r != Role.HOSPITAL) return r;
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw new StartupException("--role must be ADMIN, AUDITOR or CIVIL_AFFAIRS, got " + text);
    }

    /** The first line of standard input, checked before the store is opened. */
    private static String password(InputStream stdin) {
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new StartupException("cannot read the password from standard input: " + e.getMessage(), e);
        }
        if (line == null || line.isEmpty()) throw new StartupException("no password: give it on the first line of standard input");
        if (line.length() < OfficeUsers.MIN_NEW_PASSWORD_CHARS) {
            throw new StartupException("the password must be at least " + OfficeUsers.MIN_NEW_PASSWORD_CHARS + " characters (got "
                    + line.length() + ")");
        }
        if (line.length() > OfficeUsers.MAX_PASSWORD_CHARS) {
            throw new StartupException("the password must be at most " + OfficeUsers.MAX_PASSWORD_CHARS + " characters");
        }
        return line;
    }
}
