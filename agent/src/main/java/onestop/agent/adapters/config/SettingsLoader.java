package onestop.agent.adapters.config;

import io.micronaut.core.value.PropertyResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import onestop.agent.application.AgentSettings;
import onestop.agent.application.OfflineLimits;
import onestop.agent.cards.CardConfigException;
import onestop.agent.cards.CardReaderConfig;
import onestop.agent.cards.CardReaders;

/**
 * Reads {@code onestop.agent.*} once, checks every value and seals them in {@link AgentSettings}. A missing or bad value
 * stops the start with one line naming the setting ({@code onestop.agent.token-file: /etc/x does not exist}).
 */
public final class SettingsLoader {
    static final String P = "onestop.agent.";

    private SettingsLoader() {}

    /** A setting that is missing or wrong; its message is the whole line an operator reads. */
    public static final class BadSetting extends RuntimeException {
        BadSetting(String setting, String problem) {
            this(P + setting + ": " + problem);
        }

        private BadSetting(String line) {
            super(line, null, false, false);
        }
    }

    public static AgentSettings load(PropertyResolver env) {
        String server = text(env, "server", "127.0.0.1:50051");
        int colon = server.lastIndexOf(':');
        if (colon <= 0) throw new BadSetting("server", "must be host:port, got '" + server + "'");
        String host = server.substring(0, colon);
        int port = integer("server", server.substring(colon + 1), 1, 65535);
        boolean plaintext = Boolean.parseBoolean(text(env, "plaintext", "false"));
        Path ca = plaintext ? null : pem(env, "ca-cert", "-----BEGIN CERTIFICATE-----");
        String token = secretFile(env, "token-file", 20);
        if (!token.startsWith("os1.")) throw new BadSetting("token-file", "does not hold a OneStop hospital token (os1....); ask the city office for one");
        String apiKey = secretFile(env, "api-key-file", 16);
        Path data = writableFolder(text(env, "data", "data/agent"));
        CardReaderConfig cardReader = cardReader(env);
        long sync = 1000L * integer("sync-interval-seconds", text(env, "sync-interval-seconds", "300"), 10, 86_400);
        long report = 1000L * integer("report-interval-seconds", text(env, "report-interval-seconds", "30"), 5, 3_600);
        long deadline = integer("call-deadline-millis", text(env, "call-deadline-millis", "5000"), 100, 60_000);
        int attempts = integer("max-attempts", text(env, "max-attempts", "3"), 1, 10);
        String agentId = text(env, "agent-id", "");
        if (agentId.isEmpty()) agentId = defaultAgentId(data);
        if (!agentId.matches("[A-Za-z0-9._:-]{1,64}")) throw new BadSetting("agent-id", "must be 1-64 of A-Z a-z 0-9 . _ : -");
        String counter = text(env, "counter-name", "");
        if (counter.length() > 100) throw new BadSetting("counter-name", "is longer than 100 characters");
        return new AgentSettings(host, port, ca, plaintext, token, apiKey, data, cardReader, sync, report,
                deadline, attempts, agentId, counter, offline(env));
    }

    /** {@code offline.*}: the limits of settling without the server, in yuan and hours as an office writes them. */
    static OfflineLimits offline(PropertyResolver env) {
        OfflineLimits d = OfflineLimits.DEFAULTS;
        long perSettlement = yuanFen("offline.max-settlement-yuan", text(env, "offline.max-settlement-yuan", yuan(d.maxSettlementFen())));
        int entries = integer("offline.max-entries", text(env, "offline.max-entries", String.valueOf(d.maxEntries())), 1, 100_000);
        long fund = yuanFen("offline.max-fund-yuan", text(env, "offline.max-fund-yuan", yuan(d.maxFundFen())));
        int hours = integer("offline.max-age-hours", text(env, "offline.max-age-hours", String.valueOf(d.maxAgeMillis() / 3_600_000)), 1, 720);
        int backoff = integer("offline.max-forward-backoff-seconds", text(env, "offline.max-forward-backoff-seconds",
                String.valueOf(d.maxBackoffMillis() / 1000)), 1, 3_600);
        int keepDays = integer("offline.keep-forwarded-days", text(env, "offline.keep-forwarded-days",
                String.valueOf(d.keepForwardedMillis() / 86_400_000L)), 31, 3_650);
        return new OfflineLimits(perSettlement, entries, fund, hours * 3_600_000L, backoff * 1000L, keepDays * 86_400_000L);
    }

    private static String yuan(long fen) {
        return onestop.engine.domain.money.Money.format(fen);
    }

    /** A positive amount in yuan (at most two decimals) as fen. */
    private static long yuanFen(String key, String text) {
        long fen = onestop.engine.domain.money.Money.parseOrMinusOne(text.strip());
        if (fen <= 0) throw new BadSetting(key, "must be a positive amount in yuan (e.g. 50000 or 50000.00), got '" + text + "'");
        return fen;
    }

    /** {@code card-reader.*}: read as text, checked where card readers are made, so the rules live in one place. */
    static CardReaderConfig cardReader(PropertyResolver env) {
        try {
            return CardReaders.check(new CardReaderConfig(full(env, CardReaderConfig.KIND), full(env, CardReaderConfig.TERMINAL_NAME),
                    full(env, CardReaderConfig.LIBRARY_PATH), CardReaders.port(full(env, CardReaderConfig.PORT)),
                    full(env, CardReaderConfig.SIMULATED_FILE)));
        } catch (CardConfigException e) {
            throw new BadSetting(e.getMessage()); // already the one line, naming the setting
        }
    }

    private static String text(PropertyResolver env, String key, String dflt) {
        return env.getProperty(P + key, String.class).map(String::strip).orElse(dflt);
    }

    /** A setting by its full name; unset is "". */
    private static String full(PropertyResolver env, String name) {
        return env.getProperty(name, String.class).map(String::strip).orElse("");
    }

    private static String required(PropertyResolver env, String key) {
        String v = text(env, key, "");
        if (v.isEmpty()) throw new BadSetting(key, "is required");
        return v;
    }

    private static int integer(String key, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // falls through to the one-line answer
        }
        throw new BadSetting(key, "must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static Path pem(PropertyResolver env, String key, String header) {
        Path file = Path.of(required(env, key));
        try {
            if (!Files.readString(file, StandardCharsets.US_ASCII).contains(header)) {
                throw new BadSetting(key, file.toAbsolutePath() + " is not a PEM certificate");
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadSetting(key, file.toAbsolutePath() + " cannot be read (" + reason(e) + ")");
        }
        return file;
    }

    /** A secret kept in a file (never in the command line or the YAML): its first line. */
    private static String secretFile(PropertyResolver env, String key, int minChars) {
        Path file = Path.of(required(env, key));
        String value;
        try {
            value = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadSetting(key, file.toAbsolutePath() + " cannot be read (" + reason(e) + ")");
        }
        if (value.length() < minChars) throw new BadSetting(key, file.toAbsolutePath() + " holds less than " + minChars + " characters");
        return value;
    }

    private static Path writableFolder(String dir) {
        Path p = Path.of(dir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(p);
            Files.delete(Files.createTempFile(p, ".write-check", ".tmp"));
            return p;
        } catch (IOException e) {
            throw new BadSetting("data", p + " is not writable (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The machine's name and the data folder: stable across restarts, different for two agents on one PC. */
    static String defaultAgentId(Path data) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "agent";
        }
        String clean = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (clean.length() > 48) clean = clean.substring(0, 48);
        return clean + ":" + Integer.toHexString(data.toString().hashCode());
    }
}
