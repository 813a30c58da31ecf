package onestop.server.application.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import onestop.engine.application.SettlementEngine;
import onestop.engine.application.policy.PolicyException;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.Person;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.Visit;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.server.application.Checks;
import onestop.server.application.Roles;
import onestop.server.application.admin.AdminService;
import onestop.server.application.persons.PeriodInput;
import onestop.server.application.ports.Store;
import onestop.server.application.settlement.BillCheck;
import onestop.server.application.settlement.SettleCommand;
import onestop.server.domain.Caller;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PolicyDocument;

/**
 * 试算, a what-if before a policy goes live: a person's bills run one after another through the engine against a stored
 * policy or a draft text, the year's accumulators carried from bill to bill, as the ledger settles one person-year (the
 * engine's settle with the person and the year so far, bill by bill). Nothing is stored or audited.
 */
public final class PolicyTrial {
    public static final int MAX_BILLS = 50;
    /** The draft's name in its problems, as ValidatePolicy names the file it is given. */
    public static final String DRAFT_NAME = "draft.yaml";
    /** The year so far, each amount: far above any year, and 50 bills on top of it cannot overflow. */
    static final long MAX_STARTING_FEN = Money.MAX_AMOUNT_FEN;
    static final int MAX_STARTING_ADMISSIONS = 10_000;
    static final int MAX_STARTING_TIERS = 20;

    private final Store store;
    private final PolicyRegistry policies;
    private final SettlementEngine engine;

    public PolicyTrial(Store store, PolicyRegistry policies, SettlementEngine engine) {
        this.store = store;
        this.policies = policies;
        this.engine = engine;
    }

    /** The policy to try: a stored one by id, or a draft text; exactly one is non-null. */
    public record Choice(String policyId, String draftYaml) {}

    /**
     * The person as the engine sees them, as sent.
     *
     * @param scheme       null when the caller gave none or an unknown value
     * @param county       6-digit area code, or empty
     * @param insuredYears empty: insured in the policy's year
     */
    public record Profile(Scheme scheme, String county, List<Integer> insuredYears, List<PeriodInput> identities) {}

    /** One bill: what the engine paid and the year after it, or why it refused the bill (the year unchanged). */
    public record Tried(int index, SettlementResult result, Accumulators after, Rejection rejection) {}

    /** The policy used, or (null) the draft's problem, then no bill ran. */
    public record Trial(PolicyDocument policy, String problem, List<Tried> bills) {}

    /** @param bills a bill without a settlement id is {@code bill-N} (N from 1); its hospital level is required */
    public Outcome<Trial> run(Caller caller, Choice choice, Profile profile, List<SettleCommand> bills, Accumulators starting) {
        Rejection bad = Roles.allow(caller, Roles.READERS, "trying bills against a policy");
        if (bad == null) bad = choice(choice);
        if (bad != null) return Outcome.rejected(bad);
        Outcome<Person> person = person(profile);
        if (!person.isOk()) return Outcome.rejected(person.rejection());
        Outcome<List<Visit>> visits = visits(bills);
        if (!visits.isOk()) return Outcome.rejected(visits.rejection());
        Accumulators year = starting == null ? Accumulators.ZERO : starting;
        bad = BillCheck.accumulators("starting", year, MAX_STARTING_FEN, MAX_STARTING_ADMISSIONS);
        if (bad == null && year.supplementary().size() > MAX_STARTING_TIERS) {
            bad = Checks.invalid("starting.supplementary", "starting.supplementary has more than " + MAX_STARTING_TIERS + " tiers");
        }
        if (bad != null) return Outcome.rejected(bad);

        LoadedPolicy policy;
        if (choice.policyId() != null) {
            Optional<PolicyDocument> stored = current(choice.policyId());
            if (stored.isEmpty()) {
                return Outcome.rejected(ResultCode.POLICY_NOT_FOUND, "policy_id", "no policy " + choice.policyId() + " is stored");
            }
            policy = policies.loaded(stored.get());
        } else {
            try {
                policy = policies.draft(DRAFT_NAME, choice.draftYaml());
            } catch (PolicyException e) {
                return Outcome.ok(new Trial(null, e.getMessage(), List.of()));
            }
        }
        int policyYear = policy.policy().year();
        for (int i = 0; i < visits.value().size(); i++) {
            Visit v = visits.value().get(i);
            if (v.date().getYear() != policyYear) {
                return Outcome.rejected(Checks.invalid("bills[" + i + "].date", "bills[" + i + "].date " + v.date()
                        + " is not in policy " + policy.policy().id() + "'s year " + policyYear + ": bills are tried within its year"));
            }
        }
        SortedSet<Integer> insured = Checks.insuredYears("person.insured_years", profile.insuredYears()).value();
        Rejection notInsured = insured.isEmpty() || insured.contains(policyYear) ? null
                : Rejection.of(ResultCode.NOT_INSURED_FOR_YEAR, "person.insured_years", "the person is not insured for " + policyYear);
        List<Tried> tried = new ArrayList<>(visits.value().size());
        for (int i = 0; i < visits.value().size(); i++) {
            Outcome<SettlementResult> r = notInsured != null ? Outcome.rejected(notInsured)
                    : engine.settle(policy.policy(), person.value(), visits.value().get(i), year);
            if (r.isOk()) {
                year = r.value().after();
                tried.add(new Tried(i, r.value(), year, null));
            } else {
                tried.add(new Tried(i, null, year, named(i, r.rejection())));
            }
        }
        return Outcome.ok(new Trial(policy.document(), "", List.copyOf(tried)));
    }

    private static Rejection choice(Choice c) {
        if (c.policyId() != null) return Checks.policyId("policy_id", c.policyId());
        if (c.draftYaml() == null) return Checks.invalid("policy", "policy_id or draft_yaml is required");
        if (c.draftYaml().isBlank()) return Checks.invalid("draft_yaml", "draft_yaml is empty");
        if (c.draftYaml().length() > AdminService.MAX_POLICY_CHARS) {
            return Checks.invalid("draft_yaml", "draft_yaml is longer than " + AdminService.MAX_POLICY_CHARS + " characters");
        }
        return null;
    }

    private static Outcome<Person> person(Profile p) {
        if (p.scheme() == null) return Outcome.rejected(ResultCode.UNKNOWN_SCHEME, "person.scheme", "person.scheme must be EMPLOYEE or RESIDENT");
        Rejection bad = p.county() == null || p.county().isEmpty() ? null : Checks.areaCode("person.county", p.county());
        if (bad != null) return Outcome.rejected(bad);
        Outcome<SortedSet<Integer>> years = Checks.insuredYears("person.insured_years", p.insuredYears());
        if (!years.isOk()) return Outcome.rejected(years.rejection());
        Outcome<List<IdentityPeriod>> ids = PeriodInput.check("person.categories", p.identities(), "", "trial");
        if (!ids.isOk()) return Outcome.rejected(ids.rejection());
        return Outcome.ok(new Person(p.scheme(), ids.value().stream().map(IdentityPeriod::holding).toList()));
    }

    private static Outcome<List<Visit>> visits(List<SettleCommand> bills) {
        if (bills.isEmpty() || bills.size() > MAX_BILLS) {
            return Outcome.rejected(Checks.invalid("bills", "bills must hold 1 to " + MAX_BILLS + " bills, got " + bills.size()));
        }
        List<Visit> visits = new ArrayList<>(bills.size());
        for (int i = 0; i < bills.size(); i++) {
            String prefix = "bills[" + i + "]";
            SettleCommand c = bills.get(i);
            if (c.settlementId() == null || c.settlementId().isEmpty()) {
                c = new SettleCommand(c.requestId(), c.idNumber(), "bill-" + (i + 1), c.date(), c.type(), c.hospitalLevel(), c.totalFen(),
                        c.outOfScopeFen(), c.priorSelfPayFen(), c.specialDisease(), c.offlineMadeAtMillis(), c.provisional());
            }
            HospitalLevel level = c.hospitalLevel();
            if (level == null) {
                return Outcome.rejected(ResultCode.UNKNOWN_HOSPITAL_LEVEL, prefix + ".hospital_level",
                        prefix + ".hospital_level must be PRIMARY, SECONDARY or TERTIARY (a bill tried has no hospital to take it from)");
            }
            Outcome<Visit> v = BillCheck.visit(prefix, c, level);
            if (!v.isOk()) return Outcome.rejected(v.rejection());
            visits.add(v.value());
        }
        return Outcome.ok(visits);
    }

    /** The version new settlements use when the id has one in force, else the one loaded last. */
    private Optional<PolicyDocument> current(String policyId) {
        List<PolicyDocument> versions = store.read(tx -> tx.policyVersions(policyId, PolicyRegistry.MAX_VERSIONS));
        return versions.stream().filter(PolicyDocument::active).findFirst()
                .or(() -> versions.stream().max(Comparator.comparingLong(PolicyDocument::loadedAtMillis)));
    }

    /** The engine's rejection of bill {@code i}, its field in the request's words. */
    private static Rejection named(int i, Rejection r) {
        return r.field().equals("scheme") ? Rejection.of(r.code(), "person.scheme", r.message()) : BillCheck.named("bills[" + i + "]", r);
    }
}
