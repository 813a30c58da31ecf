package onestop.console.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The console's own table of who may open and do what (the server checks again by the token's role). */
class AccessTest {
    @Test
    void eachRoleReachesItsPages() {
        for (String p : new String[] {"/", "/policies", "/rosters/tasks/x", "/hospitals/H1/edit", "/settlements/H1/S1", "/clearing.csv",
                "/reconciliation", "/alerts.csv", "/audit"}) {
            assertTrue(Access.allows("ADMIN", "GET", p), p);
        }
        assertTrue(Access.allows("AUDITOR", "GET", "/policies/huangshan-2024/diff"));
        assertTrue(Access.allows("AUDITOR", "POST", "/policies/try"), "a what-if run stores nothing");
        assertFalse(Access.allows("AUDITOR", "GET", "/policies/upload"));
        assertFalse(Access.allows("AUDITOR", "POST", "/policies/upload"));
        assertFalse(Access.allows("AUDITOR", "POST", "/settlements/H1/S1/reverse"));
        assertFalse(Access.allows("AUDITOR", "POST", "/settlements/H1/S1/reveal"));
        assertFalse(Access.allows("AUDITOR", "GET", "/rosters"));
        assertFalse(Access.allows("AUDITOR", "GET", "/alerts.csv"));
        assertTrue(Access.allows("CIVIL_AFFAIRS", "POST", "/rosters/upload"));
        assertTrue(Access.allows("CIVIL_AFFAIRS", "GET", "/alerts.csv"));
        assertFalse(Access.allows("CIVIL_AFFAIRS", "GET", "/clearing.csv"));
        assertTrue(Access.allows("CIVIL_AFFAIRS", "GET", "/no-such-page"), "not a page of any role: left to the router (404)");
        assertFalse(Access.allows("SOMEONE", "GET", "/"), "an unknown role reaches nothing");
        assertTrue(Access.allows("CIVIL_AFFAIRS", "POST", "/logout"));
    }
}
