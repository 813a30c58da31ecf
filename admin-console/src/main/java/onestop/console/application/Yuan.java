package onestop.console.application;

import onestop.engine.domain.money.Money;

/** The console's one money formatter: fen (a long, never a double) as yuan with two decimals. */
public final class Yuan {
    private Yuan() {}

    public static String of(long fen) {
        return Money.format(fen);
    }
}
