package onestop.console.adapters.config;

import io.micronaut.core.value.PropertyResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import onestop.console.application.ConsoleSettings;

/**
 * Reads {@code onestop.console.*} once, checks every value and seals them in {@link ConsoleSettings}. A missing or bad
 * value stops the start with one line naming the setting ({@code onestop.console.ca-cert: /x does not exist}).
 */
public final class SettingsLoader {
    static final String P = "onestop.console.";

    private SettingsLoader() {}

    /** A setting that is missing or wrong; its message is the whole line an operator reads. */
    public static final class BadSetting extends RuntimeException {
        BadSetting(String setting, String problem) {
            super(P + setting + ": " + problem, null, false, false);
        }
    }

    public static ConsoleSettings load(PropertyResolver env) {
        String server = text(env, "server", "127.0.0.1:50051");
        int colon = server.lastIndexOf(':');
        if (colon <= 0) throw new BadSetting("server", "must be host:port, got '" + server + "'");
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = integer("server", server.substring(colon + 1), 1, 65535);
        boolean plaintext = bool(env, "plaintext");
        Path trust = plaintext ? null : certificate(text(env, "ca-cert", ""));
        long deadline = integer("call-deadline-millis", text(env, "call-deadline-millis", "10000"), 100, 120_000);
        long importDeadline = 1000L * integer("import-deadline-seconds", text(env, "import-deadline-seconds", "900"), 10, 7_200);
        boolean ownTls = Boolean.parseBoolean(env.getProperty("micronaut.server.ssl.enabled", String.class).orElse("false"));
        boolean https = ownTls || bool(env, "https");
        int maxSessions = integer("max-sessions", text(env, "max-sessions", "10000"), 1, 1_000_000);
        return new ConsoleSettings(host, port, trust, plaintext, deadline, importDeadline, https, maxSessions);
    }

    private static String text(PropertyResolver env, String key, String absent) {
        return env.getProperty(P + key, String.class).map(String::strip).filter(s -> !s.isEmpty()).orElse(absent);
    }

    private static boolean bool(PropertyResolver env, String key) {
        String v = text(env, key, "false");
        if (!v.equals("true") && !v.equals("false")) throw new BadSetting(key, "must be true or false, got '" + v + "'");
        return v.equals("true");
    }

    private static int integer(String key, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new BadSetting(key, "must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    /** The server's certificate (or its CA's), PEM: the one the server wrote to data/tls/server.crt. */
    private static Path certificate(String file) {
        if (file.isEmpty()) {
            throw new BadSetting("ca-cert", "is required: the server's certificate to trust (e.g. data/tls/server.crt), or set "
                    + P + "plaintext=true for a server without TLS");
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) throw new BadSetting("ca-cert", p + " does not exist");
        try {
            if (!Files.readString(p, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                throw new BadSetting("ca-cert", p + " is not a PEM certificate");
            }
        } catch (IOException e) {
            throw new BadSetting("ca-cert", p + " cannot be read: " + e.getMessage());
        }
        return p;
    }
}
