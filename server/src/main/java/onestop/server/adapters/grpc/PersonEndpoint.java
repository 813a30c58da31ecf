package onestop.server.adapters.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import onestop.engine.domain.Category;
import onestop.server.application.persons.PersonDirectory;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.EligibilityReason;
import onestop.v1.GetPersonRequest;
import onestop.v1.Person;
import onestop.v1.PersonServiceGrpc;

/** onestop.v1.PersonService over {@link PersonDirectory}. */
@Singleton
public final class PersonEndpoint extends PersonServiceGrpc.PersonServiceImplBase {
    private final PersonDirectory persons;

    public PersonEndpoint(PersonDirectory persons) {
        this.persons = persons;
    }

    @Override
    public void getPerson(GetPersonRequest r, StreamObserver<Person> out) {
        GrpcErrors.respond(out, () -> persons.person(AuthInterceptor.caller(), r.getIdNumber()), ProtoMapping::person);
    }

    @Override
    public void resolveVoucherCode(onestop.v1.ResolveVoucherCodeRequest r, StreamObserver<onestop.v1.VoucherHolder> out) {
        GrpcErrors.respond(out, () -> persons.resolveVoucher(AuthInterceptor.caller(), r.getCode()), h -> onestop.v1.VoucherHolder.newBuilder()
                .setIdNumber(h.idNumber()).setName(h.name()).setExpiresAtMillis(h.expiresAtMillis()).build());
    }

    @Override
    public void issueVoucherCode(onestop.v1.IssueVoucherCodeRequest r, StreamObserver<onestop.v1.VoucherCode> out) {
        GrpcErrors.respond(out, () -> persons.issueVoucher(AuthInterceptor.caller(), r.getIdNumber()), c -> onestop.v1.VoucherCode.newBuilder()
                .setCode(c.code()).setExpiresAtMillis(c.expiresAtMillis()).build());
    }

    @Override
    public void checkEligibility(CheckEligibilityRequest r, StreamObserver<EligibilityDecision> out) {
        GrpcErrors.respond(out, () -> persons.eligibility(AuthInterceptor.caller(), r.getHospitalCode(), r.getIdNumber(), r.getDate(),
                ProtoMapping.document(r.getDocument()), r.getReferral(), r.getAgreementSigned()), d -> {
                    EligibilityDecision.Builder b = EligibilityDecision.newBuilder()
                            .setDepositWaiver(d.decision().depositWaiver())
                            .setPayAfterTreatment(d.decision().payAfterTreatment())
                            .setPolicyId(d.policyId());
                    Category c = d.decision().category();
                    if (c != null) b.setCategory(onestop.v1.Category.valueOf(c.name()));
                    d.decision().reasons().forEach(reason -> b.addReasons(EligibilityReason.valueOf(reason.name())));
                    return b.build();
                });
    }
}
