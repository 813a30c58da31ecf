package onestop.console.application;

import java.nio.file.Path;

/**
 * The console's settings, read and checked once at start ({@code onestop.console.*}).
 *
 * @param serverHost         the central server's gRPC host
 * @param serverPort         its port
 * @param trustCertificate   the server certificate (or its CA) to trust for TLS; null when plaintext
 * @param plaintext          gRPC without TLS (a local experiment only)
 * @param callDeadlineMillis each call's deadline
 * @param importDeadlineMillis a roster import's deadline (it streams progress over 100,000 rows)
 * @param secureCookies      browsers reach the console over HTTPS (its own TLS or a proxy in front): cookies are Secure
 * @param maxSessions        sessions kept at most (the oldest idle go first)
 */
public record ConsoleSettings(String serverHost, int serverPort, Path trustCertificate, boolean plaintext, long callDeadlineMillis,
                              long importDeadlineMillis, boolean secureCookies, int maxSessions) {
    public String serverAddress() {
        return serverHost + ":" + serverPort;
    }
}
