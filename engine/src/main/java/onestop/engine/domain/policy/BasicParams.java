package onestop.engine.domain.policy;

import java.util.EnumMap;
import java.util.Map;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.money.Rate;

/** Basic insurance for one scheme and visit type: per-level deductible (起付线) and rate, and an annual cap. */
public record BasicParams(Map<HospitalLevel, Level> levels, long annualCapFen) {
    public record Level(long deductibleFen, Rate rate) {}

    public BasicParams {
        levels = Map.copyOf(new EnumMap<>(levels));
    }

    public Level level(HospitalLevel level) {
        return levels.get(level);
    }
}
