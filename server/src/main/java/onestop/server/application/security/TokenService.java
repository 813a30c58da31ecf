package onestop.server.application.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;

/**
 * Signed bearer tokens for hospital agents and office users: {@code os1.<payload>.<hmac>}, the
 * payload {@code role|name|hospital|expiresAtMillis} in base64url, signed with HMAC-SHA256 under
 * the server's secret. A token names its holder and role and cannot be altered without the secret.
 */
public final class TokenService {
    private static final String PREFIX = "os1.";
    /** Longer tokens are refused before any work is done. */
    static final int MAX_TOKEN_CHARS = 512;

    private final byte[] secret;
    private final Clock clock;
    /** One keyed HMAC per thread: looking the algorithm up and keying it cost more than signing a token. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public TokenService(byte[] secret, Clock clock) {
        if (secret.length < 32) throw new IllegalArgumentException("the token secret must be at least 32 bytes");
        this.secret = secret.clone();
        this.clock = clock;
    }

    public String issue(Caller caller, long validMillis) {
        return issueUntil(caller, Math.addExact(clock.millis(), validMillis));
    }

    /** The token for the caller that expires at {@code expires}: the same text every time (so a repeated request can answer it again). */
    public String issueUntil(Caller caller, long expires) {
        String payload = caller.role().name() + "|" + caller.name() + "|" + (caller.hospitalCode() == null ? "" : caller.hospitalCode())
                + "|" + expires;
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(p));
    }

    /** The caller a token names, if it is well-formed, signed by this server and not expired. */
    public Optional<Caller> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS || !token.startsWith(PREFIX)) return Optional.empty();
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0) return Optional.empty();
        String p = token.substring(PREFIX.length(), dot);
        try {
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, sign(p))) return Optional.empty();
            String[] parts = new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 4) return Optional.empty();
            if (Long.parseLong(parts[3]) < clock.millis()) return Optional.empty();
            Role role = Role.valueOf(parts[0]);
            return Optional.of(role == Role.HOSPITAL ? Caller.hospital(parts[2]) : Caller.office(parts[1], role));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        return macs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8)); // doFinal leaves it reset for the next
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
