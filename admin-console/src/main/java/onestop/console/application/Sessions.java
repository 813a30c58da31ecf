package onestop.console.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of this console, in memory only: a session lives exactly as long as the server's token in it (its
 * validity from the login), at most {@code maxSessions} at once. A login always makes a new id (never one the browser
 * brought: no fixation); logout removes it.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Cache<String, Session> sessions;
    private final Ticker ticker;

    public Sessions(int maxSessions, Ticker ticker) {
        this.ticker = ticker;
        this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).ticker(ticker).expireAfter(new Expiry<String, Session>() {
            @Override
            public long expireAfterCreate(String key, Session s, long now) {
                return remaining(s);
            }

            @Override
            public long expireAfterUpdate(String key, Session s, long now, long current) {
                return remaining(s);
            }

            @Override
            public long expireAfterRead(String key, Session s, long now, long current) {
                return current;
            }
        }).build();
    }

    private long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(ticker.read());
    }

    private long remaining(Session s) {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, s.expiresAtMillis() - nowMillis()));
    }

    /** 32 random bytes, URL-safe: a session id or a CSRF token. */
    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new session for a user the server just logged in, valid as long as its token. */
    public Session start(String name, String role, String token, long validMillis) {
        Session s = new Session(randomToken(), name, role, token, randomToken(), nowMillis() + validMillis);
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null || id.length() != 43) return Optional.empty();
        Session s = sessions.getIfPresent(id);
        return s == null || s.expiresAtMillis() <= nowMillis() ? Optional.empty() : Optional.of(s);
    }

    public void end(String id) {
        if (id != null) sessions.invalidate(id);
    }

    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }
}
