package onestop.engine.domain.settlement;

/** A banded tier's year-to-date base (累计基数) and what it has paid. */
public record TierTotals(long baseFen, long paidFen) {
    public static final TierTotals ZERO = new TierTotals(0, 0);

    public TierTotals plus(TierTotals d) {
        return new TierTotals(Math.addExact(baseFen, d.baseFen), Math.addExact(paidFen, d.paidFen));
    }

    public TierTotals minus(TierTotals d) {
        return new TierTotals(baseFen - d.baseFen, paidFen - d.paidFen);
    }

    public boolean isZero() {
        return baseFen == 0 && paidFen == 0;
    }
}
