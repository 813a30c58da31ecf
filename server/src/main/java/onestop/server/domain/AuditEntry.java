package onestop.server.domain;

/** One line of the audit trail: who did what to what, when. ID numbers are masked before they get here. */
public record AuditEntry(long id, long atMillis, String actor, String action, String target, String detail) {}
