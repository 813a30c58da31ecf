package onestop.agent.application;

import java.util.List;
import java.util.Optional;

/**
 * The outage journal: what this counter settled or reversed while the server did not answer, durable before the
 * cashier is answered (committed and synced), forwarded in order once the server answers again: peek, send with the
 * original request id, then mark it forwarded (or rejected) only after the server's answer. An entry is never deleted:
 * a forwarded one keeps the server's answer beside the provisional one, so the difference (应补 / 应退) stays visible.
 *
 * <p>The person-year accumulators this agent knows (from every server answer, chained through its own provisional
 * settlements) live beside it, and change in the same transaction as the entry that moves them.
 */
public interface OfflineJournal {
    enum Kind { SETTLE, REVERSE }

    enum State { PENDING, FORWARDED, REJECTED }

    /**
     * @param request     the SettleRequest / ReverseRequest to forward, as sent (offline_made_at_millis, provisional set)
     * @param provisional the Settlement the cashier was given (临时结算)
     * @param fundFen     the funds' share of a provisional settlement (0 for a reversal): the exposure
     * @param answer      the server's Settlement once forwarded, else null
     * @param rejection   the server's rejection as {@code CODE|field|message} once rejected, else null
     */
    record Entry(long seq, Kind kind, String requestId, String settlementId, String idNumber, int year, byte[] request,
                 byte[] provisional, long madeAtMillis, long totalFen, long fundFen, State state, int attempts,
                 byte[] answer, String rejection, long doneAtMillis) {}

    /** Entries waiting to be forwarded: how many, the funds' share summed, when the oldest was made (0: none); rejected ones. */
    record Totals(int pending, long pendingFundFen, long oldestPendingMillis, int rejected) {}

    /**
     * Appends {@code entry} (its seq, state and outcome fields are ignored), sets the person-year's accumulators to
     * {@code accumulatorsAfter} (onestop.v1.Accumulators bytes) and the store's {@code meta} entries, in one synced
     * transaction; the new seq. {@code unsent}, when not null, is a request id kept in the same transaction: no call was
     * made for it (the link was down), so it needed no write of its own before.
     */
    long append(Entry entry, byte[] accumulatorsAfter, java.util.Map<String, String> meta, LocalStore.StoredCall unsent);

    Optional<Entry> byRequestId(String requestId);

    /** The latest entry about a settlement (its provisional settlement or its reversal), any state. */
    List<Entry> bySettlementId(String settlementId);

    /** The oldest pending entries, in journal order, at most {@code limit}. */
    List<Entry> pending(int limit);

    /** Pending entries of one person-year, in journal order. */
    List<Entry> pendingOf(String idNumber, int year);

    /**
     * The server answered: in one synced transaction the entry is forwarded with its answer kept, the answer is kept as
     * the settlement and as the answer to the entry's request id (with the patient's difference it makes, for
     * {@link #differencesSince}), and the person-year's accumulators are set (null: left).
     */
    void forwarded(Entry entry, onestop.v1.Settlement answer, long patientDifferenceFen, long nowMillis, byte[] accumulatorsAfter);

    /** The server refused it ({@code CODE|field|message}): kept, shown and reported, and the next entry goes on. */
    void rejected(long seq, String rejection, long nowMillis);

    /** One more try that did not reach the server. */
    void attempted(long seq);

    Totals totals();

    /**
     * Deletes forwarded entries the server confirmed before {@code beforeMillis} (the server keeps both results; a rejected
     * or pending entry is never deleted); how many.
     */
    int pruneForwarded(long beforeMillis);

    /**
     * What the provisional settlements confirmed since then came to for their patients: how many were confirmed, and of
     * those not reversed since, how many differ and what their patients owe (应补) and are owed (应退), summed.
     */
    record Differences(int confirmed, int differing, long patientOwesFen, long patientIsOwedFen) {}

    Differences differencesSince(long sinceMillis);

    /** The newest entries of a state, newest first, at most {@code limit} (for the status and the page). */
    List<Entry> recent(State state, int limit);

    /** The person-year's accumulators as this agent knows them (onestop.v1.Accumulators bytes). */
    Optional<byte[]> accumulators(String idNumber, int year);

    /** Sets them from a server answer (online settlement or reversal). */
    void putAccumulators(String idNumber, int year, byte[] accumulators);
}
