package onestop.agent.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import onestop.agent.adapters.persistence.SqliteLocalStore;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.AgentReport;
import onestop.v1.AgentReportAck;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.GetSettlementRequest;
import onestop.v1.Person;
import onestop.v1.PolicyDocument;
import onestop.v1.PolicySnapshot;
import onestop.v1.PolicySnapshotRequest;
import onestop.v1.ReverseRequest;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.VoucherHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roster sync with small batches (100) and streams (250) over the real local store: each batch committed with its
 * version, a break-off or a crash losing nothing that was committed, the next sync asking from the version stored.
 */
class RosterSyncerTest {
    static final int PAGE = 100;
    static final int STREAM = 250;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** The server's roster: a change per version, streamed in batches as the gRPC client delivers them. */
    static final class Roster implements CentralServer {
        final TreeMap<Long, Person> changes = new TreeMap<>();
        final List<Long> askedSince = new ArrayList<>();
        /** Deltas this server sends before the link drops (once), -1 never. */
        int breakAfter = -1;

        void add(int count) {
            for (int i = 0; i < count; i++) change(String.format("P%017d", changes.size()), "参保人" + changes.size());
        }

        void change(String id, String name) {
            changes.put(changes.isEmpty() ? 1 : changes.lastKey() + 1, Person.newBuilder().setIdNumber(id).setName(name).setCounty("341002").build());
        }

        @Override
        public void streamRoster(RosterRequest r, int batch, Consumer<List<RosterEntry>> sink) {
            askedSince.add(r.getSinceVersion());
            List<RosterEntry> filling = new ArrayList<>();
            int sent = 0;
            for (var e : changes.tailMap(r.getSinceVersion(), false).entrySet()) {
                if (sent == r.getMaxPersons()) break;
                if (breakAfter == 0) {
                    breakAfter = -1;
                    if (!filling.isEmpty()) sink.accept(filling); // what arrived before the break is delivered
                    throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "the roster stream broke off: UNAVAILABLE");
                }
                if (breakAfter > 0) breakAfter--;
                filling.add(RosterEntry.of(RosterDelta.newBuilder().setVersion(e.getKey()).setPerson(e.getValue()).build()));
                sent++;
                if (filling.size() == batch) {
                    sink.accept(filling);
                    filling = new ArrayList<>();
                }
            }
            if (!filling.isEmpty()) sink.accept(filling);
        }

        @Override
        public PolicySnapshot policySnapshot(PolicySnapshotRequest r) {
            return PolicySnapshot.getDefaultInstance();
        }

        @Override public EligibilityDecision checkEligibility(CheckEligibilityRequest r) { throw new UnsupportedOperationException(); }
        @Override public SettlementResult preSettle(SettleRequest r) { throw new UnsupportedOperationException(); }
        @Override public Settlement settle(SettleRequest r) { throw new UnsupportedOperationException(); }
        @Override public Settlement reverse(ReverseRequest r) { throw new UnsupportedOperationException(); }
        @Override public Settlement getSettlement(GetSettlementRequest r) { throw new UnsupportedOperationException(); }
        @Override public VoucherHolder resolveVoucher(String code) { throw new UnsupportedOperationException(); }
        @Override public AgentReportAck report(AgentReport r) { throw new UnsupportedOperationException(); }
        @Override public boolean reachable() { return true; }
        @Override public long lastContactMillis() { return 0; }
    }

    /** The real store, failing (as a crash would end it) on the given batch: nothing of that batch is committed. */
    static final class Crashing implements LocalStore {
        final LocalStore store;
        int batchesLeft;

        Crashing(LocalStore store, int batchesBeforeCrash) {
            this.store = store;
            this.batchesLeft = batchesBeforeCrash;
        }

        @Override
        public void applyRoster(List<RosterEntry> page, long version) {
            if (batchesLeft-- == 0) throw new IllegalStateException("the power went off");
            store.applyRoster(page, version);
        }

        @Override public Optional<String> meta(String key) { return store.meta(key); }
        @Override public void putMeta(String key, String value) { store.putMeta(key, value); }
        @Override public void putMeta(java.util.Map<String, String> entries) { store.putMeta(entries); }
        @Override public Optional<Person> person(String idNumber) { return store.person(idNumber); }
        @Override public long rosterSize() { return store.rosterSize(); }
        @Override public void endRosterSync() { store.endRosterSync(); }
        @Override public void replacePolicies(List<PolicyDocument> policies) { store.replacePolicies(policies); }
        @Override public List<PolicyDocument> policies() { return store.policies(); }
        @Override public Optional<StoredCall> call(String requestId) { return store.call(requestId); }
        @Override public boolean beginCall(String r, String o, String b, long n) { return store.beginCall(r, o, b, n); }
        @Override public void answerCall(String r, byte[] a, String j) { store.answerCall(r, a, j); }
        @Override public void answered(String r, Settlement s) { store.answered(r, s); }
        @Override public void forgetCall(String requestId) { store.forgetCall(requestId); }
        @Override public int pendingCalls() { return store.pendingCalls(); }
        @Override public void putSettlement(Settlement s) { store.putSettlement(s); }
        @Override public Optional<Settlement> settlement(String id) { return store.settlement(id); }
        @Override public long insertAdmission(Admission a) { return store.insertAdmission(a); }
        @Override public Optional<Admission> admission(long id) { return store.admission(id); }
        @Override public void close() { store.close(); }
    }

    private RosterSyncer syncer(CentralServer server, LocalStore store) {
        return new RosterSyncer(server, store, new LocalPolicies(store), CLOCK, PAGE, STREAM);
    }

    @Test
    void theWholeRosterArrivesStreamByStream() {
        Roster roster = new Roster();
        roster.add(620);
        try (LocalStore store = SqliteLocalStore.open(dir.resolve("agent.db"))) {
            RosterSyncer syncer = syncer(roster, store);
            RosterSyncer.Result r = syncer.syncNow();
            assertEquals(620, r.persons());
            assertEquals(620, r.rosterVersion());
            assertEquals(List.of(0L, 250L, 500L), roster.askedSince, "a full stream means: ask again from where it ended");
            assertEquals(620, syncer.rosterSize());
            assertEquals(CLOCK.millis(), syncer.lastSyncMillis());
            assertEquals("参保人619", store.person(String.format("P%017d", 619)).orElseThrow().getName());

            roster.change(String.format("P%017d", 7), "参保人7（改）"); // version 621
            assertEquals(1, syncer.syncNow().persons());
            assertEquals(621, syncer.rosterVersion());
            assertEquals(620, syncer.rosterSize(), "a change replaces the person");
            assertEquals("参保人7（改）", store.person(String.format("P%017d", 7)).orElseThrow().getName());
        }
    }

    @Test
    void aBreakOffKeepsWhatArrivedAndTheNextSyncAsksFromIt() {
        Roster roster = new Roster();
        roster.add(620);
        roster.breakAfter = 370; // the second stream breaks 120 persons in: a batch of 100 and 20 more arrived
        try (LocalStore store = SqliteLocalStore.open(dir.resolve("agent.db"))) {
            RosterSyncer syncer = syncer(roster, store);
            AgentException e = assertThrows(AgentException.class, syncer::syncNow);
            assertEquals(ResultCode.SERVER_UNREACHABLE, e.code());
            assertEquals(370, syncer.rosterVersion(), "everything that arrived was committed");
            assertEquals(370, syncer.rosterSize());

            assertEquals(250, syncer.syncNow().persons());
            assertEquals(List.of(0L, 250L, 370L, 620L), roster.askedSince);
            assertEquals(620, syncer.rosterSize());
            assertEquals(620, syncer.rosterVersion());
        }
    }

    @Test
    void aCrashLosesOnlyTheBatchBeingWrittenAndARestartResumes() {
        Roster roster = new Roster();
        roster.add(620);
        Path file = dir.resolve("agent.db");
        try (LocalStore store = new Crashing(SqliteLocalStore.open(file), 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, syncer(roster, store)::syncNow);
            assertEquals("the power went off", e.getMessage());
        }
        try (LocalStore restarted = SqliteLocalStore.open(file)) {
            RosterSyncer syncer = syncer(roster, restarted);
            assertEquals(250, syncer.rosterVersion(), "the first stream's three batches (100, 100, 50) were committed before the crash");
            assertEquals(250, restarted.rosterSize());
            assertEquals(370, syncer.syncNow().persons());
            assertEquals(List.of(0L, 250L, 250L, 500L), roster.askedSince, "resumed from the version stored, not from the start");
            assertEquals(620, syncer.rosterSize());
            assertTrue(restarted.person(String.format("P%017d", 0)).isPresent() && restarted.person(String.format("P%017d", 619)).isPresent());
        }
    }
}
