package onestop.engine.domain.money;

import java.util.Optional;

/**
 * A rate (报销比例, 救助比例) between 0 and 1, exact to six decimals, held as millionths.
 * Written in policies as a decimal string such as {@code "0.70"}.
 */
public record Rate(long micros) {
    public static final long ONE_MICROS = 1_000_000L;
    public static final Rate ZERO = new Rate(0);
    public static final Rate ONE = new Rate(ONE_MICROS);

    public Rate {
        if (micros < 0 || micros > ONE_MICROS) {
            throw new IllegalArgumentException("rate out of 0..1: " + micros + " micros");
        }
    }

    /**
     * Parses {@code "0.7"}, {@code "0.70"}, {@code "1"}, {@code "1.00"}: digits, optionally a point
     * and at most six decimals, between 0 and 1. Empty otherwise.
     */
    public static Optional<Rate> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        int point = text.indexOf('.');
        int intEnd = point < 0 ? text.length() : point;
        if (intEnd == 0 || intEnd > 1) return Optional.empty();
        char unit = text.charAt(0);
        if (unit != '0' && unit != '1') return Optional.empty();
        long micros = (unit - '0') * ONE_MICROS;
        if (point >= 0) {
            int decimals = text.length() - point - 1;
            if (decimals < 1 || decimals > 6) return Optional.empty();
            long scale = ONE_MICROS / 10;
            for (int i = point + 1; i < text.length(); i++, scale /= 10) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') return Optional.empty();
                micros += (c - '0') * scale;
            }
        }
        return micros > ONE_MICROS ? Optional.empty() : Optional.of(new Rate(micros));
    }

    /** This rate plus {@code bonus}, at most 1 (倾斜支付: "every segment rate gains rateBonus (at most 1)"). */
    public Rate plusCapped(Rate bonus) {
        return new Rate(Math.min(ONE_MICROS, micros + bonus.micros));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(micros / ONE_MICROS).append('.');
        String frac = String.format("%06d", micros % ONE_MICROS);
        int end = frac.length();
        while (end > 2 && frac.charAt(end - 1) == '0') end--;
        return s.append(frac, 0, end).toString();
    }
}
