package onestop.agent.application;

/**
 * How far this counter may settle on its own while the server does not answer, like a payment terminal's offline
 * limits: the exposure is what the funds owe on settlements the server has not confirmed yet. Checked before anything
 * is journaled; past one, settle answers OFFLINE_LIMIT naming it.
 *
 * @param maxSettlementFen  one provisional settlement's bill total at most
 * @param maxEntries        entries waiting to be forwarded at most (settlements and reversals)
 * @param maxFundFen        the funds' share of the settlements waiting, summed, at most
 * @param maxAgeMillis      the oldest entry waiting may be this old at most (then the counter must reach the server)
 * @param maxBackoffMillis  the longest wait between two forwarding rounds while the server does not answer
 * @param keepForwardedMillis how long a forwarded entry stays in the journal (its difference shown) before it is pruned
 */
public record OfflineLimits(long maxSettlementFen, int maxEntries, long maxFundFen, long maxAgeMillis, long maxBackoffMillis,
                            long keepForwardedMillis) {
    /** A county hospital's defaults: ¥50,000 a bill, 500 entries, ¥1,000,000 of funds, 72 hours; a minute between tries; 90 days kept. */
    public static final OfflineLimits DEFAULTS = new OfflineLimits(5_000_000L, 500, 100_000_000L, 72L * 3_600_000L, 60_000L,
            90L * 86_400_000L);

    public OfflineLimits {
        if (maxSettlementFen <= 0 || maxEntries <= 0 || maxFundFen <= 0 || maxAgeMillis <= 0 || maxBackoffMillis < 1_000
                || keepForwardedMillis < 86_400_000L) {
            throw new IllegalArgumentException("offline limits must be positive");
        }
    }
}
