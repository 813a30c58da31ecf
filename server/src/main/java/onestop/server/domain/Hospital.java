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

    /**
     * The hospital's region: the 4-digit city prefix of its county. A hospital's agent sees persons
     * and rosters of this region only; policies are per region too ({@code region() + "00"}).
     */
    public String region() {
        return county.substring(0, 4);
    }

    /** Whether an area code (or area-code prefix) lies inside this hospital's region. */
    public boolean regionCovers(String area) {
        return area.length() >= 4 && area.startsWith(region());
    }
}
