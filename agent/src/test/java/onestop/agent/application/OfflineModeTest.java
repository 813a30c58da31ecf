package onestop.agent.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.time.Duration;
import onestop.agent.adapters.persistence.SqliteLocalStore;
import onestop.agent.domain.AgentException;
import onestop.agent.testing.EngineServer;
import onestop.engine.domain.ResultCode;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementStatus;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outage mode against the engine-backed fake server and the real SQLite journal: provisional settlements journaled
 * before the answer, limits, in-order forwarding exactly once, rejections that do not block, faults injected around the
 * journal and the link. Every amount is checked against what the server itself computes for the same bills.
 */
class OfflineModeTest {
    @TempDir
    Path dir;

    MovableClock clock;
    EngineServer server;
    SqliteLocalStore store;
    OfflineJournal journal; // a Mockito mock delegating to the store's journal: faults are injected per test
    Settlements settlements;
    OfflineSettlements offline;
    Forwarder forwarder;
    OfflineLimits limits = new OfflineLimits(2_000_000L, 5, 3_000_000L, Duration.ofHours(72).toMillis(), 60_000, Duration.ofDays(90).toMillis());

    @BeforeEach
    void start() {
        clock = new MovableClock(java.time.Instant.parse("2024-06-20T08:00:00Z"));
        server = new EngineServer(clock);
        store = SqliteLocalStore.open(dir.resolve("agent.db"));
        journal = mock(OfflineJournal.class, delegatesTo(store));
        LocalPolicies policies = new LocalPolicies(store);
        HospitalInfo hospital = new HospitalInfo(store);
        hospital.update(EngineServer.HOSPITAL);
        new RosterSyncer(server, store, policies, clock).syncNow();
        offline = new OfflineSettlements(store, journal, policies, hospital, limits, clock);
        settlements = new Settlements(server, store, offline, clock);
        forwarder = new Forwarder(server, journal, store, offline, limits.maxBackoffMillis(), limits.keepForwardedMillis(), clock);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static SettleRequest bill(String requestId, String id, String settlementId, long totalFen) {
        return SettleRequest.newBuilder().setRequestId(requestId).setIdNumber(id).setVisit(Visit.newBuilder()
                .setSettlementId(settlementId).setDate("2024-06-18").setType(VisitType.INPATIENT).setTotalFen(totalFen)).build();
    }

    @Test
    void anOutageSettlesProvisionallyFromTheJournalAndForwardsExactlyOnce() {
        server.down.set(true);
        Settlement first = settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000));
        Settlement second = settlements.settle(bill("r-2", EngineServer.MINIMUM_LIVING, "S-2", 1_500_000));
        assertTrue(OfflineSettlements.isProvisional(first));
        assertTrue(OfflineSettlements.isProvisional(second));
        assertEquals(2, journal.totals().pending(), "journaled before the answers");
        assertEquals(2, store.pendingCalls(), "the request ids stay pending until the server answers them");
        // a retry of the same request id while offline: the same answer, nothing journaled again
        assertEquals(first, settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000)));
        assertEquals(2, journal.totals().pending());
        // the second was chained on the first: its year starts where the first left it
        assertEquals(onestop.wire.EngineMessages.accumulators(first.getResult().getAfter())
                        .plus(onestop.wire.EngineMessages.accumulators(second.getResult().getDelta())),
                onestop.wire.EngineMessages.accumulators(second.getResult().getAfter()));

        server.down.set(false);
        Forwarder.Round round = forwarder.forward();
        assertEquals(new Forwarder.Round(2, 0, true), round);
        assertEquals(2, server.settlementCount());
        assertEquals(0, journal.totals().pending());
        assertEquals(0, store.pendingCalls());
        // the server computed the same chain: no difference, and the provisional result is kept beside its own
        Settlement confirmed = settlements.settle(bill("r-2", EngineServer.MINIMUM_LIVING, "S-2", 1_500_000));
        assertFalse(OfflineSettlements.isProvisional(confirmed));
        assertEquals(second.getResult(), confirmed.getProvisional());
        assertEquals(second.getResult().getPatientPayFen(), confirmed.getResult().getPatientPayFen());
        assertEquals(second.getResult().getFundPayFen(), confirmed.getResult().getFundPayFen());
        assertEquals(new Forwarder.Round(0, 0, true), forwarder.forward(), "nothing left to send");
    }

    @Test
    void aSettlementTheAgentDidNotKnowMakesADifferenceThePatientOwes() {
        server.down.set(true);
        Settlement provisional = settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 1_500_000));
        // meanwhile another counter settled for the same person at the server: the year there is further along
        server.down.set(false);
        server.settle(bill("other-counter", EngineServer.MINIMUM_LIVING, "S-OTHER", 3_000_000));
        assertEquals(1, forwarder.forward().forwarded());
        Settlement confirmed = store.settlement("S-1").orElseThrow();
        long owes = confirmed.getResult().getPatientPayFen() - provisional.getResult().getPatientPayFen();
        assertNotEquals(0, owes, "the assistance line was partly used by the other counter's bill");
        assertEquals(provisional.getResult(), confirmed.getProvisional());
        OfflineJournal.Differences d = offline.differences(30);
        assertEquals(1, d.confirmed());
        assertEquals(1, d.differing());
        assertEquals(Math.max(0, owes), d.patientOwesFen(), "应补 in the status");
        assertEquals(Math.max(0, -owes), d.patientIsOwedFen(), "应退 in the status");
        assertEquals(confirmed.getResult().getFundPayFen() + confirmed.getResult().getPatientPayFen()
                + confirmed.getResult().getHospitalAbsorbedFen(), confirmed.getResult().getTotalFen());
    }

    @Test
    void limitsRefuseBeforeAnythingIsJournaled() {
        server.down.set(true);
        AgentException tooBig = assertThrows(AgentException.class,
                () -> settlements.settle(bill("r-big", EngineServer.MINIMUM_LIVING, "S-BIG", 2_000_001)));
        assertEquals(ResultCode.OFFLINE_LIMIT, tooBig.code());
        assertEquals("visit.total", tooBig.field());
        assertTrue(tooBig.getMessage().contains("20000.00"), tooBig.getMessage());
        assertEquals(0, journal.totals().pending());

        // the funds' share summed: 30,000 yuan at most
        settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 1_900_000));
        settlements.settle(bill("r-2", EngineServer.NO_IDENTITY, "S-2", 1_900_000));
        long fund = journal.totals().pendingFundFen();
        AgentException funds = assertThrows(AgentException.class,
                () -> settlements.settle(bill("r-3", EngineServer.NO_IDENTITY, "S-3", 1_900_000)));
        assertEquals(ResultCode.OFFLINE_LIMIT, funds.code(), funds::getMessage);
        assertTrue(funds.getMessage().contains("funds"), funds.getMessage());
        assertEquals(fund, journal.totals().pendingFundFen(), "nothing journaled");

        // the age of the oldest entry
        clock.advance(Duration.ofHours(73));
        AgentException old = assertThrows(AgentException.class,
                () -> settlements.settle(bill("r-4", EngineServer.NO_IDENTITY, "S-4", 1_000)));
        assertEquals(ResultCode.OFFLINE_LIMIT, old.code());
        assertTrue(old.getMessage().contains("73 h"), old.getMessage());
        assertEquals(2, journal.totals().pending());
    }

    @Test
    void forwardedEntriesArePrunedAfterTheirKeepingTimeRejectedOnesNever() {
        server.down.set(true);
        settlements.settle(bill("r-1", EngineServer.NO_IDENTITY, "S-1", 10_000));
        settlements.settle(bill("r-2", EngineServer.NO_IDENTITY, "S-DUP", 10_000));
        server.down.set(false);
        server.settle(bill("elsewhere", EngineServer.MINIMUM_LIVING, "S-DUP", 10_000));
        assertEquals(new Forwarder.Round(1, 1, true), forwarder.forward());
        assertEquals(0, forwarder.pruneDue(), "confirmed just now: kept");
        clock.advance(Duration.ofDays(91));
        assertEquals(1, forwarder.pruneDue(), "the forwarded one, 91 days on");
        assertTrue(store.bySettlementId("S-1").isEmpty());
        assertEquals(1, store.bySettlementId("S-DUP").size(), "the rejected one stays for the office");
        assertTrue(store.settlement("S-1").isPresent(), "the server's settlement is still kept here");
        assertEquals(0, forwarder.pruneDue(), "at most once an hour");
    }

    @Test
    void theEntryCountIsLimited() {
        server.down.set(true);
        for (int i = 0; i < limits.maxEntries(); i++) settlements.settle(bill("r-" + i, EngineServer.NO_IDENTITY, "S-" + i, 1_000));
        AgentException full = assertThrows(AgentException.class,
                () -> settlements.settle(bill("r-x", EngineServer.NO_IDENTITY, "S-x", 1_000)));
        assertEquals(ResultCode.OFFLINE_LIMIT, full.code());
        assertTrue(full.getMessage().contains("5 offline entries"), full.getMessage());
    }

    @Test
    void aPersonOutsideTheLocalRosterIsNotFoundOffline() {
        server.down.set(true);
        AgentException e = assertThrows(AgentException.class,
                () -> settlements.settle(bill("r-1", "11010519491231002X", "S-1", 1_000)));
        assertEquals(ResultCode.PERSON_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertEquals(0, journal.totals().pending());
        assertEquals(0, store.pendingCalls(), "no call went out (the link was down) and nothing was journaled: nothing kept");
    }

    @Test
    void aReversalOfflineFollowsItsSettlementToTheServer() {
        server.down.set(true);
        Settlement s = settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000));
        Settlement reversed = settlements.reverse(ReverseRequest.newBuilder().setRequestId("rv-1").setSettlementId("S-1")
                .setReason("录入错误").build());
        assertEquals(SettlementStatus.REVERSED, reversed.getStatus());
        assertTrue(OfflineSettlements.isProvisional(reversed));
        AgentException again = assertThrows(AgentException.class, () -> settlements.reverse(ReverseRequest.newBuilder()
                .setRequestId("rv-2").setSettlementId("S-1").setReason("again").build()));
        assertEquals(ResultCode.ALREADY_REVERSED, again.code());
        // the year is back where it was: a new bill computes as the first one did
        Settlement fresh = settlements.settle(bill("r-2", EngineServer.MINIMUM_LIVING, "S-2", 800_000));
        assertEquals(s.getResult().getPatientPayFen(), fresh.getResult().getPatientPayFen());

        server.down.set(false);
        assertEquals(3, forwarder.forward().forwarded());
        assertEquals(1, server.reverseCalls.get());
        assertEquals(new OfflineJournal.Differences(2, 0, 0, 0), offline.differences(30), "S-1 and S-2 confirmed, S-1 reversed");
        assertEquals(SettlementStatus.REVERSED, server.getSettlement(onestop.v1.GetSettlementRequest.newBuilder()
                .setSettlementId("S-1").build()).getStatus());
        assertEquals(fresh.getResult().getPatientPayFen(), store.settlement("S-2").orElseThrow().getResult().getPatientPayFen());
    }

    @Test
    void aBusinessRejectionIsKeptAndTheRestGoesOn() {
        server.down.set(true);
        settlements.settle(bill("r-1", EngineServer.NO_IDENTITY, "S-DUP", 10_000));
        settlements.settle(bill("r-2", EngineServer.NO_IDENTITY, "S-2", 10_000));
        server.down.set(false);
        server.settle(bill("elsewhere", EngineServer.MINIMUM_LIVING, "S-DUP", 10_000)); // the id was taken meanwhile
        Forwarder.Round round = forwarder.forward();
        assertEquals(new Forwarder.Round(1, 1, true), round);
        assertEquals(1, journal.totals().rejected());
        OfflineJournal.Entry rejected = journal.recent(OfflineJournal.State.REJECTED, 10).get(0);
        assertEquals("S-DUP", rejected.settlementId());
        assertTrue(rejected.rejection().startsWith("DUPLICATE_SETTLEMENT|"), rejected.rejection());
        assertTrue(store.settlement("S-2").isPresent());
        // the HIS asking again for the rejected request id is told the server's rejection
        AgentException e = assertThrows(AgentException.class, () -> settlements.settle(bill("r-1", EngineServer.NO_IDENTITY, "S-DUP", 10_000)));
        assertEquals(ResultCode.DUPLICATE_SETTLEMENT, e.code());
    }

    @Test
    void aFailedJournalWriteGivesNoAnswerAndJournalsNothing() {
        server.down.set(true);
        doThrow(new IllegalStateException("local store: disk I/O error")).when(journal).append(any(), any(), any(), any());
        assertThrows(IllegalStateException.class, () -> settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000)));
        assertEquals(0, store.totals().pending());
        assertTrue(store.accumulators(EngineServer.MINIMUM_LIVING, 2024).isEmpty(), "the year untouched");
        assertTrue(store.bySettlementId("S-1").isEmpty());
        assertEquals(0, server.settlementCount());
    }

    @Test
    void aCrashBetweenSendAndMarkSendsAgainAndTheServerAnswersTheFirstAnswer() {
        server.down.set(true);
        settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000));
        server.down.set(false);
        doThrow(new IllegalStateException("killed after the send")).when(journal)
                .forwarded(any(), any(), anyLong(), anyLong(), any());
        assertThrows(IllegalStateException.class, () -> forwarder.forward());
        assertEquals(1, server.settlementCount(), "the server has it");
        assertEquals(1, store.totals().pending(), "the journal still has it");

        withJournal(mock(OfflineJournal.class, delegatesTo(store))); // the agent started again
        assertEquals(new Forwarder.Round(1, 0, true), forwarder.forward());
        assertEquals(2, server.settleCalls.get(), "sent twice");
        assertEquals(1, server.settlementCount(), "settled once");
        assertEquals(0, store.totals().pending());
    }

    @Test
    void anUnreachableServerEndsTheRoundWithABackoffThenTheJournalGoesThrough() {
        server.down.set(true);
        settlements.settle(bill("r-1", EngineServer.MINIMUM_LIVING, "S-1", 800_000));
        assertEquals(new Forwarder.Round(0, 0, false), forwarder.forward());
        assertEquals(1, store.pending(10).get(0).attempts());
        server.down.set(false);
        assertEquals(new Forwarder.Round(0, 0, false), forwarder.forwardDue(), "still backing off");
        clock.advance(Duration.ofMillis(Forwarder.MIN_BACKOFF_MILLIS));
        assertEquals(new Forwarder.Round(1, 0, true), forwarder.forwardDue());
        assertEquals(1, server.settlementCount());
    }

    private void withJournal(OfflineJournal j) {
        journal = j;
        OfflineSettlements offline = new OfflineSettlements(store, journal, new LocalPolicies(store), new HospitalInfo(store), limits, clock);
        settlements = new Settlements(server, store, offline, clock);
        forwarder = new Forwarder(server, journal, store, offline, limits.maxBackoffMillis(), limits.keepForwardedMillis(), clock);
    }

    /** A clock the test moves. */
    static final class MovableClock extends java.time.Clock {
        private volatile java.time.Instant now;

        MovableClock(java.time.Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
