package onestop.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.server.application.ports.Store;
import onestop.server.domain.StoredSettlement;

/**
 * Checks a person-year in the store against a serial replay: the accumulators equal the sum of the
 * deltas of the settlements still standing, and replaying every settlement and reversal in commit
 * order (the person-year's change sequence) through the engine gives exactly the stored results.
 */
public final class LedgerAudit {
    private LedgerAudit() {}

    public static int assertSerialReplay(Store store, Policy policy, String idNumber, int year) {
        List<StoredSettlement> committed = store.read(tx -> tx.settlementsOfPersonYear(idNumber, year));
        assertFalse(committed.isEmpty(), "no settlements of " + idNumber);
        Accumulators sum = Accumulators.ZERO;
        for (StoredSettlement s : committed) {
            if (s.status() == StoredSettlement.Status.SETTLED) sum = sum.plus(s.result().delta());
        }
        Accumulators stored = store.read(tx -> tx.accumulators(idNumber, year));
        assertEquals(sum.plus(Accumulators.ZERO), stored.plus(Accumulators.ZERO), "accumulators = sum of standing deltas");

        YearLedger replay = new YearLedger(new SettlementEngine(), policy,
                store.read(tx -> tx.person(idNumber)).orElseThrow().toEnginePerson(), Accumulators.ZERO);
        record Event(long at, StoredSettlement s, boolean reversal) {}
        List<Event> events = new ArrayList<>();
        for (StoredSettlement s : committed) {
            events.add(new Event(s.yearSeq(), s, false));
            if (s.status() == StoredSettlement.Status.REVERSED) events.add(new Event(s.reversedSeq(), s, true));
        }
        events.sort(Comparator.comparingLong(Event::at));
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).at() > events.get(i - 1).at(), "each change of a person-year has its own sequence number");
        }
        for (Event e : events) {
            if (e.reversal()) {
                assertTrue(replay.reverse(e.s().hospitalCode() + "/" + e.s().settlementId()).isOk());
            } else {
                var visit = e.s().visit();
                var keyed = onestop.engine.domain.Visit.of(e.s().hospitalCode() + "/" + visit.id(), visit.date(), visit.type(),
                        visit.hospitalLevel(), visit.totalFen(), visit.outOfScopeFen(), visit.priorSelfPayFen(), visit.specialDisease()).value();
                var result = replay.settle(keyed).value();
                assertEquals(e.s().result().after(), result.after(), e.s().settlementId());
                assertEquals(e.s().result().delta(), result.delta(), e.s().settlementId());
                assertEquals(e.s().result().fundPayFen(), result.fundPayFen(), e.s().settlementId());
            }
        }
        assertEquals(stored.plus(Accumulators.ZERO), replay.totals().plus(Accumulators.ZERO), "serial replay gives the stored year");
        return committed.size();
    }
}
