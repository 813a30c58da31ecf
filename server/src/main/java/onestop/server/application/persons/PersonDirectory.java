package onestop.server.application.persons;

import java.time.LocalDate;
import java.util.Optional;
import onestop.engine.application.EligibilityEngine;
import onestop.engine.application.Inputs;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Outcome;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityQuery;
import onestop.server.application.Callers;
import onestop.server.application.Checks;
import onestop.server.application.policy.LoadedPolicy;
import onestop.server.application.policy.PolicyRegistry;
import onestop.server.application.ports.Store;
import onestop.server.application.security.VoucherCodes;
import onestop.server.application.settlement.LedgerService;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.Role;

/** Insured persons and the admission decision (免押金 / 先诊疗后付费), SETTLEMENT.md §7. */
public final class PersonDirectory {
    private final Store store;
    private final PolicyRegistry policies;
    private final EligibilityEngine eligibility;
    private final VoucherCodes vouchers;

    public PersonDirectory(Store store, PolicyRegistry policies, EligibilityEngine eligibility, VoucherCodes vouchers) {
        this.store = store;
        this.policies = policies;
        this.eligibility = eligibility;
        this.vouchers = vouchers;
    }

    /**
     * An insured person with name and identities. A hospital sees persons insured in its own region only: one of
     * another region is PERMISSION_DENIED (its agent can still check eligibility and settle, which return no
     * person); office callers see everyone.
     */
    public Outcome<PersonRecord> person(Caller caller, String idNumber) {
        Outcome<String> id = Checks.idNumber("id_number", idNumber);
        if (!id.isOk()) return Outcome.rejected(id.rejection());
        return store.read(tx -> {
            Hospital hospital = null;
            if (caller.isHospital()) {
                Outcome<Hospital> h = Callers.registeredHospital(tx, caller);
                if (!h.isOk()) return Outcome.rejected(h.rejection());
                hospital = h.value();
            }
            Optional<PersonRecord> person = tx.person(id.value());
            if (person.isEmpty()) {
                return Outcome.rejected(ResultCode.PERSON_NOT_FOUND, "id_number", "no insured person " + IdNumber.mask(id.value()));
            }
            if (hospital != null && !hospital.regionCovers(person.get().county())) {
                return Outcome.rejected(ResultCode.PERMISSION_DENIED, "id_number", IdNumber.mask(id.value())
                        + " is insured outside hospital " + hospital.code() + "'s region " + hospital.region()
                        + ": a hospital sees persons of its own region only");
            }
            return Outcome.ok(person.get());
        });
    }

    public record VoucherHolder(String idNumber, String name, long expiresAtMillis) {}

    /** The person a scanned 医保电子凭证 code names: ID number and name, for any hospital (the patient showed it). */
    public Outcome<VoucherHolder> resolveVoucher(Caller caller, String code) {
        Outcome<VoucherCodes.Holder> holder = vouchers.resolve(code);
        if (!holder.isOk()) return Outcome.rejected(holder.rejection());
        String id = holder.value().idNumber();
        return store.read(tx -> tx.person(id)).<Outcome<VoucherHolder>>map(p -> Outcome.ok(new VoucherHolder(p.idNumber(), p.name(),
                holder.value().expiresAtMillis()))).orElseGet(() -> Outcome.rejected(ResultCode.PERSON_NOT_FOUND, "code",
                "the code names no insured person " + IdNumber.mask(id)));
    }

    /** Issues a code for an insured person: the national platform's app in demos and tests (ADMIN only). */
    public Outcome<VoucherCodes.Code> issueVoucher(Caller caller, String idNumber) {
        if (caller.role() != Role.ADMIN) {
            return Outcome.rejected(ResultCode.PERMISSION_DENIED, "", "issuing e-voucher codes needs the role ADMIN");
        }
        Outcome<String> id = Checks.idNumber("id_number", idNumber);
        if (!id.isOk()) return Outcome.rejected(id.rejection());
        if (store.read(tx -> tx.person(id.value())).isEmpty()) {
            return Outcome.rejected(ResultCode.PERSON_NOT_FOUND, "id_number", "no insured person " + IdNumber.mask(id.value()));
        }
        return Outcome.ok(vouchers.issue(id.value()));
    }

    public record Decision(EligibilityDecision decision, String policyId) {}

    /**
     * @param document null when the caller gave none or an unknown one
     */
    public Outcome<Decision> eligibility(Caller caller, String hospitalCode, String idNumber, String date, Document document,
                                         boolean referral, boolean agreementSigned) {
        Outcome<String> hospitalOutcome = LedgerService.hospitalFor(caller, hospitalCode);
        if (!hospitalOutcome.isOk()) return Outcome.rejected(hospitalOutcome.rejection());
        Outcome<String> id = Checks.idNumber("id_number", idNumber);
        if (!id.isOk()) return Outcome.rejected(id.rejection());
        Outcome<LocalDate> day = Inputs.date("date", date);
        if (!day.isOk()) return Outcome.rejected(day.rejection());
        if (document == null) {
            return Outcome.rejected(ResultCode.UNKNOWN_DOCUMENT, "document",
                    "document must be ID_CARD, SOCIAL_SECURITY_CARD, HOUSEHOLD_REGISTER or E_VOUCHER");
        }
        return store.read(tx -> {
            Optional<Hospital> hospital = tx.hospital(hospitalOutcome.value());
            if (hospital.isEmpty()) {
                return Outcome.rejected(ResultCode.HOSPITAL_NOT_FOUND, "hospital_code", "hospital " + hospitalOutcome.value() + " is not registered");
            }
            Optional<PersonRecord> person = tx.person(id.value());
            if (person.isEmpty()) {
                return Outcome.rejected(ResultCode.PERSON_NOT_FOUND, "id_number", "no insured person " + IdNumber.mask(id.value()));
            }
            Optional<LoadedPolicy> policy = policies.active(person.get().policyRegion(), day.value().getYear());
            if (policy.isEmpty()) {
                return Outcome.rejected(ResultCode.POLICY_NOT_FOUND, "date",
                        "no policy for region " + person.get().policyRegion() + " and year " + day.value().getYear());
            }
            PersonRecord p = person.get();
            EligibilityDecision d = eligibility.decide(policy.get().policy(), new EligibilityQuery(p.county(),
                    p.insuredIn(day.value().getYear()), p.holdings(), hospital.get().county(), hospital.get().designated(),
                    day.value(), document, referral, agreementSigned));
            return Outcome.ok(new Decision(d, policy.get().policy().id()));
        });
    }
}
