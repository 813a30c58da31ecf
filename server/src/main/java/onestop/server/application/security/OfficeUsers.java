package onestop.server.application.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.Checks;
import onestop.server.application.ports.Store;
import onestop.server.domain.Caller;
import onestop.server.domain.OfficeUser;
import onestop.server.domain.Role;

/**
 * The city office's console users: created, given a new password and disabled from the command line, and logged in by
 * the console for a short-lived token of their role. Failed logins are limited per user name and per address, counted
 * in the store so that the limits hold across server instances; every attempt and every change is audited (never a
 * password).
 */
public final class OfficeUsers {
    public static final int MAX_FAILURES_PER_NAME = 5;
    public static final int MAX_FAILURES_PER_ADDRESS = 20;
    /**
     * The gRPC peer is counted too, so that a caller cannot dodge the address limit by naming a new client address
     * each time; the console is one peer for all its browsers, hence the larger limit.
     */
    public static final int MAX_FAILURES_PER_PEER = 10 * MAX_FAILURES_PER_ADDRESS;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration TOKEN_VALIDITY = Duration.ofMinutes(30);
    public static final int MIN_NEW_PASSWORD_CHARS = 10;
    public static final int MAX_PASSWORD_CHARS = 256;
    public static final int MAX_ADDRESS_CHARS = 64;
    /** Argon2id takes 19 MiB and tens of milliseconds a hash: a flood of logins waits here rather than exhausting memory. */
    static final int CONCURRENT_HASHES = 4;
    static final String WRONG_LOGIN = "wrong user name or password";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<Role> OFFICE_ROLES = List.of(Role.ADMIN, Role.AUDITOR, Role.CIVIL_AFFAIRS);

    private final Store store;
    private final TokenService tokens;
    private final Clock clock;
    private final Semaphore hashing = new Semaphore(CONCURRENT_HASHES, true);
    /** Checked against when the name is unknown, so that an unknown name costs the same time as a wrong password. */
    private volatile String decoy;

    public OfficeUsers(Store store, TokenService tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    public record LoggedIn(String token, String name, Role role, long validMillis) {}

    /**
     * Checks the password and answers a token for the user's role. Wrong name, wrong password and a disabled user are
     * the same UNAUTHENTICATED; past a limit every attempt is LOGIN_LOCKED, right password or not, and is not counted.
     *
     * @param clientAddress the browser's address as the console saw it; empty: the peer's
     * @param peerAddress   the gRPC peer's address
     */
    public Outcome<LoggedIn> login(String name, String password, String clientAddress, String peerAddress) {
        Rejection bad = checkName("name", name);
        if (bad == null) bad = checkPassword("password", password, 1);
        if (bad == null) bad = Checks.text("client_address", clientAddress, MAX_ADDRESS_CHARS, false);
        if (bad != null) return Outcome.rejected(bad);
        String peer = shorten(peerAddress == null || peerAddress.isBlank() ? "unknown" : peerAddress.strip());
        String address = clientAddress == null || clientAddress.isBlank() ? peer : clientAddress.strip();
        String from = "from " + address + (address.equals(peer) ? "" : " via " + peer);
        long now = clock.millis();
        long since = now - WINDOW.toMillis();
        List<String> subjects = List.of("name:" + name, "address:" + address, "peer:" + peer);

        String locked = store.read(tx -> {
            if (tx.loginFailures(subjects.get(0), since) >= MAX_FAILURES_PER_NAME) return "user name";
            if (tx.loginFailures(subjects.get(1), since) >= MAX_FAILURES_PER_ADDRESS) return "address " + address;
            if (tx.loginFailures(subjects.get(2), since) >= MAX_FAILURES_PER_PEER) return "peer " + peer;
            return null;
        });
        if (locked != null) {
            store.write(tx -> {
                tx.audit(now, name, "login-locked", name, from + ": too many failed logins of the " + locked);
                return null;
            });
            return Outcome.rejected(ResultCode.LOGIN_LOCKED, "", "too many failed logins for this user name or address within "
                    + WINDOW.toMinutes() + " minutes; try again later");
        }

        Optional<OfficeUser> user = store.read(tx -> tx.officeUser(name));
        Optional<Boolean> matches = withHashing(() -> PasswordHashes.verify(password, user.map(OfficeUser::passwordHash).orElseGet(this::decoy)));
        if (matches.isEmpty()) return Outcome.rejected(busy());
        if (user.isEmpty() || !matches.get() || user.get().disabled()) {
            String why = user.isEmpty() ? "no such user" : !matches.get() ? "wrong password" : "user disabled";
            store.write(tx -> {
                tx.recordLoginFailure(subjects, now, since);
                tx.audit(now, name, "login-failed", name, from + ": " + why);
                return null;
            });
            return Outcome.rejected(ResultCode.UNAUTHENTICATED, "", WRONG_LOGIN);
        }
        OfficeUser u = user.get();
        String token = tokens.issue(Caller.office(u.name(), u.role()), TOKEN_VALIDITY.toMillis());
        store.write(tx -> {
            tx.audit(now, u.name(), "login", u.name(), from + ": role " + u.role() + ", token for " + TOKEN_VALIDITY.toMinutes() + " minutes");
            return null;
        });
        return Outcome.ok(new LoggedIn(token, u.name(), u.role(), TOKEN_VALIDITY.toMillis()));
    }

    /** A new user; ALREADY_EXISTS-like INVALID_ARGUMENT when the name is taken. */
    public Outcome<OfficeUser> add(String actor, String name, Role role, String password) {
        Rejection bad = checkName("name", name);
        if (bad == null && (role == null || !OFFICE_ROLES.contains(role))) bad = Checks.invalid("role", "role must be ADMIN, AUDITOR or CIVIL_AFFAIRS");
        if (bad == null) bad = checkPassword("password", password, MIN_NEW_PASSWORD_CHARS);
        if (bad != null) return Outcome.rejected(bad);
        Optional<String> hash = withHashing(() -> PasswordHashes.hash(password));
        if (hash.isEmpty()) return Outcome.rejected(busy());
        long now = clock.millis();
        return store.write(tx -> {
            if (tx.officeUser(name).isPresent()) {
                return Outcome.rejected(Checks.invalid("name", "office user " + name + " already exists (user passwd changes its password)"));
            }
            OfficeUser u = new OfficeUser(name, role, hash.get(), now, false);
            tx.insertOfficeUser(u);
            tx.audit(now, actor, "office-user-add", name, "role " + role);
            return Outcome.ok(u);
        });
    }

    /** The user (if missing) with this role and password: the demo's logins. */
    public void ensure(String actor, String name, Role role, String password) {
        if (store.read(tx -> tx.officeUser(name)).isPresent()) return;
        Outcome<OfficeUser> added = add(actor, name, role, password);
        if (!added.isOk() && store.read(tx -> tx.officeUser(name)).isEmpty()) {
            throw new IllegalStateException("cannot add office user " + name + ": " + added.rejection().message());
        }
    }

    public Outcome<OfficeUser> changePassword(String actor, String name, String password) {
        Rejection bad = checkName("name", name);
        if (bad == null) bad = checkPassword("password", password, MIN_NEW_PASSWORD_CHARS);
        if (bad != null) return Outcome.rejected(bad);
        Optional<String> hash = withHashing(() -> PasswordHashes.hash(password));
        if (hash.isEmpty()) return Outcome.rejected(busy());
        return change(actor, name, "office-user-passwd", u -> u.withPasswordHash(hash.get()));
    }

    /** Disables the user (a disabled user stays disabled: doing it again changes nothing but is audited). */
    public Outcome<OfficeUser> disable(String actor, String name) {
        Rejection bad = checkName("name", name);
        if (bad != null) return Outcome.rejected(bad);
        return change(actor, name, "office-user-disable", OfficeUser::disable);
    }

    private Outcome<OfficeUser> change(String actor, String name, String action, java.util.function.UnaryOperator<OfficeUser> how) {
        long now = clock.millis();
        return store.write(tx -> {
            Optional<OfficeUser> before = tx.officeUser(name);
            if (before.isEmpty()) return Outcome.rejected(Checks.invalid("name", "no office user " + name));
            OfficeUser after = how.apply(before.get());
            tx.updateOfficeUser(after);
            tx.audit(now, actor, action, name, "role " + after.role() + (after.disabled() ? ", disabled" : ""));
            return Outcome.ok(after);
        });
    }

    static Rejection checkName(String field, String name) {
        return name != null && NAME.matcher(name).matches() ? null
                : Checks.invalid(field, field + " must be 1-64 of A-Z a-z 0-9 . _ -, got " + Checks.show(name));
    }

    static Rejection checkPassword(String field, String password, int minChars) {
        int n = password == null ? 0 : password.length();
        if (n < minChars || n > MAX_PASSWORD_CHARS) {
            return Checks.invalid(field, field + " must be " + minChars + "-" + MAX_PASSWORD_CHARS + " characters, got " + n);
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_ADDRESS_CHARS ? s : s.substring(0, MAX_ADDRESS_CHARS);
    }

    private String decoy() {
        String d = decoy;
        if (d == null) decoy = d = PasswordHashes.hash(java.util.UUID.randomUUID().toString());
        return d;
    }

    /** Runs a hash when one of the few slots frees within a few seconds; empty when the server is too busy. */
    private <T> Optional<T> withHashing(java.util.function.Supplier<T> work) {
        try {
            if (!hashing.tryAcquire(5, TimeUnit.SECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            hashing.release();
        }
    }

    private static Rejection busy() {
        return Rejection.of(ResultCode.RESOURCE_EXHAUSTED, "", "the server is busy checking other logins; try again shortly");
    }
}
