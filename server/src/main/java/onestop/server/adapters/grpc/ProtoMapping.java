package onestop.server.adapters.grpc;

import java.util.Map;
import onestop.engine.domain.Category;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;
import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.IdNumber;
import onestop.engine.domain.Scheme;
import onestop.engine.domain.VisitType;
import onestop.engine.domain.settlement.Accumulators;
import onestop.engine.domain.settlement.SettlementResult;
import onestop.engine.domain.settlement.TierTotals;
import onestop.server.application.settlement.SettleCommand;
import onestop.server.domain.FundTotals;
import onestop.server.domain.IdentityPeriod;
import onestop.server.domain.PersonRecord;
import onestop.server.domain.PolicyDocument;
import onestop.server.domain.StoredSettlement;
import onestop.v1.SettleRequest;

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
        onestop.v1.Visit v = r.getVisit();
        return new SettleCommand(r.getRequestId(), r.getIdNumber(), v.getSettlementId(), v.getDate(),
                known(VisitType.class, v.getType()), known(HospitalLevel.class, v.getHospitalLevel()),
                v.getTotalFen(), v.getOutOfScopeFen(), v.getPriorSelfPayFen(), v.getSpecialDisease(), r.getOfflineMadeAtMillis());
    }

    static onestop.v1.Accumulators accumulators(Accumulators a) {
        onestop.v1.Accumulators.Builder b = onestop.v1.Accumulators.newBuilder()
                .setBasicPaidInpatientFen(a.basicPaidInpatientFen())
                .setBasicPaidOutpatientFen(a.basicPaidOutpatientFen())
                .setCiBaseFen(a.ciBaseFen())
                .setCiPaidFen(a.ciPaidFen())
                .setAssistanceBaseFen(a.assistanceBaseFen())
                .setAssistancePaidFen(a.assistancePaidFen())
                .setQuotaAssistancePaidFen(a.quotaAssistancePaidFen())
                .setOutOfPocketFen(a.outOfPocketFen())
                .setAdmissions(a.admissions());
        for (Map.Entry<String, TierTotals> e : a.supplementary().entrySet()) {
            b.putSupplementary(e.getKey(), onestop.v1.TierTotals.newBuilder()
                    .setBaseFen(e.getValue().baseFen()).setPaidFen(e.getValue().paidFen()).build());
        }
        return b.build();
    }

    static onestop.v1.SettlementResult result(SettlementResult r) {
        onestop.v1.SettlementResult.Builder b = onestop.v1.SettlementResult.newBuilder()
                .setSettlementId(r.visitId())
                .setPolicyId(r.policyId())
                .setMode(onestop.v1.SettlementMode.valueOf(r.mode().name()))
                .setTotalFen(r.totalFen())
                .setCompliantFen(r.compliantFen())
                .setBasicPayFen(r.basicPayFen())
                .setCiPayFen(r.ciPayFen())
                .setAssistancePayFen(r.assistancePayFen())
                .setAssistanceCategory(r.assistanceCategory() == null ? "" : r.assistanceCategory())
                .setFundPayFen(r.fundPayFen())
                .setHospitalAbsorbedFen(r.hospitalAbsorbedFen())
                .setPatientPayFen(r.patientPayFen())
                .setAlert(r.alert())
                .setDelta(accumulators(r.delta()))
                .setAfter(accumulators(r.after()));
        for (Map.Entry<String, Long> e : r.supplementaryPayFen().entrySet()) {
            b.addSupplementary(onestop.v1.SupplementaryPayment.newBuilder().setTierId(e.getKey()).setPayFen(e.getValue()));
        }
        return b.build();
    }

    static onestop.v1.Settlement settlement(StoredSettlement s) {
        return onestop.v1.Settlement.newBuilder()
                .setHospitalCode(s.hospitalCode())
                .setSettlementId(s.settlementId())
                .setIdNumberMasked(IdNumber.mask(s.idNumber()))
                .setStatus(onestop.v1.SettlementStatus.valueOf(s.status().name()))
                .setResult(result(s.result()))
                .setSettlementDate(s.date().toString())
                .setSettledAtMillis(s.settledAtMillis())
                .setReversedAtMillis(s.reversedAtMillis())
                .setReverseReason(s.reverseReason())
                .setOfflineMadeAtMillis(s.offlineMadeAtMillis())
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

    static onestop.v1.DailySummary daily(FundTotals t, String date) {
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
                .build();
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
