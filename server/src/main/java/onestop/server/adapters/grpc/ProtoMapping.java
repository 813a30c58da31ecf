package onestop.server.adapters.grpc;

import java.util.LinkedHashMap;
import java.util.Map;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.Mode;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;
import onestop.server.application.persons.PeriodInput;
import onestop.server.application.settlement.ProvisionalResult;
import onestop.server.application.settlement.SettleCommand;
import onestop.server.domain.FundTotals;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.OfflineTotals;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.server.domain.Provisional;
import onestop.server.domain.StoredSettlement;
import onestop.v1.SettleRequest;
import onestop.wire.EngineMessages;

/** Messages of onestop.v1 to the application's types and back; no decisions here. */
final class ProtoMapping {
    private ProtoMapping() {}

    /** Engine enum by name; null for UNSPECIFIED or a number this server does not know. */
    static <E extends Enum<E>> E known(Class<E> type, com.google.protobuf.ProtocolMessageEnum value) {
        if (unrecognized(value) || value.getNumber() <= 0) return null;
        try {
            return Enum.valueOf(type, ((Enum<?>) value).name());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean unrecognized(com.google.protobuf.ProtocolMessageEnum value) {
        return ((Enum<?>) value).name().equals("UNRECOGNIZED");
    }

    static SettleCommand command(SettleRequest r) {
        return command(r.getRequestId(), r.getIdNumber(), r.getVisit(), r.getOfflineMadeAtMillis(),
                r.hasProvisional() ? provisional(r.getProvisional()) : null);
    }

    /** A bill tried against a policy: no request, no person, no offline history. */
    static SettleCommand bill(onestop.v1.Visit v) {
        return command("", "", v, 0, null);
    }

    private static SettleCommand command(String requestId, String idNumber, onestop.v1.Visit v, long offlineMadeAtMillis,
                                         ProvisionalResult provisional) {
        return new SettleCommand(requestId, idNumber, v.getSettlementId(), v.getDate(),
                known(VisitType.class, v.getType()), known(HospitalLevel.class, v.getHospitalLevel()),
                v.getTotalFen(), v.getOutOfScopeFen(), v.getPriorSelfPayFen(), v.getSpecialDisease(), offlineMadeAtMillis, provisional);
    }

    /** What an agent computed offline, as sent: the application checks it. */
    static ProvisionalResult provisional(onestop.v1.SettlementResult p) {
        return new ProvisionalResult(p.getSettlementId(), p.getPolicyId(), known(Mode.class, p.getMode()), p.getTotalFen(),
                p.getCompliantFen(), p.getBasicPayFen(), p.getCiPayFen(),
                p.getSupplementaryList().stream().map(s -> new ProvisionalResult.Pay(s.getTierId(), s.getPayFen())).toList(),
                p.getAssistancePayFen(), p.getAssistanceCategory(), p.getFundPayFen(), p.getHospitalAbsorbedFen(), p.getPatientPayFen(),
                p.getAlert(), accumulators(p.getDelta()), accumulators(p.getAfter()));
    }

    // the engine's values as messages and back: one mapping with the agent's (onestop.wire.EngineMessages)
    static Accumulators accumulators(onestop.v1.Accumulators a) {
        return EngineMessages.accumulators(a);
    }

    static onestop.v1.Accumulators accumulators(Accumulators a) {
        return EngineMessages.accumulators(a);
    }

    static onestop.v1.SettlementResult result(SettlementResult r) {
        return EngineMessages.result(r);
    }

    static onestop.v1.Settlement settlement(StoredSettlement s) {
        onestop.v1.Settlement.Builder b = onestop.v1.Settlement.newBuilder()
                .setHospitalCode(s.hospitalCode())
                .setSettlementId(s.settlementId())
                .setIdNumberMasked(IdNumber.mask(s.idNumber()))
                .setStatus(onestop.v1.SettlementStatus.valueOf(s.status().name()))
                .setResult(result(s.result()))
                .setSettlementDate(s.date().toString())
                .setSettledAtMillis(s.settledAtMillis())
                .setReversedAtMillis(s.reversedAtMillis())
                .setReverseReason(s.reverseReason())
                .setOfflineMadeAtMillis(s.offlineMadeAtMillis());
        if (s.provisional() != null) b.setProvisional(result(s.provisional().result()));
        return b.build();
    }

    /** A settlement forwarded from an agent's offline journal, with its provisional result and the difference. */
    static onestop.v1.OfflineDifference offlineDifference(StoredSettlement s) {
        Provisional p = s.provisional();
        Provisional.Difference d = p.difference();
        return onestop.v1.OfflineDifference.newBuilder()
                .setHospitalCode(s.hospitalCode())
                .setSettlementId(s.settlementId())
                .setIdNumberMasked(IdNumber.mask(s.idNumber()))
                .setSettlementDate(s.date().toString())
                .setOfflineMadeAtMillis(p.offlineMadeAtMillis())
                .setSettledAtMillis(s.settledAtMillis())
                .setBasicFen(d.basicFen())
                .setCriticalIllnessFen(d.criticalIllnessFen())
                .setSupplementaryFen(d.supplementaryFen())
                .setAssistanceFen(d.assistanceFen())
                .setHospitalAbsorbedFen(d.hospitalAbsorbedFen())
                .setPatientFen(d.patientFen())
                .setProvisional(result(p.result()))
                .setAuthoritative(result(s.result()))
                .build();
    }

    static onestop.v1.CategoryPeriod period(CategoryHolding h) {
        return onestop.v1.CategoryPeriod.newBuilder()
                .setCategory(onestop.v1.Category.valueOf(h.category().name()))
                .setFrom(h.from() == null ? "" : h.from().toString())
                .setTo(h.to() == null ? "" : h.to().toString())
                .build();
    }

    static onestop.v1.Person person(PersonRecord p) {
        onestop.v1.Person.Builder b = onestop.v1.Person.newBuilder()
                .setIdNumber(p.idNumber())
                .setName(p.name())
                .setScheme(onestop.v1.Scheme.valueOf(p.scheme().name()))
                .setCounty(p.county())
                .addAllInsuredYears(p.insuredYears());
        for (IdentityPeriod i : p.identities()) b.addCategories(period(i.holding()));
        return b.build();
    }

    static onestop.v1.PolicyDocument policy(PolicyDocument d) {
        return onestop.v1.PolicyDocument.newBuilder()
                .setPolicyId(d.policyId())
                .setRegion(d.region())
                .setYear(d.year())
                .setYaml(d.yaml())
                .setSha256(d.sha256())
                .setLoadedAtMillis(d.loadedAtMillis())
                .build();
    }

    /** A policy text checked: valid with its id, region and year, or not with its problem (one line naming the file and field). */
    static onestop.v1.PolicyValidation validation(PolicyDocument documentOrNull, String problem) {
        onestop.v1.PolicyValidation.Builder b = onestop.v1.PolicyValidation.newBuilder().setValid(documentOrNull != null).setProblem(problem);
        if (documentOrNull != null) {
            b.setPolicyId(documentOrNull.policyId()).setRegion(documentOrNull.region()).setYear(documentOrNull.year());
        }
        return b.build();
    }

    static onestop.v1.DailySummary daily(FundTotals t, OfflineTotals offline, String date) {
        return onestop.v1.DailySummary.newBuilder()
                .setHospitalCode(t.hospitalCode())
                .setDate(date)
                .setSettledCount(t.settledCount())
                .setReversedCount(t.reversedCount())
                .setTotalFen(t.totalFen())
                .setBasicFen(t.basicFen())
                .setCriticalIllnessFen(t.criticalIllnessFen())
                .setSupplementaryFen(t.supplementaryFen())
                .setAssistanceFen(t.assistanceFen())
                .setFundFen(t.fundFen())
                .setHospitalAbsorbedFen(t.hospitalAbsorbedFen())
                .setPatientFen(t.patientFen())
                .setOfflineCount(offline.count())
                .setOfflineDifferingCount(offline.differingCount())
                .setOfflinePatientOwesFen(offline.patientOwesFen())
                .setOfflinePatientOwedFen(offline.patientOwedFen())
                .build();
    }

    /** A person's identity periods as sent (the application checks them). */
    static java.util.List<PeriodInput> periods(java.util.List<onestop.v1.CategoryPeriod> periods) {
        return periods.stream().map(c -> new PeriodInput(category(c.getCategory()), c.getFrom(), c.getTo())).toList();
    }

    static Document document(onestop.v1.Document d) {
        return known(Document.class, d);
    }

    static Scheme scheme(onestop.v1.Scheme s) {
        return known(Scheme.class, s);
    }

    static Category category(onestop.v1.Category c) {
        return known(Category.class, c);
    }
}
