package onestop.engine.domain.money;

/**
 * An exact sum of amount × rate products, kept as whole fen plus millionths of a fen, and the one
 * place where OneStop rounds: {@link #roundHalfUp()} (四舍五入 to 0.01 yuan, SETTLEMENT.md §1).
 *
 * <p>Splitting each amount into millions and a remainder keeps every intermediate product inside a
 * {@code long}, whatever a year's accumulated amounts grow to; an overflow would still throw.
 */
public final class FenMicros {
    private long wholeFen;
    private long microFen; // 0 <= microFen < 1_000_000 after every add

    /** Adds {@code amountFen × rate}; both must be non-negative. */
    public FenMicros add(long amountFen, Rate rate) {
        if (amountFen < 0) throw new IllegalArgumentException("negative amount " + amountFen);
        long micros = rate.micros();
        long millions = amountFen / Rate.ONE_MICROS;
        long rest = amountFen % Rate.ONE_MICROS;
        wholeFen = Math.addExact(wholeFen, Math.multiplyExact(millions, micros));
        long restProduct = rest * micros; // < 1e6 × 1e6: no overflow
        microFen += restProduct % Rate.ONE_MICROS;
        wholeFen = Math.addExact(wholeFen, restProduct / Rate.ONE_MICROS + microFen / Rate.ONE_MICROS);
        microFen %= Rate.ONE_MICROS;
        return this;
    }

    /** The sum rounded half-up to whole fen. */
    public long roundHalfUp() {
        return microFen >= Rate.ONE_MICROS / 2 ? Math.addExact(wholeFen, 1) : wholeFen;
    }

    /** {@code round(amountFen × rate)}. */
    public static long roundedProduct(long amountFen, Rate rate) {
        return new FenMicros().add(amountFen, rate).roundHalfUp();
    }
}
