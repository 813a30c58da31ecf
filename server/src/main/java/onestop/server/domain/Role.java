package onestop.server.domain;

/** What an authenticated caller may do. */
public enum Role {
    /** A hospital's agent: its own settlements, eligibility, sync of its area. */
    HOSPITAL,
    /** The city office's administrators: everything. */
    ADMIN,
    /** Read-only: settlements, reports, audit. */
    AUDITOR,
    /** Civil affairs (民政): identity rosters and alert reports. */
    CIVIL_AFFAIRS
}
