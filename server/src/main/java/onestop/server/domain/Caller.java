package onestop.server.domain;

import java.util.Objects;

/**
 * Who is calling, as authentication established it. A hospital caller carries its hospital code;
 * an office caller (admin, auditor, civil affairs) its user name and no hospital.
 */
public record Caller(String name, Role role, String hospitalCode) {
    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((role == Role.HOSPITAL) != (hospitalCode != null)) {
            throw new IllegalArgumentException("a hospital caller, and only one, has a hospital code");
        }
    }

    public static Caller hospital(String code) {
        return new Caller(code, Role.HOSPITAL, code);
    }

    public static Caller office(String name, Role role) {
        return new Caller(name, role, null);
    }

    public boolean isHospital() {
        return role == Role.HOSPITAL;
    }

    /** The key under which this caller's request ids are kept: hospitals and office users never share one. */
    public String requestScope() {
        return isHospital() ? "H:" + hospitalCode : "U:" + name;
    }
}
