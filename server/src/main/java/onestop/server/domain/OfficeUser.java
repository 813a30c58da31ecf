package onestop.server.domain;

import java.util.Objects;

/**
 * A user of the city office's console: its role, and its password as an Argon2id hash (PHC string), never the text.
 * A disabled user stays for the audit trail but cannot log in.
 */
public record OfficeUser(String name, Role role, String passwordHash, long createdAtMillis, boolean disabled) {
    public OfficeUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (role == null || role == Role.HOSPITAL) throw new IllegalArgumentException("an office user's role is ADMIN, AUDITOR or CIVIL_AFFAIRS");
    }

    public OfficeUser withPasswordHash(String hash) {
        return new OfficeUser(name, role, hash, createdAtMillis, disabled);
    }

    public OfficeUser disable() {
        return new OfficeUser(name, role, passwordHash, createdAtMillis, true);
    }

    @Override
    public String toString() { // never the hash, not even in a log line
        return "OfficeUser[" + name + ", " + role + (disabled ? ", disabled" : "") + "]";
    }
}
