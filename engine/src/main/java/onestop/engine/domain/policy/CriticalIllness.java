package onestop.engine.domain.policy;

import java.util.Set;
import onestop.engine.domain.VisitType;

/** 大病保险 for one scheme. {@code tilt} may be null. */
public record CriticalIllness(Set<VisitType> visitTypes, Bands bands, Tilt tilt) {
    public CriticalIllness {
        visitTypes = Set.copyOf(visitTypes);
    }
}
