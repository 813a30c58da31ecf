package onestop.agent.application;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import onestop.agent.domain.AgentException;
import onestop.engine.application.SettlementEngine;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.v1.Person;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementStatus;
import onestop.wire.EngineMessages;

/**
 * 临时结算: settlement and reversal while the server does not answer, with the engine the server uses, from the local
 * roster, the local policy and the person-year's accumulators as this agent knows them (the server's last answer,
 * chained through this agent's own provisional settlements). Nothing is answered that is not in the journal on disk
 * first, and nothing is journaled past a limit ({@link OfflineLimits}): exposure stays bounded, as a payment
 * terminal's offline mode keeps it.
 */
public final class OfflineSettlements {
    private final LocalStore store;
    private final OfflineJournal journal;
    private final LocalPolicies policies;
    private final HospitalInfo hospital;
    private final OfflineLimits limits;
    private final Clock clock;
    private final SettlementEngine engine = new SettlementEngine();

    public OfflineSettlements(LocalStore store, OfflineJournal journal, LocalPolicies policies, HospitalInfo hospital,
                              OfflineLimits limits, Clock clock) {
        this.store = store;
        this.journal = journal;
        this.policies = policies;
        this.hospital = hospital;
        this.limits = limits;
        this.clock = clock;
    }

    /** A provisional settlement the server has not confirmed yet (made offline and still in the journal's hands). */
    public static boolean isProvisional(Settlement s) {
        return s.getOfflineMadeAtMillis() > 0 && s.getSettledAtMillis() == 0;
    }

    /** The journal's answer to a request id it holds: the provisional settlement, or the server's answer once forwarded. */
    public Optional<Settlement> journaled(String requestId) {
        return journal.byRequestId(requestId).map(OfflineSettlements::word);
    }

    /** What an entry last said: the server's answer once forwarded, else what the counter answered. */
    private static Settlement word(OfflineJournal.Entry e) {
        return parse(e.state() == OfflineJournal.State.FORWARDED ? e.answer() : e.provisional());
    }

    /**
     * A provisional settlement the server confirmed: what the patient pays by the server's result less what they paid by
     * the agent's; above zero the patient owes the hospital (应补), below zero the hospital owes the patient (应退).
     */
    public static long patientDifferenceFen(Settlement s) {
        return s.hasProvisional() ? s.getResult().getPatientPayFen() - s.getProvisional().getPatientPayFen() : 0;
    }

    /** Over the provisional settlements the server confirmed in the last {@code days} days (应补 / 应退). */
    public OfflineJournal.Differences differences(int days) {
        return journal.differencesSince(clock.millis() - days * 86_400_000L);
    }

    /** The newest pending journal entry's settlement about {@code settlementId}: what the counter said, not yet forwarded. */
    public Optional<Settlement> pendingWord(String settlementId) {
        List<OfflineJournal.Entry> entries = journal.bySettlementId(settlementId);
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).state() == OfflineJournal.State.PENDING) return Optional.of(parse(entries.get(i).provisional()));
        }
        return Optional.empty();
    }

    /** 预结算 while the server does not answer: what {@link #settle} would pay now, from what this agent keeps. Writes nothing. */
    public onestop.v1.SettlementResult preSettle(SettleRequest request) {
        return EngineMessages.result(compute(request).result());
    }

    private record Computed(SettlementResult result, onestop.v1.Hospital hospital, LocalDate date) {}

    /**
     * Settles {@code request} provisionally and journals it; the server did not answer it. {@code unsent}, when not null,
     * is its request id, kept with the entry (no call was made for it).
     */
    public Settlement settle(SettleRequest request, LocalStore.StoredCall unsent) {
        Computed c = compute(request);
        SettlementResult r = c.result();
        onestop.v1.Hospital h = c.hospital();
        LocalDate date = c.date();
        String id = request.getIdNumber();
        onestop.v1.Visit v = request.getVisit();
        int year = date.getYear();
        if (alreadySettled(v.getSettlementId())) {
            throw new AgentException(ResultCode.DUPLICATE_SETTLEMENT, "visit.settlement_id", "settlement " + v.getSettlementId()
                    + " already exists");
        }
        long now = clock.millis();
        checkLimits(v.getTotalFen(), r.fundPayFen(), now, 1);
        onestop.v1.SettlementResult wire = EngineMessages.result(r);
        Settlement provisional = Settlement.newBuilder().setHospitalCode(h.getCode()).setSettlementId(v.getSettlementId())
                .setIdNumberMasked(IdNumber.mask(id)).setStatus(SettlementStatus.SETTLED).setResult(wire)
                .setSettlementDate(date.toString()).setOfflineMadeAtMillis(now).build();
        SettleRequest forward = request.toBuilder().setOfflineMadeAtMillis(now).setProvisional(wire).build();
        journal.append(new OfflineJournal.Entry(0, OfflineJournal.Kind.SETTLE, request.getRequestId(), v.getSettlementId(), id, year,
                forward.toByteArray(), provisional.toByteArray(), now, v.getTotalFen(), r.fundPayFen(), OfflineJournal.State.PENDING, 0,
                null, null, 0), EngineMessages.accumulators(r.after()).toByteArray(), Settlements.madeHere(request), unsent);
        return provisional;
    }

    /** The engine's result for the request from the local roster, policy and year; rejections in the request's words. */
    private Computed compute(SettleRequest request) {
        String id = request.getIdNumber();
        onestop.v1.Visit v = request.getVisit();
        LocalDate date = LocalDate.parse(v.getDate()); // checked where the request was read
        int year = date.getYear();
        Person person = store.person(id).orElseThrow(() -> new AgentException(ResultCode.PERSON_NOT_FOUND, "id_number",
                "no insured person " + IdNumber.mask(id) + " in the local roster (offline: the server did not answer)"));
        if (!person.getInsuredYearsList().contains(year)) {
            throw new AgentException(ResultCode.NOT_INSURED_FOR_YEAR, "id_number", IdNumber.mask(id) + " is not insured for " + year
                    + " in the local roster (offline)");
        }
        onestop.v1.Hospital h = registeredHospital();
        HospitalLevel registered = HospitalLevel.valueOf(h.getLevel().name());
        HospitalLevel level = registered;
        if (v.getHospitalLevel() != onestop.v1.HospitalLevel.HOSPITAL_LEVEL_UNSPECIFIED) {
            level = HospitalLevel.valueOf(v.getHospitalLevel().name());
            if (level != registered) {
                throw new AgentException(ResultCode.INVALID_ARGUMENT, "visit.hospital_level", "visit.hospital_level " + level
                        + " is not hospital " + h.getCode() + "'s registered level " + registered);
            }
        }
        Outcome<onestop.engine.domain.Visit> visit = onestop.engine.domain.Visit.of(v.getSettlementId(), date,
                VisitType.valueOf(v.getType().name()), level, v.getTotalFen(), v.getOutOfScopeFen(), v.getPriorSelfPayFen(),
                v.getSpecialDisease().isEmpty() ? null : v.getSpecialDisease());
        if (!visit.isOk()) throw rejected(visit.rejection());
        Policy policy = policies.active(person.getCounty().substring(0, 4) + "00", year, "visit.date");
        Accumulators ytd = known(id, year);
        Outcome<SettlementResult> result = engine.settle(policy, enginePerson(person), visit.value(), ytd);
        if (!result.isOk()) throw rejected(result.rejection());
        return new Computed(result.value(), h, date); // the result's constructor checked every invariant
    }

    /**
     * Reverses, offline, a settlement this counter made: one still in the journal, or one the server confirmed (kept
     * here). Journaled in order behind it, so the server sees the settlement before its reversal. {@code unsent}: as for
     * {@link #settle}.
     */
    public Settlement reverse(ReverseRequest request, LocalStore.StoredCall unsent) {
        String sid = request.getSettlementId();
        Target t = target(sid);
        if (t.settlement().getStatus() == SettlementStatus.REVERSED) {
            throw new AgentException(ResultCode.ALREADY_REVERSED, "settlement_id", "settlement " + sid + " is already reversed");
        }
        int year = LocalDate.parse(t.settlement().getSettlementDate()).getYear();
        Accumulators current = known(t.idNumber(), year);
        Accumulators after = lessOrKept(current, sid, t.settlement());
        long now = clock.millis();
        checkLimits(0, 0, now, 0);
        Settlement reversed = t.settlement().toBuilder().setStatus(SettlementStatus.REVERSED).setReversedAtMillis(now)
                .setReverseReason(request.getReason()).setOfflineMadeAtMillis(now).setSettledAtMillis(0).build();
        ReverseRequest forward = request.toBuilder().setOfflineMadeAtMillis(now).build();
        journal.append(new OfflineJournal.Entry(0, OfflineJournal.Kind.REVERSE, request.getRequestId(), sid, t.idNumber(), year,
                forward.toByteArray(), reversed.toByteArray(), now, 0, 0, OfflineJournal.State.PENDING, 0, null, null, 0),
                EngineMessages.accumulators(after).toByteArray(), java.util.Map.of(), unsent);
        return reversed;
    }

    private record Target(Settlement settlement, String idNumber) {}

    /** The settlement as this counter last knows it: the journal's newest word on it, else the server's copy kept here. */
    private Target target(String sid) {
        List<OfflineJournal.Entry> entries = journal.bySettlementId(sid);
        for (int i = entries.size() - 1; i >= 0; i--) {
            OfflineJournal.Entry e = entries.get(i);
            if (e.state() == OfflineJournal.State.REJECTED) continue; // the server refused it: it did not happen
            return new Target(word(e), e.idNumber());
        }
        Optional<Settlement> kept = store.settlement(sid);
        Optional<String> patient = store.meta("patient:" + sid);
        if (kept.isEmpty() || patient.isEmpty()) {
            throw new AgentException(ResultCode.UNKNOWN_SETTLEMENT, "settlement_id", "no settlement " + sid + " made at this counter"
                    + " (offline: only this counter's settlements can be reversed while the server does not answer)");
        }
        return new Target(kept.get(), patient.get());
    }

    private boolean alreadySettled(String sid) {
        return store.settlement(sid).isPresent()
                || journal.bySettlementId(sid).stream().anyMatch(e -> e.state() != OfflineJournal.State.REJECTED);
    }

    /** Past a limit: OFFLINE_LIMIT naming it, before anything is written. */
    private void checkLimits(long totalFen, long fundFen, long nowMillis, int settlements) {
        OfflineJournal.Totals t = journal.totals();
        if (totalFen > limits.maxSettlementFen()) {
            throw limit("visit.total", "the bill's total " + yuan(totalFen) + " is over the offline limit per settlement "
                    + yuan(limits.maxSettlementFen()));
        }
        // a reversal only lowers the exposure: it is held back by the journal's hard size alone (twice the entries)
        int maxEntries = settlements == 0 ? 2 * limits.maxEntries() : limits.maxEntries();
        if (t.pending() + 1 > maxEntries) {
            throw limit("", t.pending() + " offline entries are waiting for the server: the limit is " + maxEntries);
        }
        if (settlements > 0 && t.pendingFundFen() + fundFen > limits.maxFundFen()) {
            throw limit("", "the funds' share of the offline settlements waiting would be " + yuan(t.pendingFundFen() + fundFen)
                    + ", over the limit " + yuan(limits.maxFundFen()));
        }
        if (settlements > 0 && t.oldestPendingMillis() > 0 && nowMillis - t.oldestPendingMillis() > limits.maxAgeMillis()) {
            throw limit("", "the oldest offline settlement has waited " + (nowMillis - t.oldestPendingMillis()) / 3_600_000
                    + " h for the server, over the limit of " + limits.maxAgeMillis() / 3_600_000 + " h");
        }
    }

    private static AgentException limit(String field, String message) {
        return new AgentException(ResultCode.OFFLINE_LIMIT, field, message + " (offline: the server did not answer; nothing was recorded)");
    }

    static String yuan(long fen) {
        return "¥" + onestop.engine.domain.money.Money.format(fen);
    }

    /** The person-year's accumulators as this agent knows them; zero when it has seen none. */
    Accumulators known(String idNumber, int year) {
        return journal.accumulators(idNumber, year).map(b -> {
            try {
                return EngineMessages.accumulators(onestop.v1.Accumulators.parseFrom(b));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the local accumulators of a person do not parse", e);
            }
        }).orElse(Accumulators.ZERO);
    }

    /**
     * After a server answer for a person-year: its accumulators as the server has them, plus what this agent's entries
     * still waiting add (their deltas) or take off (their reversals' deltas).
     */
    public void learn(String idNumber, int year, onestop.v1.Accumulators serverAfter) {
        journal.putAccumulators(idNumber, year, EngineMessages.accumulators(withPending(idNumber, year, serverAfter, -1)).toByteArray());
    }

    /** After the server confirmed a reversal made online: the person-year as known here, less the settlement's delta. */
    public void learnReversal(String idNumber, Settlement reversed) {
        int year = LocalDate.parse(reversed.getSettlementDate()).getYear();
        Accumulators after = lessOrKept(known(idNumber, year), reversed.getSettlementId(), reversed);
        journal.putAccumulators(idNumber, year, EngineMessages.accumulators(after).toByteArray());
    }

    /**
     * The year less a reversed settlement's delta, by the engine's reversal; when what this agent knows of the year is
     * less than the delta (it has not seen every settlement of the person), the year as known is kept: a higher year
     * means less from the funds offline, so a later difference is owed to the patient (应退), never to the funds.
     */
    private Accumulators lessOrKept(Accumulators known, String settlementId, Settlement s) {
        try {
            Outcome<Accumulators> after = engine.reverse(known, settlementId, EngineMessages.accumulators(s.getResult().getDelta()), false);
            return after.isOk() ? after.value() : known;
        } catch (IllegalStateException negative) {
            return known;
        }
    }

    /** The year to keep once {@code forwarded} is confirmed: the server's, plus what the other entries waiting add. */
    byte[] afterForward(OfflineJournal.Entry forwarded, onestop.v1.Accumulators serverAfter) {
        return EngineMessages.accumulators(withPending(forwarded.idNumber(), forwarded.year(), serverAfter, forwarded.seq())).toByteArray();
    }

    private Accumulators withPending(String idNumber, int year, onestop.v1.Accumulators serverAfter, long exceptSeq) {
        Accumulators a = EngineMessages.accumulators(serverAfter);
        for (OfflineJournal.Entry e : journal.pendingOf(idNumber, year)) {
            if (e.seq() == exceptSeq) continue;
            Accumulators delta = EngineMessages.accumulators(parse(e.provisional()).getResult().getDelta());
            if (e.kind() == OfflineJournal.Kind.SETTLE) {
                a = a.plus(delta);
            } else {
                a = lessOrKept(a, e.settlementId(), parse(e.provisional()));
            }
        }
        return a;
    }

    private onestop.v1.Hospital registeredHospital() {
        return hospital.current().orElseThrow(() -> new AgentException(ResultCode.SERVER_UNREACHABLE, "",
                "the server has not answered since this agent was installed: the hospital's registration is not known yet"));
    }

    static onestop.engine.domain.Person enginePerson(Person p) {
        return new onestop.engine.domain.Person(Scheme.valueOf(p.getScheme().name()), Eligibility.holdings(p));
    }

    /** An engine rejection in the request's words (the fields of the visit as the HIS API names them). */
    private static AgentException rejected(onestop.engine.domain.Rejection r) {
        String field = switch (r.field()) {
            case "total" -> "visit.total";
            case "outOfScope" -> "visit.out_of_scope";
            case "priorSelfPay" -> "visit.prior_self_pay";
            case "specialDisease" -> "visit.special_disease";
            case "date" -> "visit.date";
            case "type" -> "visit.type";
            case "hospitalLevel" -> "visit.hospital_level";
            case "scheme", "person" -> "id_number";
            case "settlementId" -> "settlement_id";
            default -> r.field();
        };
        return new AgentException(r.code(), field, r.message() + " (offline)");
    }

    static Settlement parse(byte[] bytes) {
        try {
            return Settlement.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a journaled settlement does not parse", e);
        }
    }
}
