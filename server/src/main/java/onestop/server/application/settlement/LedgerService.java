package onestop.server.application.settlement;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import onestop.engine.application.Inputs;
import onestop.engine.application.SettlementEngine;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Visit;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.server.application.Callers;
import onestop.server.application.Checks;
import onestop.server.application.Hashing;
import onestop.server.application.Roles;
import onestop.server.application.policy.LoadedPolicy;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.Provisional;
import onestop.server.domain.StoredRequest;
import onestop.server.domain.StoredSettlement;

/**
 * The ledger: settle, pre-settle, reverse, get and list. A settlement row and the person's year
 * accumulators change in one transaction; the invariants are checked before the row is written
 * (by the engine's result) and again after it is read back. Every request id's first answer is
 * kept, success or rejection; a malformed request is answered without writing anything.
 */
public final class LedgerService {
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_REASON_CHARS = 200;
    /** An agent's clock may run ahead of the server's by this much before an offline time is refused. */
    static final long OFFLINE_CLOCK_SKEW_MILLIS = 10 * 60_000L;

    private final Store store;
    private final PolicyRegistry policies;
    private final SettlementEngine engine;
    private final Clock clock;

    public LedgerService(Store store, PolicyRegistry policies, SettlementEngine engine, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.engine = engine;
        this.clock = clock;
    }

    /** A checked settle request; {@code provisional} is what the agent computed offline, when it forwards one (else null). */
    private record Checked(String requestId, String idNumber, Visit visit, boolean levelGiven, long offlineMadeAtMillis,
                           SettlementResult provisional, String hash) {
        /** The visit at the hospital's registered level when the request named none (the level is not part of the hash). */
        Checked atLevel(HospitalLevel registered) {
            if (levelGiven || visit.hospitalLevel() == registered) return this;
            Visit v = new Visit(visit.id(), visit.date(), visit.type(), registered, visit.totalFen(), visit.outOfScopeFen(),
                    visit.priorSelfPayFen(), visit.specialDisease());
            return new Checked(requestId, idNumber, v, false, offlineMadeAtMillis, provisional, hash);
        }
    }

    private Outcome<Checked> check(SettleCommand c, HospitalLevel defaultLevel, boolean needsRequestId) {
        if (needsRequestId) {
            Rejection r = Checks.requestId("request_id", c.requestId());
            if (r != null) return Outcome.rejected(r);
        }
        Outcome<String> id = Checks.idNumber("id_number", c.idNumber());
        if (!id.isOk()) return Outcome.rejected(id.rejection());
        Rejection offline = offlineTime(c.offlineMadeAtMillis());
        if (offline != null) return Outcome.rejected(offline);
        if (c.provisional() != null && c.offlineMadeAtMillis() == 0) {
            return Outcome.rejected(Checks.invalid("offline_made_at_millis",
                    "offline_made_at_millis (when the agent settled offline) is required with provisional"));
        }
        HospitalLevel level = c.hospitalLevel() != null ? c.hospitalLevel() : defaultLevel;
        Outcome<Visit> visit = BillCheck.visit("visit", c, level);
        if (!visit.isOk()) return Outcome.rejected(visit.rejection());
        String disease = visit.value().specialDisease();
        SettlementResult provisional = null;
        if (c.provisional() != null) {
            Outcome<SettlementResult> p = c.provisional().check(visit.value());
            if (!p.isOk()) return Outcome.rejected(p.rejection());
            provisional = p.value();
        }
        // The request's identity is its bill. When and how the agent settled offline are not part of it (the constant 0
        // stands where the offline time once was, so hashes stored before stay valid): an agent whose online attempt
        // reached the server, its answer lost, forwards the same request id with its provisional result later.
        String hash = Hashing.sha256(Hashing.canonical("settle", id.value(), c.settlementId(), c.date(), c.type(),
                c.hospitalLevel(), c.totalFen(), c.outOfScopeFen(), c.priorSelfPayFen(), disease, 0));
        return Outcome.ok(new Checked(c.requestId(), id.value(), visit.value(), c.hospitalLevel() != null, c.offlineMadeAtMillis(),
                provisional, hash));
    }

    /** An agent's offline time: not negative, and not ahead of the server's clock by more than the skew allowed. */
    private Rejection offlineTime(long offlineMadeAtMillis) {
        if (offlineMadeAtMillis < 0 || offlineMadeAtMillis > clock.millis() + OFFLINE_CLOCK_SKEW_MILLIS) {
            return Checks.invalid("offline_made_at_millis", "offline_made_at_millis is negative or in the future");
        }
        return null;
    }

    /** An engine rejection named in the request's words: its fields are the visit's, in JSON style; the scheme the person's. */
    private static Rejection requestField(Rejection r) {
        return r.field().equals("scheme") ? Rejection.of(r.code(), "id_number", r.message()) : BillCheck.named("visit", r);
    }

    private static Rejection hospitalOnly(Caller caller, String what) {
        return caller.isHospital() ? null
                : Rejection.of(ResultCode.PERMISSION_DENIED, "", what + " is done by a hospital's agent, not by " + caller.role());
    }

    /** 预结算: what a settlement would pay now. Reads only. */
    public Outcome<SettlementResult> preSettle(Caller caller, SettleCommand command) {
        Rejection denied = hospitalOnly(caller, "pre-settlement");
        if (denied != null) return Outcome.rejected(denied);
        return store.read(tx -> {
            Outcome<Hospital> hospital = Callers.registeredHospital(tx, caller);
            if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
            Outcome<Checked> checked = check(command, hospital.value().level(), false);
            if (!checked.isOk()) return Outcome.rejected(checked.rejection());
            Checked c = checked.value();
            Rejection levelProblem = levelMismatch(c, hospital.value());
            if (levelProblem != null) return Outcome.rejected(levelProblem);
            Outcome<Context> ctx = context(tx, c);
            if (!ctx.isOk()) return Outcome.rejected(ctx.rejection());
            Accumulators ytd = tx.accumulators(c.idNumber(), c.visit().date().getYear());
            Outcome<SettlementResult> result = engine.settle(ctx.value().policy().policy(), ctx.value().person().toEnginePerson(), c.visit(), ytd);
            return result.isOk() ? result : Outcome.rejected(requestField(result.rejection()));
        });
    }

    private static Rejection levelMismatch(Checked c, Hospital h) {
        if (c.levelGiven() && c.visit().hospitalLevel() != h.level()) {
            return Checks.invalid("visit.hospital_level", "visit.hospital_level " + c.visit().hospitalLevel()
                    + " is not hospital " + h.code() + "'s registered level " + h.level());
        }
        return null;
    }

    private record Context(PersonRecord person, LoadedPolicy policy) {}

    private Outcome<Context> context(StoreTx tx, Checked c) {
        int year = c.visit().date().getYear();
        Optional<PersonRecord> person = tx.person(c.idNumber());
        if (person.isEmpty()) {
            return Outcome.rejected(ResultCode.PERSON_NOT_FOUND, "id_number", "no insured person " + IdNumber.mask(c.idNumber()));
        }
        if (!person.get().insuredIn(year)) {
            return Outcome.rejected(ResultCode.NOT_INSURED_FOR_YEAR, "id_number",
                    IdNumber.mask(c.idNumber()) + " is not insured for " + year);
        }
        Optional<LoadedPolicy> policy = policies.active(person.get().policyRegion(), year);
        if (policy.isEmpty()) {
            return Outcome.rejected(ResultCode.POLICY_NOT_FOUND, "visit.date",
                    "no policy for region " + person.get().policyRegion() + " and year " + year);
        }
        return Outcome.ok(new Context(person.get(), policy.get()));
    }

    /** 结算: commits the settlement and the accumulators in one transaction, and answers once committed. */
    public Outcome<StoredSettlement> settle(Caller caller, SettleCommand command) {
        Outcome<Checked> checked = checkSettle(caller, command);
        return checked.isOk() ? store.write(settleWork(caller, checked.value())) : Outcome.rejected(checked.rejection());
    }

    /**
     * {@link #settle} answered through a future, completed once the settlement is committed (or refused). Where the
     * store queues its writes ({@link #settlesWithoutWaiting}), this returns at once: no thread waits for the commit.
     */
    public CompletableFuture<Outcome<StoredSettlement>> settleLater(Caller caller, SettleCommand command) {
        Outcome<Checked> checked = checkSettle(caller, command);
        return checked.isOk() ? store.writeLater(settleWork(caller, checked.value()))
                : CompletableFuture.completedFuture(Outcome.rejected(checked.rejection()));
    }

    /** True when {@link #settleLater} never blocks its caller's thread. */
    public boolean settlesWithoutWaiting() {
        return store.writesQueued();
    }

    private Outcome<Checked> checkSettle(Caller caller, SettleCommand command) {
        Rejection denied = hospitalOnly(caller, "settlement");
        if (denied != null) return Outcome.rejected(denied);
        // The request is checked before it queues for the one writer, so a malformed one never takes its time; the
        // level, when the request names none, is the hospital's as registered, read in the transaction.
        HospitalLevel provisional = command.hospitalLevel() != null ? command.hospitalLevel() : HospitalLevel.PRIMARY;
        return check(command, provisional, true);
    }

    private Function<StoreTx, Outcome<StoredSettlement>> settleWork(Caller caller, Checked checked) {
        // One transaction does it all, reads included: on SQLite a read on another connection after each commit starts
        // from a cold page cache (measured: the separate hospital read and read-back cost more than the write itself).
        return tx -> {
            Outcome<Hospital> hospital = Callers.registeredHospital(tx, caller);
            if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
            Checked c = checked.atLevel(hospital.value().level());
            Optional<StoredRequest> prior = tx.request(caller.requestScope(), c.requestId());
            if (prior.isPresent()) {
                Outcome<StoredSettlement> first = replay(tx, caller.hospitalCode(), prior.get(), "settle", c.hash());
                if (!first.isOk()) return first;
                StoredSettlement s = c.provisional() == null || first.value().provisional() != null ? first.value()
                        : recordProvisional(tx, caller, c, first.value());
                return Outcome.ok(s.asSettled());
            }
            Rejection levelProblem = levelMismatch(c, hospital.value());
            if (levelProblem != null) return Outcome.rejected(levelProblem);

            Outcome<Context> ctx = context(tx, c);
            if (!ctx.isOk()) return remember(tx, caller, c, ctx.rejection(), clock.millis());
            if (tx.settlementExists(caller.hospitalCode(), c.visit().id())) {
                return remember(tx, caller, c, Rejection.of(ResultCode.DUPLICATE_SETTLEMENT, "visit.settlement_id",
                        "settlement " + c.visit().id() + " already exists"), clock.millis());
            }
            int year = c.visit().date().getYear();
            Accumulators ytd = tx.lockAccumulators(c.idNumber(), year);
            long now = clock.millis(); // read under the person-year lock: times follow commit order per person
            LoadedPolicy policy = ctx.value().policy();
            Outcome<SettlementResult> result = engine.settle(policy.policy(), ctx.value().person().toEnginePerson(), c.visit(), ytd);
            if (!result.isOk()) return remember(tx, caller, c, requestField(result.rejection()), clock.millis());

            SettlementResult r = result.value(); // its constructor checked every invariant
            long seq = tx.saveAccumulators(c.idNumber(), year, r.after());
            Provisional provisional = c.provisional() == null ? null : Provisional.of(c.offlineMadeAtMillis(), c.provisional(), true, r);
            StoredSettlement s = new StoredSettlement(caller.hospitalCode(), c.requestId(), c.idNumber(), c.visit(),
                    policy.document().sha256(), r, StoredSettlement.Status.SETTLED, now, 0, "", c.offlineMadeAtMillis(), seq, 0,
                    provisional);
            tx.insertSettlement(s);
            if (provisional != null) tx.insertProvisional(s, now);
            tx.insertRequest(new StoredRequest(caller.requestScope(), c.requestId(), "settle", c.hash(), null, s.settlementId(), now));
            tx.audit(now, caller.name(), "settle", s.settlementId() + " " + IdNumber.mask(c.idNumber()),
                    "total " + r.totalFen() + " fund " + r.fundPayFen() + " patient " + r.patientPayFen() + " policy " + r.policyId()
                            + (c.offlineMadeAtMillis() > 0 ? " offline" : "") + provisionalNote(provisional));
            return Outcome.ok(readBack(tx, s));
        };
    }

    /**
     * A repeat of a request that settled without a provisional result brings one (the agent's online attempt reached the
     * server, its answer did not reach the agent, which then settled offline under the same request id): it is recorded
     * against the settlement now, in the repeat's transaction. The repeat is still answered the first answer.
     */
    private StoredSettlement recordProvisional(StoreTx tx, Caller caller, Checked c, StoredSettlement settled) {
        long now = clock.millis();
        StoredSettlement s = settled.withProvisional(Provisional.of(c.offlineMadeAtMillis(), c.provisional(), false, settled.result()));
        tx.insertProvisional(s, now);
        tx.audit(now, caller.name(), "provisional", s.settlementId() + " " + IdNumber.mask(s.idNumber()),
                "forwarded under request_id " + c.requestId() + ", which had settled online" + provisionalNote(s.provisional()));
        return readBack(tx, s);
    }

    private static String provisionalNote(Provisional p) {
        return p == null ? "" : " provisional patient " + p.result().patientPayFen()
                + (p.differs() ? " differs: patient " + p.difference().patientFen() : " same");
    }

    /**
     * Reads the settlement back from the store, in the transaction that wrote it, and checks it is what was written and
     * that its money still adds up ({@link StoreTx#checkStoredAs}): a failure throws, and the transaction is rolled back.
     */
    private static StoredSettlement readBack(StoreTx tx, StoredSettlement written) {
        tx.checkStoredAs(written);
        return written;
    }

    private <T> Outcome<T> remember(StoreTx tx, Caller caller, Checked c, Rejection rejection, long now) {
        return remember(tx, caller, c.requestId(), "settle", c.hash(), rejection, now);
    }

    private static <T> Outcome<T> remember(StoreTx tx, Caller caller, String requestId, String operation, String hash,
                                           Rejection rejection, long now) {
        // A malformed request is not a request: it is answered but never remembered.
        if (rejection.code().status() != ResultCode.Status.INVALID_ARGUMENT) {
            tx.insertRequest(new StoredRequest(caller.requestScope(), requestId, operation, hash, rejection, null, now));
        }
        return Outcome.rejected(rejection);
    }

    private static Outcome<StoredSettlement> replay(StoreTx tx, String hospitalCode, StoredRequest prior, String operation, String hash) {
        if (!prior.operation().equals(operation) || !prior.bodySha256().equals(hash)) {
            return Outcome.rejected(ResultCode.REQUEST_ID_REUSED, "request_id",
                    "request_id " + prior.requestId() + " was used before for another request");
        }
        if (prior.rejection() != null) return Outcome.rejected(prior.rejection());
        return Outcome.ok(tx.settlement(hospitalCode, prior.resultRef()).orElseThrow(() ->
                new IllegalStateException("request " + prior.requestId() + " refers to a missing settlement")));
    }

    /**
     * 结算撤销, SETTLEMENT.md §6. {@code offlineMadeAtMillis}: when an agent made the reversal offline (0: online); it is
     * audited, and not part of the request's identity. A hospital reverses its own settlements ({@code hospitalCode}
     * empty); the office's ADMIN one of the hospital it names, with a reason, audited as the office user.
     */
    public Outcome<StoredSettlement> reverse(Caller caller, String requestId, String settlementId, String reason, long offlineMadeAtMillis,
                                             String hospitalCode) {
        Outcome<String> hospital = reversingHospital(caller, hospitalCode);
        if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
        Rejection bad = Checks.requestId("request_id", requestId);
        if (bad == null) bad = Checks.settlementId("settlement_id", settlementId);
        if (bad == null) bad = Checks.text("reason", reason, MAX_REASON_CHARS, !caller.isHospital());
        if (bad == null) bad = offlineTime(offlineMadeAtMillis);
        if (bad == null && !caller.isHospital() && offlineMadeAtMillis != 0) {
            bad = Checks.invalid("offline_made_at_millis", "offline_made_at_millis is for an agent forwarding its own reversal");
        }
        if (bad != null) return Outcome.rejected(bad);
        String code = hospital.value();
        String why = reason == null ? "" : reason.strip();
        // a hospital's hash as it always was (stored hashes stay valid); the office's names the hospital too
        String hash = Hashing.sha256(caller.isHospital() ? Hashing.canonical("reverse", settlementId, why)
                : Hashing.canonical("reverse", code, settlementId, why));
        String offline = offlineMadeAtMillis > 0 ? " (offline, made at " + Instant.ofEpochMilli(offlineMadeAtMillis) + ")" : "";
        return store.write(tx -> {
            Optional<StoredRequest> prior = tx.request(caller.requestScope(), requestId);
            if (prior.isPresent()) return replay(tx, code, prior.get(), "reverse", hash);
            Optional<StoredSettlement> found = tx.settlement(code, settlementId);
            if (found.isEmpty()) {
                return remember(tx, caller, requestId, "reverse", hash, Rejection.of(ResultCode.UNKNOWN_SETTLEMENT,
                        "settlement_id", "no settlement " + settlementId + " of hospital " + code), clock.millis());
            }
            // Lock the person-year first, then read the settlement again: every change to it happens under that lock.
            Accumulators current = tx.lockAccumulators(found.get().idNumber(), found.get().insuranceYear());
            long now = clock.millis();
            StoredSettlement s = tx.settlement(code, settlementId).orElseThrow();
            Outcome<Accumulators> after = engine.reverse(current, settlementId, s.result().delta(),
                    s.status() == StoredSettlement.Status.REVERSED);
            if (!after.isOk()) {
                Rejection r = after.rejection();
                return remember(tx, caller, requestId, "reverse", hash, Rejection.of(r.code(), "settlement_id", r.message()), now);
            }
            long seq = tx.saveAccumulators(s.idNumber(), s.insuranceYear(), after.value());
            tx.markReversed(s.hospitalCode(), settlementId, now, why, seq);
            tx.insertRequest(new StoredRequest(caller.requestScope(), requestId, "reverse", hash, null, settlementId, now));
            String target = (caller.isHospital() ? "" : code + "/") + settlementId + " " + IdNumber.mask(s.idNumber());
            tx.audit(now, caller.name(), "reverse", target, (why + offline).strip());
            return Outcome.ok(s.reversed(now, why, seq));
        });
    }

    /** Whose settlement a reversal is: a hospital's own (it may not name one), or the one the office's ADMIN names. */
    private static Outcome<String> reversingHospital(Caller caller, String hospitalCode) {
        String requested = hospitalCode == null ? "" : hospitalCode;
        if (caller.isHospital()) {
            return requested.isEmpty() ? Outcome.ok(caller.hospitalCode()) : Outcome.rejected(ResultCode.PERMISSION_DENIED, "hospital_code",
                    "hospital_code is for the office: a hospital reverses only its own settlements");
        }
        Rejection denied = Roles.allow(caller, Roles.ADMIN, "reversing a hospital's settlement");
        if (denied != null) return Outcome.rejected(denied);
        Rejection bad = Checks.hospitalCode("hospital_code", requested);
        return bad == null ? Outcome.ok(requested) : Outcome.rejected(bad);
    }

    /** One settlement: a hospital sees only its own; office callers name the hospital. */
    public Outcome<StoredSettlement> get(Caller caller, String hospitalCode, String settlementId) {
        Outcome<String> hospital = hospitalFor(caller, hospitalCode);
        if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
        Rejection bad = Checks.settlementId("settlement_id", settlementId);
        if (bad != null) return Outcome.rejected(bad);
        return store.read(tx -> tx.settlement(hospital.value(), settlementId)).<Outcome<StoredSettlement>>map(Outcome::ok)
                .orElseGet(() -> Outcome.rejected(ResultCode.UNKNOWN_SETTLEMENT, "settlement_id", "no settlement " + settlementId));
    }

    /** The hospital a call is about: a hospital's own (it may not name another), or the one an office caller names. */
    public static Outcome<String> hospitalFor(Caller caller, String requested) {
        String r = requested == null ? "" : requested;
        if (caller.isHospital()) {
            if (!r.isEmpty() && !r.equals(caller.hospitalCode())) {
                return Outcome.rejected(ResultCode.PERMISSION_DENIED, "hospital_code", "a hospital sees only its own settlements");
            }
            return Outcome.ok(caller.hospitalCode());
        }
        Rejection bad = Checks.hospitalCode("hospital_code", r);
        return bad == null ? Outcome.ok(r) : Outcome.rejected(bad);
    }

    public record Page(List<StoredSettlement> settlements, String nextPageToken) {}

    /** A hospital's settlements of one settlement date, in commit order, paged. */
    public Outcome<Page> list(Caller caller, String hospitalCode, String date, int pageSize, String pageToken) {
        Outcome<String> hospital = hospitalFor(caller, hospitalCode);
        if (!hospital.isOk()) return Outcome.rejected(hospital.rejection());
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
            return Outcome.rejected(Checks.invalid("page_size", "page_size must be 0 to " + MAX_PAGE_SIZE));
        }
        int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize;
        long afterMillis = -1;
        String afterId = "";
        if (pageToken != null && !pageToken.isEmpty()) {
            try {
                String t = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
                int colon = t.indexOf(':');
                afterMillis = Long.parseLong(t.substring(0, colon));
                afterId = t.substring(colon + 1);
                if (afterMillis < 0 || Checks.settlementId("page_token", afterId) != null) throw new IllegalArgumentException();
            } catch (RuntimeException e) {
                return Outcome.rejected(Checks.invalid("page_token", "page_token is not one this server gave"));
            }
        }
        long am = afterMillis;
        String ai = afterId;
        List<StoredSettlement> rows = store.read(tx -> tx.settlementsOfDay(hospital.value(), day.value(), ai, am, size + 1));
        String next = "";
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            StoredSettlement last = rows.get(size - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.settledAtMillis() + ":" + last.settlementId()).getBytes(StandardCharsets.UTF_8));
        }
        return Outcome.ok(new Page(List.copyOf(rows), next));
    }
}
