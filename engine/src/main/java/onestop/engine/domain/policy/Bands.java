package onestop.engine.domain.policy;

import java.util.List;
import onestop.engine.domain.money.FenMicros;
import onestop.engine.domain.money.Rate;

/**
 * A threshold, consecutive segments above it and an optional annual cap: the shape shared by
 * critical illness, every supplementary tier and every assistance category.
 *
 * @param capFen annual cap, or {@link #NO_CAP}
 */
public record Bands(long thresholdFen, List<Segment> segments, long capFen) {
    public static final long NO_CAP = Long.MAX_VALUE;

    public Bands {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || !segments.get(segments.size() - 1).isOpen()) {
            throw new IllegalArgumentException("bands must end with an open segment");
        }
    }

    /** F(K) before rounding's single step: Σ rate × (part of max(0, K − threshold) inside each band). */
    public static long bandedAmountFen(long cumulativeFen, long thresholdFen, List<Segment> segments, Rate bonus) {
        long above = cumulativeFen - thresholdFen;
        if (above <= 0) return 0;
        FenMicros sum = new FenMicros();
        long lower = 0;
        for (int i = 0, n = segments.size(); i < n && above > lower; i++) {
            Segment s = segments.get(i);
            long upper = Math.min(above, s.upToFen());
            Rate rate = bonus == null ? s.rate() : s.rate().plusCapped(bonus);
            sum.add(upper - lower, rate);
            lower = s.upToFen();
        }
        return sum.roundHalfUp();
    }
}
