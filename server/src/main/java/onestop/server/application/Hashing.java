package onestop.server.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 hex of text: request bodies (idempotency) and policy versions. */
public final class Hashing {
    /** One digest per thread: looking the algorithm up cost more than hashing a request. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    private Hashing() {}

    public static String sha256(String text) {
        return HEX.formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8))); // digest() leaves it reset
    }

    /** A canonical, unambiguous text of several fields: each as length:value, so no separator can be forged. */
    public static String canonical(Object... fields) {
        StringBuilder s = new StringBuilder();
        for (Object f : fields) {
            String v = String.valueOf(f);
            s.append(v.length()).append(':').append(v).append('|');
        }
        return s.toString();
    }
}
