package onestop.agent.application;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import onestop.agent.domain.AgentException;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.engine.domain.eligibility.EligibilityReason;
import onestop.engine.domain.policy.Policy;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.Person;

/**
 * 免押金 / 先诊疗后付费 at admission: the server's decision when it answers; when it does not, the same engine's
 * decision from the local roster, the local policy and the hospital as last registered, marked as local.
 */
public final class Eligibility {
    private final CentralServer server;
    private final LocalStore store;
    private final LocalPolicies policies;
    private final HospitalInfo hospital;
    private final EligibilityEngine engine = new EligibilityEngine();

    public Eligibility(CentralServer server, LocalStore store, LocalPolicies policies, HospitalInfo hospital) {
        this.server = server;
        this.store = store;
        this.policies = policies;
        this.hospital = hospital;
    }

    public record Query(String idNumber, LocalDate date, Document document, boolean referral, boolean agreementSigned) {}

    /** @param source "server" or "local" */
    public record Answer(EligibilityDecision decision, String policyId, String source) {}

    public Answer decide(Query q) {
        try {
            onestop.v1.EligibilityDecision d = server.checkEligibility(CheckEligibilityRequest.newBuilder().setIdNumber(q.idNumber())
                    .setDate(q.date().toString()).setDocument(onestop.v1.Document.valueOf(q.document().name())).setReferral(q.referral())
                    .setAgreementSigned(q.agreementSigned()).build());
            List<EligibilityReason> reasons = d.getReasonsList().stream().map(r -> EligibilityReason.valueOf(r.name())).toList();
            Category c = d.getCategory() == onestop.v1.Category.CATEGORY_UNSPECIFIED ? null : Category.valueOf(d.getCategory().name());
            return new Answer(new EligibilityDecision(d.getDepositWaiver(), d.getPayAfterTreatment(), c, reasons), d.getPolicyId(), "server");
        } catch (AgentException e) {
            if (e.code() != ResultCode.SERVER_UNREACHABLE) throw e;
            return decideLocally(q);
        }
    }

    /** The decision from what this agent keeps: the same engine, the roster and policy as last synced. */
    public Answer decideLocally(Query q) {
        Person p = store.person(q.idNumber()).orElseThrow(() -> new AgentException(ResultCode.PERSON_NOT_FOUND, "id_number",
                "no insured person " + IdNumber.mask(q.idNumber()) + " in the local roster (offline: the server did not answer)"));
        onestop.v1.Hospital h = hospital.current().orElseThrow(() -> new AgentException(ResultCode.SERVER_UNREACHABLE, "",
                "the server has not answered since this agent started: the hospital's registration is not known yet"));
        int year = q.date().getYear();
        Policy policy = policies.active(p.getCounty().substring(0, 4) + "00", year, "date");
        EligibilityDecision d = engine.decide(policy, new EligibilityQuery(p.getCounty(), p.getInsuredYearsList().contains(year),
                holdings(p), h.getCounty(), h.getDesignated(), q.date(), q.document(), q.referral(), q.agreementSigned()));
        return new Answer(d, policy.id(), "local");
    }

    static List<CategoryHolding> holdings(Person p) {
        List<CategoryHolding> out = new ArrayList<>();
        for (onestop.v1.CategoryPeriod c : p.getCategoriesList()) {
            out.add(new CategoryHolding(Category.valueOf(c.getCategory().name()), date(c.getFrom()), date(c.getTo())));
        }
        return out;
    }

    private static LocalDate date(String iso) {
        return iso.isEmpty() ? null : LocalDate.parse(iso);
    }

    /** The person's name from the local roster, for pages and statements ("" when not known here). */
    public String nameOf(String idNumber) {
        return store.person(idNumber).map(Person::getName).orElse("");
    }

    public Optional<Person> localPerson(String idNumber) {
        return store.person(idNumber);
    }
}
