package onestop.agent.application;

import java.nio.file.Path;
import onestop.agent.cards.CardReaderConfig;

/**
 * The agent's configuration, validated once at start and sealed: every value here is known good.
 *
 * @param serverHost        the central server's host
 * @param serverPort        its gRPC port
 * @param caCertificate     PEM the server's TLS certificate chains to; null only with {@code plaintext}
 * @param plaintext         no TLS (a local experiment only)
 * @param token             the hospital's bearer token (read from its file)
 * @param apiKey            what the HIS sends as X-Api-Key (read from its file)
 * @param dataDir           local SQLite and state
 * @param cardReader        the card reader settings, checked ({@link onestop.agent.cards.CardReaders#check})
 * @param syncIntervalMillis how often the roster and policies are synced
 * @param reportIntervalMillis how often the agent reports itself to the server
 * @param callDeadlineMillis each server call's deadline
 * @param maxAttempts       tries of one call before the server counts as unreachable
 * @param offline           how far the counter may settle on its own while the server does not answer
 */
public record AgentSettings(String serverHost, int serverPort, Path caCertificate, boolean plaintext, String token, String apiKey,
                            Path dataDir, CardReaderConfig cardReader,
                            long syncIntervalMillis, long reportIntervalMillis, long callDeadlineMillis, int maxAttempts,
                            String agentId, String counterName, OfflineLimits offline) {
    public static final String VERSION = "0.2.0";
}
