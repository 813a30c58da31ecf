package onestop.server.application.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argon2id PHC strings: self-describing, salted, and nothing but a well-formed one of sane cost is ever computed. */
class PasswordHashesTest {
    @Test
    void aHashIsAPhcStringThatVerifiesOnlyItsPassword() {
        String a = PasswordHashes.hash("中文密码 with spaces");
        assertTrue(a.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), a);
        assertTrue(PasswordHashes.verify("中文密码 with spaces", a));
        assertFalse(PasswordHashes.verify("中文密码 with spaces ", a));
        assertNotEquals(a, PasswordHashes.hash("中文密码 with spaces"), "a new salt each time");
    }

    @Test
    void malformedOrCostlyStoredHashesNeverVerify() {
        String good = PasswordHashes.hash("password-123");
        assertFalse(PasswordHashes.verify("password-123", ""));
        assertFalse(PasswordHashes.verify("password-123", null));
        assertFalse(PasswordHashes.verify("password-123", good.replace("argon2id", "argon2i")));
        assertFalse(PasswordHashes.verify("password-123", good.replace("m=19456", "m=9999999")), "over 256 MiB is refused, not computed");
        assertFalse(PasswordHashes.verify("password-123", good.substring(0, good.length() - 2)));
    }

    /** Made by the reference implementation (Debian's argon2: -id -t 3 -k 8192 -p 1 -l 32), at another cost than ours. */
    @Test
    void aHashOfTheReferenceImplementationVerifies() {
        String reference = "$argon2id$v=19$m=8192,t=3,p=1$c29tZXNhbHQtMTZieXRlcw$1kNHUmkkU+4ScventDuqZ6QNkM23ESm8SKf+Q7lSxwg";
        assertTrue(PasswordHashes.verify("password-123", reference));
        assertFalse(PasswordHashes.verify("password-124", reference));
    }
}
