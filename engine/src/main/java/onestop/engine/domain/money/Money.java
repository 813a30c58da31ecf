package onestop.engine.domain.money;

import java.util.Optional;

/**
 * OneStop's one money type is a {@code long} count of fen (分, 0.01 yuan); every amount field is
 * named {@code ...Fen}. This class is where amounts are parsed, checked and printed. Products with
 * rates are computed exactly in {@link FenMicros}, which holds the only rounding rule.
 */
public final class Money {
    /** SETTLEMENT.md §1: at most 1 000 000 000.00 yuan. */
    public static final long MAX_AMOUNT_FEN = 100_000_000_000L;

    private Money() {}

    /**
     * Parses an amount as SETTLEMENT.md §1 writes it: digits, optionally a point and one or two
     * decimals; no sign, exponent, grouping or spaces; at most {@link #MAX_AMOUNT_FEN}.
     * Empty when the text is not such an amount.
     */
    public static Optional<Long> parseFen(String text) {
        long fen = parseOrMinusOne(text);
        return fen < 0 ? Optional.empty() : Optional.of(fen);
    }

    /** As {@link #parseFen} but allocation-free: -1 when the text is not a valid amount. */
    public static long parseOrMinusOne(String text) {
        if (text == null) return -1;
        int n = text.length();
        int point = text.indexOf('.');
        int intEnd = point < 0 ? n : point;
        if (intEnd == 0 || intEnd > 10) return -1; // at most 10 integer digits (1 000 000 000)
        long yuan = 0;
        for (int i = 0; i < intEnd; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            yuan = yuan * 10 + (c - '0');
        }
        long fen = 0;
        if (point >= 0) {
            int decimals = n - point - 1;
            if (decimals < 1 || decimals > 2) return -1;
            for (int i = point + 1; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') return -1;
                fen = fen * 10 + (c - '0');
            }
            if (decimals == 1) fen *= 10;
        }
        long total = yuan * 100 + fen;
        return total > MAX_AMOUNT_FEN ? -1 : total;
    }

    /** True for an amount a request may carry: 0 to {@link #MAX_AMOUNT_FEN}. */
    public static boolean isValidAmountFen(long fen) {
        return fen >= 0 && fen <= MAX_AMOUNT_FEN;
    }

    /** Formats fen as yuan with exactly two decimals: {@code 12345 -> "123.45"}; any long, Long.MIN_VALUE too. */
    public static String format(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
