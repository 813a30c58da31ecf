package onestop.server.application;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;

/**
 * Which roles may make a call: the one check every office call makes, on the server, by the role the caller's token
 * names (a console that hides a button decides nothing). A hospital's token holds none of these roles.
 */
public final class Roles {
    public static final Set<Role> ADMIN = of(Role.ADMIN);
    /** The office's readers: settlements, policies, reports, audit. */
    public static final Set<Role> READERS = of(Role.ADMIN, Role.AUDITOR);
    /** Identity rosters: changed by civil affairs. */
    public static final Set<Role> ROSTER = of(Role.ADMIN, Role.CIVIL_AFFAIRS);
    /** Every office role. */
    public static final Set<Role> OFFICE = of(Role.ADMIN, Role.AUDITOR, Role.CIVIL_AFFAIRS);

    private Roles() {}

    /** Enum order, so that messages name the roles the same way every time. */
    private static Set<Role> of(Role first, Role... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** Null when the caller holds one of {@code roles}, else PERMISSION_DENIED saying what needs which roles. */
    public static Rejection allow(Caller caller, Set<Role> roles, String what) {
        return roles.contains(caller.role()) ? null
                : Rejection.of(ResultCode.PERMISSION_DENIED, "", what + " needs one of the roles " + roles);
    }
}
