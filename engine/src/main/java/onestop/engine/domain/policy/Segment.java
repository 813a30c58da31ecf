package onestop.engine.domain.policy;

import onestop.engine.domain.money.Rate;

/**
 * One band of the amount above a threshold. {@code upToFen} is the band's upper bound measured from
 * the threshold; {@link #OPEN} for the last band, which has none.
 */
public record Segment(long upToFen, Rate rate) {
    public static final long OPEN = Long.MAX_VALUE;

    public boolean isOpen() {
        return upToFen == OPEN;
    }
}
