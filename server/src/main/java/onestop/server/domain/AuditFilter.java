package onestop.server.domain;

/**
 * Which audit entries a page lists: each part optional, combined with AND.
 *
 * @param actor      exactly this actor; empty: any
 * @param action     exactly this action; empty: any
 * @param fromMillis written at or after this instant
 * @param toMillis   written before this instant
 */
public record AuditFilter(String actor, String action, long fromMillis, long toMillis) {
    public static final AuditFilter ALL = new AuditFilter("", "", Long.MIN_VALUE, Long.MAX_VALUE);

    public AuditFilter {
        actor = actor == null ? "" : actor;
        action = action == null ? "" : action;
    }
}
