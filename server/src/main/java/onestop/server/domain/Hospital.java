package onestop.server.domain;

import java.util.Objects;
import onestop.engine.domain.HospitalLevel;

/** A hospital (定点医疗机构 or not) as the city office registers it. */
public record Hospital(String code, String name, HospitalLevel level, String county, boolean designated) {
    public Hospital {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(county, "county");
    }
}
