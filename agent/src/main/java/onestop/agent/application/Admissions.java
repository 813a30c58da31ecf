package onestop.agent.application;

import java.time.Clock;
import java.util.stream.Collectors;

/**
 * 入院登记: the eligibility decision with the document shown and, where the region asks for it, the signed
 * 先诊疗后付费 agreement, recorded on this disk (durably, before the answer) so that the counter can show what was
 * decided and on what grounds.
 */
public final class Admissions {
    private final Eligibility eligibility;
    private final LocalStore store;
    private final Clock clock;

    public Admissions(Eligibility eligibility, LocalStore store, Clock clock) {
        this.eligibility = eligibility;
        this.store = store;
        this.clock = clock;
    }

    public record Admitted(long id, String name, boolean agreementSigned, long admittedAtMillis, Eligibility.Answer answer) {}

    /** An admission recorded at this counter. */
    public java.util.Optional<LocalStore.Admission> find(long id) {
        return store.admission(id);
    }

    public Admitted admit(Eligibility.Query q, String typedName) {
        Eligibility.Answer a = eligibility.decide(q);
        String name = typedName == null || typedName.isBlank() ? eligibility.nameOf(q.idNumber()) : typedName.strip();
        long now = clock.millis();
        var d = a.decision();
        long id = store.insertAdmission(new LocalStore.Admission(0, q.idNumber(), name, q.document().name(), q.date().toString(),
                d.depositWaiver(), d.payAfterTreatment(), d.category() == null ? "" : d.category().name(),
                d.reasons().stream().map(Enum::name).collect(Collectors.joining(",")), a.source(), q.agreementSigned(), now));
        return new Admitted(id, name, q.agreementSigned(), now, a);
    }
}
