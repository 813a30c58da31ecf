package onestop.server.application.settlement;

import static onestop.server.testing.ServerFixture.HUANGSHAN_HOSPITAL;
import static onestop.server.testing.ServerFixture.MINIMUM_LIVING;
import static onestop.server.testing.ServerFixture.NOT_INSURED_2024;
import static onestop.server.testing.ServerFixture.ORDINARY;
import static onestop.server.testing.ServerFixture.OTHER_HOSPITAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.settlement.Accumulators;
import onestop.server.domain.Caller;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.StoredSettlement;
import onestop.server.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the ledger must do on every store: run by a SQLite and a PostgreSQL subclass. */
abstract class LedgerContract {
    static final Caller HOSPITAL = Caller.hospital(HUANGSHAN_HOSPITAL);
    static final Caller OTHER = Caller.hospital(OTHER_HOSPITAL);

    ServerFixture f;

    abstract ServerFixture fixture() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        f = fixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static SettleCommand bill(String requestId, String idNumber, String settlementId, long totalFen, long outOfScopeFen, long priorFen) {
        return new SettleCommand(requestId, idNumber, settlementId, "2024-06-10", VisitType.INPATIENT, null,
                totalFen, outOfScopeFen, priorFen, null, 0, null);
    }

    Accumulators totals(String idNumber, int year) {
        return f.store.read(tx -> tx.accumulators(idNumber, year));
    }

    @Test
    void settlesAsTheRulesSayAndKeepsTheYear() {
        // vector ci-crosses-threshold-in-one-visit: tertiary, 120000.00 total, 8000.00 out of scope, 2000.00 prior
        StoredSettlement s = f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 12_000_000, 800_000, 200_000)).value();
        assertEquals(7_644_000, s.result().basicPayFen());
        assertEquals(1_113_600, s.result().ciPayFen());
        assertEquals(3_242_400, s.result().patientPayFen());
        assertEquals("huangshan-2024", s.result().policyId());
        assertEquals(StoredSettlement.Status.SETTLED, s.status());
        Accumulators year = totals(ORDINARY, 2024);
        assertEquals(s.result().after(), year);
        assertEquals(1, year.admissions());
        assertEquals(s, f.ledger.get(HOSPITAL, "", "S1").value());
    }

    @Test
    void aSettlementThatReadsBackDifferentFromWhatWasWrittenIsRolledBack() {
        // a store that writes another row than the one the ledger made: one column off, then one fen moved between two
        // money columns (the sums still add up, so only the column-by-column comparison can see it)
        List<java.util.function.UnaryOperator<StoredSettlement>> changes = List.of(
                s -> new StoredSettlement(s.hospitalCode(), s.requestId(), s.idNumber(), s.visit(), s.policySha256(), s.result(),
                        s.status(), s.settledAtMillis() + 1, s.reversedAtMillis(), s.reverseReason(), s.offlineMadeAtMillis(),
                        s.yearSeq(), s.reversedSeq(), s.provisional()),
                s -> {
                    onestop.engine.domain.settlement.SettlementResult r = s.result();
                    onestop.engine.domain.settlement.SettlementResult moved = new onestop.engine.domain.settlement.SettlementResult(
                            r.visitId(), r.policyId(), r.mode(), r.totalFen(), r.compliantFen(), r.basicPayFen(), r.ciPayFen(),
                            r.supplementaryPayFen(), r.assistancePayFen(), r.assistanceCategory(), r.fundPayFen(),
                            r.hospitalAbsorbedFen() + 1, r.patientPayFen() - 1, r.alert(), r.delta(), r.after());
                    return new StoredSettlement(s.hospitalCode(), s.requestId(), s.idNumber(), s.visit(), s.policySha256(), moved,
                            s.status(), s.settledAtMillis(), s.reversedAtMillis(), s.reverseReason(), s.offlineMadeAtMillis(),
                            s.yearSeq(), s.reversedSeq(), s.provisional());
                });
        for (var change : changes) {
            LedgerService ledger = new LedgerService(storeWritingChanged(change), f.policies, new SettlementEngine(), f.clock);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_000, 0, 0)));
            assertTrue(e.getMessage().contains("reads back different"), e.getMessage());
            assertFalse(f.store.<Boolean>read(tx -> tx.settlementExists(HUANGSHAN_HOSPITAL, "S1")), "nothing of it is committed");
            assertTrue(f.store.read(tx -> tx.request(HOSPITAL.requestScope(), "r1")).isEmpty());
            assertEquals(Accumulators.ZERO, totals(ORDINARY, 2024));
        }
        assertTrue(f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_000, 0, 0)).isOk(), "the same bill, written as made");
    }

    /** {@code f.store}, but every settlement its transactions insert is first changed by {@code change}. */
    private onestop.server.application.ports.Store storeWritingChanged(java.util.function.UnaryOperator<StoredSettlement> change) {
        return new onestop.server.application.ports.Store() {
            @Override
            public <T> T write(java.util.function.Function<onestop.server.application.ports.StoreTx, T> work) {
                return f.store.write(tx -> work.apply((onestop.server.application.ports.StoreTx) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {onestop.server.application.ports.StoreTx.class}, (proxy, m, args) -> {
                            Object[] a = m.getName().equals("insertSettlement") ? new Object[] {change.apply((StoredSettlement) args[0])} : args;
                            try {
                                return m.invoke(tx, a);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        })));
            }

            @Override
            public <T> T read(java.util.function.Function<onestop.server.application.ports.StoreTx, T> work) {
                return f.store.read(work);
            }
        };
    }

    @Test
    void repeatedRequestIdAnswersTheFirstAnswerAndPaysOnce() {
        StoredSettlement first = f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_000, 0, 0)).value();
        StoredSettlement again = f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_000, 0, 0)).value();
        assertEquals(first, again);
        assertEquals(1, totals(ORDINARY, 2024).admissions());
        assertEquals(first.result().after(), totals(ORDINARY, 2024));
    }

    @Test
    void sameRequestIdWithAnotherBodyIsRefused() {
        f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_000, 0, 0)).value();
        Outcome<StoredSettlement> o = f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 500_001, 0, 0));
        assertEquals(ResultCode.REQUEST_ID_REUSED, o.rejection().code());
        assertEquals(1, totals(ORDINARY, 2024).admissions());
    }

    @Test
    void aRejectionIsRememberedAsTheFirstAnswer() {
        String stranger = onestop.server.testing.Ids.id("341002", "20010101", 5);
        assertEquals(ResultCode.PERSON_NOT_FOUND, f.ledger.settle(HOSPITAL, bill("r9", stranger, "S9", 100_000, 0, 0)).rejection().code());
        f.store.write(tx -> tx.upsertPerson(new PersonRecord(stranger, "新人", onestop.engine.domain.Scheme.RESIDENT, "341002",
                new TreeSet<>(Set.of(2024)), List.of(), 0), 1L));
        assertEquals(ResultCode.PERSON_NOT_FOUND, f.ledger.settle(HOSPITAL, bill("r9", stranger, "S9", 100_000, 0, 0)).rejection().code());
        assertTrue(f.ledger.settle(HOSPITAL, bill("r10", stranger, "S9", 100_000, 0, 0)).isOk(), "a new request id settles");
    }

    @Test
    void aMalformedRequestWritesNothingAndIsNotRemembered() {
        Outcome<StoredSettlement> bad = f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 100, 200, 0));
        assertEquals(ResultCode.INVALID_AMOUNT, bad.rejection().code());
        assertEquals("visit.out_of_scope_fen", bad.rejection().field());
        assertEquals(Accumulators.ZERO, totals(ORDINARY, 2024));
        assertTrue(f.store.read(tx -> tx.request(HOSPITAL.requestScope(), "r1")).isEmpty());
        assertTrue(f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 100_000, 0, 0)).isOk());
    }

    @Test
    void aSettlementIdIsUsedOncePerHospital() {
        f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 100_000, 0, 0)).value();
        assertEquals(ResultCode.DUPLICATE_SETTLEMENT, f.ledger.settle(HOSPITAL, bill("r2", ORDINARY, "S1", 100_000, 0, 0)).rejection().code());
        assertTrue(f.ledger.settle(OTHER, new SettleCommand("r1", ORDINARY, "S1", "2024-06-10", VisitType.INPATIENT, null,
                100_000, 0, 0, null, 0, null)).isOk(), "another hospital may use the same id");
    }

    @Test
    void reversalTakesOffExactlyWhatTheSettlementAddedOnce() {
        StoredSettlement s1 = f.ledger.settle(HOSPITAL, bill("r1", MINIMUM_LIVING, "S1", 6_000_000, 0, 0)).value();
        StoredSettlement s2 = f.ledger.settle(HOSPITAL, bill("r2", MINIMUM_LIVING, "S2", 4_000_000, 0, 0)).value();
        StoredSettlement reversed = f.ledger.reverse(HOSPITAL, "r3", "S1", "收费员录入错误", 0, "").value();
        assertEquals(StoredSettlement.Status.REVERSED, reversed.status());
        assertEquals("收费员录入错误", reversed.reverseReason());
        assertEquals(s2.result().after().minus(s1.result().delta()), totals(MINIMUM_LIVING, 2024));
        assertEquals(reversed, f.ledger.reverse(HOSPITAL, "r3", "S1", "收费员录入错误", 0, "").value(), "repeat answers the first answer");
        assertEquals(ResultCode.ALREADY_REVERSED, f.ledger.reverse(HOSPITAL, "r4", "S1", "", 0, "").rejection().code());
        assertEquals(ResultCode.UNKNOWN_SETTLEMENT, f.ledger.reverse(HOSPITAL, "r5", "NOPE", "", 0, "").rejection().code());
        f.ledger.reverse(HOSPITAL, "r6", "S2", "", 0, "").value();
        Accumulators zero = totals(MINIMUM_LIVING, 2024);
        assertEquals(0, zero.admissions());
        assertEquals(0, zero.outOfPocketFen());
        assertEquals(0, zero.assistancePaidFen());
        assertEquals(0, zero.ciBaseFen());
        // the settle request repeated after the reversal still answers as first answered
        assertEquals(StoredSettlement.Status.SETTLED, f.ledger.settle(HOSPITAL, bill("r1", MINIMUM_LIVING, "S1", 6_000_000, 0, 0)).value().status());
    }

    @Test
    void aHospitalSeesAndReversesOnlyItsOwn() {
        f.ledger.settle(HOSPITAL, bill("r1", ORDINARY, "S1", 100_000, 0, 0)).value();
        assertEquals(ResultCode.UNKNOWN_SETTLEMENT, f.ledger.reverse(OTHER, "x1", "S1", "", 0, "").rejection().code());
        assertEquals(ResultCode.UNKNOWN_SETTLEMENT, f.ledger.get(OTHER, "", "S1").rejection().code());
        assertEquals(ResultCode.PERMISSION_DENIED, f.ledger.get(OTHER, HUANGSHAN_HOSPITAL, "S1").rejection().code());
        assertEquals(ResultCode.PERMISSION_DENIED, f.ledger.list(OTHER, HUANGSHAN_HOSPITAL, "2024-06-10", 0, "").rejection().code());
        assertEquals(1, totals(ORDINARY, 2024).admissions());
        Caller auditor = Caller.office("audit1", onestop.server.domain.Role.AUDITOR);
        assertTrue(f.ledger.get(auditor, HUANGSHAN_HOSPITAL, "S1").isOk());
        assertEquals(ResultCode.PERMISSION_DENIED, f.ledger.settle(auditor, bill("a1", ORDINARY, "A1", 1, 0, 0)).rejection().code());
    }

    @Test
    void insuranceYearAndPolicyMustExist() {
        assertEquals(ResultCode.NOT_INSURED_FOR_YEAR, f.ledger.settle(HOSPITAL, bill("r1", NOT_INSURED_2024, "S1", 1000, 0, 0)).rejection().code());
        SettleCommand in2023 = new SettleCommand("r2", ORDINARY, "S2", "2023-06-10", VisitType.INPATIENT, null, 1000, 0, 0, null, 0, null);
        assertEquals(ResultCode.POLICY_NOT_FOUND, f.ledger.settle(HOSPITAL, in2023).rejection().code());
        SettleCommand wrongLevel = new SettleCommand("r3", ORDINARY, "S3", "2024-06-10", VisitType.INPATIENT, HospitalLevel.PRIMARY, 1000, 0, 0, null, 0, null);
        assertEquals("visit.hospital_level", f.ledger.settle(HOSPITAL, wrongLevel).rejection().field());
    }

    @Test
    void preSettlementCommitsNothing() {
        var result = f.ledger.preSettle(HOSPITAL, bill("", ORDINARY, "P1", 12_000_000, 800_000, 200_000)).value();
        assertEquals(7_644_000, result.basicPayFen());
        assertEquals(Accumulators.ZERO, totals(ORDINARY, 2024));
        assertTrue(f.ledger.get(HOSPITAL, "", "P1").rejection() != null);
    }

    @Test
    void listsADayInCommitOrderPageByPage() {
        for (int i = 1; i <= 5; i++) f.ledger.settle(HOSPITAL, bill("r" + i, ORDINARY, "S" + i, 10_000 * i, 0, 0)).value();
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            LedgerService.Page page = f.ledger.list(HOSPITAL, "", "2024-06-10", 2, token).value();
            page.settlements().forEach(s -> seen.add(s.settlementId()));
            token = page.nextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);
        assertEquals(List.of("S1", "S2", "S3", "S4", "S5"), seen);
        assertEquals(3, pages);
        assertEquals("page_token", f.ledger.list(HOSPITAL, "", "2024-06-10", 2, "garbage!").rejection().field());
        assertTrue(f.ledger.list(HOSPITAL, "", "2024-06-11", 0, "").value().settlements().isEmpty());
    }

    /** 8 clients settling the same two persons at once give the totals of a serial replay. */
    @Test
    void concurrentSettlementsLoseNoUpdate() throws Exception {
        List<LedgerService> instances = servers();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            int c = client;
            futures.add(pool.submit(() -> {
                LedgerService ledger = instances.get(c % instances.size());
                Caller caller = c % 2 == 0 ? HOSPITAL : OTHER;
                for (int i = 0; i < 15; i++) {
                    String person = i % 2 == 0 ? ORDINARY : MINIMUM_LIVING;
                    Outcome<StoredSettlement> o = ledger.settle(caller, new SettleCommand("c" + c + "-" + i, person, "C" + c + "-" + i,
                            "2024-06-10", VisitType.INPATIENT, null, 1_000_000 + 37_000L * i + c, 0, 0, null, 0, null));
                    if (!o.isOk()) throw new AssertionError(o.rejection().toString());
                    if (i % 5 == 4) ledger.reverse(caller, "rv" + c + "-" + i, "C" + c + "-" + i, "", 0, "").value();
                }
            }));
        }
        for (Future<?> fu : futures) fu.get();
        pool.shutdown();
        for (String person : List.of(ORDINARY, MINIMUM_LIVING)) {
            onestop.server.testing.LedgerAudit.assertSerialReplay(f.store,
                    f.policies.active("341000", 2024).orElseThrow().policy(), person, 2024);
        }
        closeExtra(instances);
    }

    /** The ledgers the concurrency test spreads its clients over (more than one where the store allows). */
    List<LedgerService> servers() throws Exception {
        return List.of(f.ledger);
    }

    void closeExtra(List<LedgerService> instances) {}

    static Accumulators normalize(Accumulators a) {
        return a.plus(Accumulators.ZERO);
    }
}
