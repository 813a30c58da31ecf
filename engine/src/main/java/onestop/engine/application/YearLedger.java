package onestop.engine.application;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Visit;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;

/**
 * One person's insurance year held in memory: settlements, reversals and the running accumulators.
 * Used by the vector runner, the property test and the agent's offline estimate; the server keeps
 * the same facts in its ledger tables and calls the same {@link SettlementEngine} methods. Not thread-safe.
 */
public final class YearLedger {
    private record Entry(SettlementResult result, boolean reversed) {}

    private final SettlementEngine engine;
    private final Policy policy;
    private final Person person;
    private final Map<String, Entry> settlements = new HashMap<>();
    private Accumulators totals;

    public YearLedger(SettlementEngine engine, Policy policy, Person person, Accumulators start) {
        this.engine = Objects.requireNonNull(engine);
        this.policy = Objects.requireNonNull(policy);
        this.person = Objects.requireNonNull(person);
        this.totals = start.checkNonNegative();
    }

    public Accumulators totals() {
        return totals;
    }

    public Outcome<SettlementResult> settle(Visit visit) {
        if (settlements.containsKey(visit.id())) {
            return Outcome.rejected(ResultCode.DUPLICATE_SETTLEMENT, "id", "settlement id " + visit.id() + " is already used");
        }
        Outcome<SettlementResult> outcome = engine.settle(policy, person, visit, totals);
        if (outcome instanceof Outcome.Ok<SettlementResult> ok) {
            settlements.put(visit.id(), new Entry(ok.value(), false));
            totals = ok.value().after();
        }
        return outcome;
    }

    public Outcome<Accumulators> reverse(String settlementId) {
        Entry e = settlements.get(settlementId);
        Outcome<Accumulators> outcome = engine.reverse(totals, settlementId,
                e == null ? null : e.result().delta(), e != null && e.reversed());
        if (outcome instanceof Outcome.Ok<Accumulators> ok) {
            settlements.put(settlementId, new Entry(e.result(), true));
            totals = ok.value();
        }
        return outcome;
    }
}
