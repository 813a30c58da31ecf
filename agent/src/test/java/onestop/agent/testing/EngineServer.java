package onestop.agent.testing;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import onestop.agent.adapters.grpc.GrpcCentralServer;
import onestop.agent.application.CentralServer;
import onestop.agent.application.RosterEntry;
import onestop.agent.domain.AgentException;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.YearLedger;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.settlement.Accumulators;
import onestop.v1.AgentReport;
import onestop.v1.AgentReportAck;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.GetSettlementRequest;
import onestop.v1.Hospital;
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
import onestop.v1.SettlementStatus;
import onestop.v1.VoucherHolder;

/**
 * A central server in the test's memory that answers with the real engine: the project's example policies
 * ({@code examples/policies}), the demo hospital 黄山市人民医院 and the demo roster, each person's year in a
 * {@link YearLedger}. Settle and reverse are idempotent by request id, as the real server's are. {@link #down}
 * turns it into an outage (every call SERVER_UNREACHABLE) and back.
 */
@Singleton
@Replaces(GrpcCentralServer.class)
@Requires(property = "onestop.test.server", value = "engine")
public final class EngineServer implements CentralServer {
    public static final Hospital HOSPITAL = Hospital.newBuilder().setCode("H341002001").setName("黄山市人民医院")
            .setLevel(onestop.v1.HospitalLevel.TERTIARY).setCounty("341002").setDesignated(true).build();

    /** 张秀英: 低保对象 in 黄山 (huangshan-2024), eligible at the demo hospital. */
    public static final String MINIMUM_LIVING = "341002195603121237";
    /** 王建国: insured in 黄山, no identity: 需交住院押金. */
    public static final String NO_IDENTITY = "34100219800101004X";
    /** 陈志强: 职工医保, 建档立卡贫困人口 in 河源 (heyuan-2019): two supplementary tiers. */
    public static final String TWO_TIERS = "360721196501010012";

    public final AtomicBoolean down = new AtomicBoolean();
    public final AtomicInteger settleCalls = new AtomicInteger();
    public final AtomicInteger reverseCalls = new AtomicInteger();

    private final Clock clock;
    private final SettlementEngine engine = new SettlementEngine();
    private final EligibilityEngine eligibilityEngine = new EligibilityEngine();
    private final List<PolicyDocument> documents = new ArrayList<>();
    private final Map<String, Policy> policies = new HashMap<>(); // by region and year: "341000/2024"
    private final Map<String, Person> persons = new HashMap<>();
    private final Map<String, YearLedger> ledgers = new HashMap<>();
    private final Map<String, Settlement> settlements = new HashMap<>();
    private final Map<String, Object> answered = new HashMap<>(); // request id -> Settlement or Rejection
    private final Map<String, String> vouchers = new HashMap<>();
    private final Map<String, String> patients = new HashMap<>(); // settlement id -> ID number
    private volatile long lastContact;

    public EngineServer(Clock clock) {
        this.clock = clock;
        try (Stream<Path> files = Files.list(ExampleFiles.policies())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(f, StandardCharsets.UTF_8);
                Policy p = PolicyReader.read(f.getFileName().toString(), yaml);
                policies.put(p.region() + "/" + p.year(), p);
                documents.add(PolicyDocument.newBuilder().setPolicyId(p.id()).setRegion(p.region()).setYear(p.year()).setYaml(yaml)
                        .setSha256(Integer.toHexString(yaml.hashCode())).setLoadedAtMillis(1).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        person(MINIMUM_LIVING, "张秀英", onestop.v1.Scheme.RESIDENT, "341002", 2024, onestop.v1.Category.MINIMUM_LIVING, "2024-01-01");
        person(NO_IDENTITY, "王建国", onestop.v1.Scheme.RESIDENT, "341002", 2024, null, null);
        person(TWO_TIERS, "陈志强", onestop.v1.Scheme.EMPLOYEE, "441602", 2019, onestop.v1.Category.REGISTERED_POOR, "2018-06-01");
    }

    private void person(String id, String name, onestop.v1.Scheme scheme, String county, int year, onestop.v1.Category category, String from) {
        Person.Builder p = Person.newBuilder().setIdNumber(id).setName(name).setScheme(scheme).setCounty(county).addInsuredYears(year);
        if (category != null) p.addCategories(onestop.v1.CategoryPeriod.newBuilder().setCategory(category).setFrom(from));
        persons.put(id, p.build());
    }

    /** A 医保电子凭证 code for the person, as the national app would show it. */
    public synchronized String voucherFor(String idNumber) {
        String code = "OSEV1.test." + Integer.toHexString(idNumber.hashCode()) + "." + vouchers.size();
        vouchers.put(code, idNumber);
        return code;
    }

    /** How many settlements this server holds (reversed ones too). */
    public synchronized int settlementCount() {
        return settlements.size();
    }

    private void contact() {
        if (down.get()) throw new AgentException(ResultCode.SERVER_UNREACHABLE, "", "the central server did not answer (test outage)");
        lastContact = clock.millis();
    }

    private static AgentException rejected(Rejection r) {
        return new AgentException(r.code(), r.field(), r.message());
    }

    private Person known(String idNumber) {
        Person p = persons.get(idNumber);
        if (p == null) throw new AgentException(ResultCode.PERSON_NOT_FOUND, "id_number", "no insured person " + IdNumber.mask(idNumber));
        return p;
    }

    private Policy policy(Person p, int year, String field) {
        Policy policy = policies.get(p.getCounty().substring(0, 4) + "00/" + year);
        if (policy == null) throw new AgentException(ResultCode.POLICY_NOT_FOUND, field, "no policy for " + p.getCounty() + " and " + year);
        return policy;
    }

    private static List<CategoryHolding> holdings(Person p) {
        return p.getCategoriesList().stream().map(c -> new CategoryHolding(onestop.engine.domain.Category.valueOf(c.getCategory().name()),
                c.getFrom().isEmpty() ? null : LocalDate.parse(c.getFrom()), c.getTo().isEmpty() ? null : LocalDate.parse(c.getTo()))).toList();
    }

    @Override
    public synchronized EligibilityDecision checkEligibility(CheckEligibilityRequest r) {
        contact();
        Person p = known(r.getIdNumber());
        LocalDate date = LocalDate.parse(r.getDate());
        Policy policy = policy(p, date.getYear(), "date");
        var d = eligibilityEngine.decide(policy, new EligibilityQuery(p.getCounty(), p.getInsuredYearsList().contains(date.getYear()),
                holdings(p), HOSPITAL.getCounty(), HOSPITAL.getDesignated(), date,
                onestop.engine.domain.Document.valueOf(r.getDocument().name()), r.getReferral(), r.getAgreementSigned()));
        EligibilityDecision.Builder b = EligibilityDecision.newBuilder().setDepositWaiver(d.depositWaiver())
                .setPayAfterTreatment(d.payAfterTreatment()).setPolicyId(policy.id());
        if (d.category() != null) b.setCategory(onestop.v1.Category.valueOf(d.category().name()));
        d.reasons().forEach(x -> b.addReasons(onestop.v1.EligibilityReason.valueOf(x.name())));
        return b.build();
    }

    /** The engine's visit for a request, at the hospital's level when the request names none; or the rejection. */
    private onestop.engine.domain.Visit visit(onestop.v1.Visit v) {
        var level = v.getHospitalLevel() == onestop.v1.HospitalLevel.HOSPITAL_LEVEL_UNSPECIFIED ? HOSPITAL.getLevel() : v.getHospitalLevel();
        Outcome<onestop.engine.domain.Visit> visit = onestop.engine.domain.Visit.of(v.getSettlementId(), LocalDate.parse(v.getDate()),
                onestop.engine.domain.VisitType.valueOf(v.getType().name()), onestop.engine.domain.HospitalLevel.valueOf(level.name()),
                v.getTotalFen(), v.getOutOfScopeFen(), v.getPriorSelfPayFen(), v.getSpecialDisease().isEmpty() ? null : v.getSpecialDisease());
        if (!visit.isOk()) throw rejected(visit.rejection());
        return visit.value();
    }

    private YearLedger ledger(Person p, int year) {
        Policy policy = policy(p, year, "visit.date");
        return ledgers.computeIfAbsent(p.getIdNumber() + "/" + year, k -> new YearLedger(engine, policy,
                new onestop.engine.domain.Person(onestop.engine.domain.Scheme.valueOf(p.getScheme().name()), holdings(p)), Accumulators.ZERO));
    }

    private static SettlementResult result(onestop.engine.domain.settlement.SettlementResult r) {
        return onestop.wire.EngineMessages.result(r);
    }

    @Override
    public synchronized SettlementResult preSettle(SettleRequest r) {
        contact();
        Person p = known(r.getIdNumber());
        onestop.engine.domain.Visit v = visit(r.getVisit());
        YearLedger ledger = ledger(p, v.date().getYear());
        var outcome = engine.settle(policy(p, v.date().getYear(), "visit.date"),
                new onestop.engine.domain.Person(onestop.engine.domain.Scheme.valueOf(p.getScheme().name()), holdings(p)), v, ledger.totals());
        if (!outcome.isOk()) throw rejected(outcome.rejection());
        return result(outcome.value());
    }

    private Settlement replay(String requestId) {
        Object prior = answered.get(requestId);
        if (prior instanceof Rejection rej) throw rejected(rej);
        return (Settlement) prior;
    }

    @Override
    public synchronized Settlement settle(SettleRequest r) {
        contact();
        settleCalls.incrementAndGet();
        if (answered.containsKey(r.getRequestId())) return replay(r.getRequestId());
        Person p = known(r.getIdNumber());
        onestop.engine.domain.Visit v = visit(r.getVisit());
        if (settlements.containsKey(v.id())) {
            Rejection dup = Rejection.of(ResultCode.DUPLICATE_SETTLEMENT, "visit.settlement_id", "settlement " + v.id() + " already exists");
            answered.put(r.getRequestId(), dup);
            throw rejected(dup);
        }
        var outcome = ledger(p, v.date().getYear()).settle(v);
        if (!outcome.isOk()) throw rejected(outcome.rejection());
        Settlement s = Settlement.newBuilder().setHospitalCode(HOSPITAL.getCode()).setSettlementId(v.id())
                .setIdNumberMasked(IdNumber.mask(p.getIdNumber())).setStatus(SettlementStatus.SETTLED).setResult(result(outcome.value()))
                .setSettlementDate(v.date().toString()).setSettledAtMillis(clock.millis())
                .setOfflineMadeAtMillis(r.getOfflineMadeAtMillis()).build();
        if (r.hasProvisional()) s = s.toBuilder().setProvisional(r.getProvisional()).build(); // kept beside, as the server does
        settlements.put(v.id(), s);
        answered.put(r.getRequestId(), s);
        patients.put(v.id(), p.getIdNumber());
        return s;
    }

    @Override
    public synchronized Settlement reverse(ReverseRequest r) {
        contact();
        reverseCalls.incrementAndGet();
        if (answered.containsKey(r.getRequestId())) return replay(r.getRequestId());
        Settlement s = settlements.get(r.getSettlementId());
        if (s == null) throw new AgentException(ResultCode.UNKNOWN_SETTLEMENT, "settlement_id", "no settlement " + r.getSettlementId());
        var outcome = ledgers.get(patients.get(s.getSettlementId()) + "/" + LocalDate.parse(s.getSettlementDate()).getYear())
                .reverse(s.getSettlementId());
        if (!outcome.isOk()) throw rejected(outcome.rejection());
        Settlement reversed = s.toBuilder().setStatus(SettlementStatus.REVERSED).setReversedAtMillis(clock.millis())
                .setReverseReason(r.getReason()).build();
        settlements.put(s.getSettlementId(), reversed);
        answered.put(r.getRequestId(), reversed);
        return reversed;
    }

    @Override
    public synchronized Settlement getSettlement(GetSettlementRequest r) {
        contact();
        Settlement s = settlements.get(r.getSettlementId());
        if (s == null) throw new AgentException(ResultCode.UNKNOWN_SETTLEMENT, "settlement_id", "no settlement " + r.getSettlementId());
        return s;
    }

    @Override
    public synchronized VoucherHolder resolveVoucher(String code) {
        contact();
        String id = vouchers.get(code);
        if (id == null) throw new AgentException(ResultCode.VOUCHER_INVALID, "code", "not a code this server signed");
        return VoucherHolder.newBuilder().setIdNumber(id).setName(persons.get(id).getName()).build();
    }

    @Override
    public synchronized PolicySnapshot policySnapshot(PolicySnapshotRequest r) {
        contact();
        return PolicySnapshot.newBuilder().addAllPolicies(documents).build();
    }

    @Override
    public synchronized void streamRoster(RosterRequest r, int batch, Consumer<List<RosterEntry>> sink) {
        contact();
        long version = 0;
        List<RosterEntry> filling = new ArrayList<>();
        for (Person p : persons.values().stream().sorted(java.util.Comparator.comparing(Person::getIdNumber)).toList()) {
            version++;
            if (version <= r.getSinceVersion()) continue;
            filling.add(RosterEntry.of(RosterDelta.newBuilder().setVersion(version).setPerson(p).build()));
            if (filling.size() == batch) {
                sink.accept(filling);
                filling = new ArrayList<>();
            }
        }
        if (!filling.isEmpty()) sink.accept(filling);
    }

    @Override
    public AgentReportAck report(AgentReport r) {
        contact();
        return AgentReportAck.newBuilder().setServerTimeMillis(clock.millis()).setHospital(HOSPITAL).build();
    }

    @Override
    public boolean linkDown() {
        return down.get();
    }

    @Override
    public boolean reachable() {
        return !down.get() && lastContact > 0;
    }

    @Override
    public long lastContactMillis() {
        return lastContact;
    }
}
