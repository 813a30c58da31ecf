package onestop.server.application.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;

/**
 * 医保电子凭证 codes: what the patient's phone shows as a QR and the counter's scanner types in. Like the national
 * e-voucher's dynamic code it is short-lived and signed: {@code OSEV1.<payload>.<hmac>}, the payload
 * {@code idNumber|expiresAtMillis|nonce} in base64url, the HMAC-SHA256 under a key derived from the server's secret
 * for this one use (a code is never a bearer token, nor the other way round).
 */
public final class VoucherCodes {
    public static final String PREFIX = "OSEV1.";
    /** How long a code scans: long enough to walk to the counter, short enough that a photo of it is soon useless. */
    public static final long VALID_MILLIS = 5 * 60_000L;
    /** Longer scanned text is refused before any work. */
    public static final int MAX_CODE_CHARS = 512;

    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public VoucherCodes(byte[] serverSecret, Clock clock) {
        this.key = hmac(serverSecret, "onestop e-voucher code v1".getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    public record Code(String code, long expiresAtMillis) {}

    public Code issue(String canonicalIdNumber) {
        long expires = clock.millis() + VALID_MILLIS;
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        String payload = canonicalIdNumber + "|" + expires + "|" + HexFormat.of().formatHex(nonce);
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return new Code(PREFIX + p + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(p)), expires);
    }

    public record Holder(String idNumber, long expiresAtMillis) {}

    /** The person a code names: VOUCHER_INVALID when this server did not sign it, VOUCHER_EXPIRED past its time. */
    public Outcome<Holder> resolve(String code) {
        String c = code == null ? "" : code.strip();
        Outcome<Holder> invalid = Outcome.rejected(ResultCode.VOUCHER_INVALID, "code",
                "the code is not a 医保电子凭证 code of this system (scan the patient's QR again)");
        if (c.length() > MAX_CODE_CHARS || !c.startsWith(PREFIX)) return invalid;
        int dot = c.indexOf('.', PREFIX.length());
        if (dot < 0) return invalid;
        String p = c.substring(PREFIX.length(), dot);
        try {
            if (!MessageDigest.isEqual(Base64.getUrlDecoder().decode(c.substring(dot + 1)), sign(p))) return invalid;
            String[] parts = new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || IdNumber.canonical(parts[0]).isEmpty()) return invalid;
            long expires = Long.parseLong(parts[1]);
            if (expires < clock.millis()) {
                return Outcome.rejected(ResultCode.VOUCHER_EXPIRED, "code", "the code expired; ask the patient to show a fresh 医保电子凭证");
            }
            return Outcome.ok(new Holder(parts[0], expires));
        } catch (IllegalArgumentException e) {
            return invalid;
        }
    }

    private byte[] sign(String payload) {
        return hmac(key, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
