package onestop.agent.adapters.http;

import java.time.LocalDate;
import java.util.Set;
import onestop.agent.application.Eligibility;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.Document;
import onestop.engine.domain.ResultCode;
import onestop.v1.ReverseRequest;
import onestop.v1.SettleRequest;
import onestop.v1.Visit;

/**
 * Requests to the application, built from a request's fields in one place for the HIS API and the cashier page: the
 * same checks, the same field names ({@code visit.total}), the same messages.
 */
public final class Requests {
    public static final Set<String> VISIT_FIELDS = Set.of("settlement_id", "date", "type", "hospital_level", "total", "out_of_scope",
            "prior_self_pay", "special_disease");
    public static final int MAX_REASON_CHARS = 200;

    private Requests() {}

    public static Document document(RequestFields r, String field) {
        return r.document(field, null);
    }

    /** Fields id_number, date (default {@code today}), document, referral, agreement_signed. */
    public static Eligibility.Query query(RequestFields r, LocalDate today) {
        return new Eligibility.Query(r.idNumber("id_number"), r.date("date", today), document(r, "document"), r.bool("referral"),
                r.bool("agreement_signed"));
    }

    public static String requestId(RequestFields r) {
        String requestId = r.text("request_id", true, 64);
        if (!requestId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw AgentException.invalid("request_id", "request_id must be 1-64 of A-Z a-z 0-9 . _ : - (made by the caller, kept for every retry)");
        }
        return requestId;
    }

    /** Fields request_id (when {@code needsRequestId}), id_number and the object visit. */
    public static SettleRequest settleRequest(RequestFields r, boolean needsRequestId) {
        String requestId = needsRequestId ? requestId(r) : "";
        String id = r.idNumber("id_number");
        RequestFields v = r.object("visit", VISIT_FIELDS);
        String settlementId = v.text("settlement_id", true, 64);
        if (!settlementId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw AgentException.invalid("visit.settlement_id", "visit.settlement_id must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        LocalDate date = v.date("date", null);
        String type = v.text("type", true, 16);
        if (!type.equals("INPATIENT") && !type.equals("OUTPATIENT")) {
            throw new AgentException(ResultCode.UNKNOWN_VISIT_TYPE, "visit.type", "visit.type must be INPATIENT or OUTPATIENT");
        }
        String level = v.text("hospital_level", false, 16);
        if (!level.isEmpty() && !Set.of("PRIMARY", "SECONDARY", "TERTIARY").contains(level)) {
            throw new AgentException(ResultCode.UNKNOWN_HOSPITAL_LEVEL, "visit.hospital_level", "visit.hospital_level must be PRIMARY, SECONDARY or TERTIARY");
        }
        long total = v.amountFen("total", true);
        long outOfScope = v.amountFen("out_of_scope", false);
        long priorSelfPay = v.amountFen("prior_self_pay", false);
        // the parts within the total, as the engine checks a visit: refused here, before a request id is kept for it
        var parts = onestop.engine.domain.Visit.of(settlementId, date, onestop.engine.domain.VisitType.valueOf(type),
                level.isEmpty() ? onestop.engine.domain.HospitalLevel.PRIMARY : onestop.engine.domain.HospitalLevel.valueOf(level),
                total, outOfScope, priorSelfPay, null);
        if (!parts.isOk()) {
            var rejection = parts.rejection();
            String field = switch (rejection.field()) {
                case "outOfScope" -> "visit.out_of_scope";
                case "priorSelfPay" -> "visit.prior_self_pay";
                default -> "visit.total";
            };
            throw new AgentException(rejection.code(), field, field + ": " + rejection.message());
        }
        Visit.Builder visit = Visit.newBuilder().setSettlementId(settlementId).setDate(date.toString())
                .setType(onestop.v1.VisitType.valueOf(type)).setTotalFen(total).setOutOfScopeFen(outOfScope).setPriorSelfPayFen(priorSelfPay)
                .setSpecialDisease(v.text("special_disease", false, 32));
        if (!level.isEmpty()) visit.setHospitalLevel(onestop.v1.HospitalLevel.valueOf(level));
        return SettleRequest.newBuilder().setRequestId(requestId).setIdNumber(id).setVisit(visit).build();
    }

    public static String settlementId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) throw AgentException.invalid("settlement_id", "settlement_id must be 1-64 of A-Z a-z 0-9 . _ -");
        return id;
    }

    /** Fields request_id and reason, for the settlement {@code id}. */
    public static ReverseRequest reverseRequest(String id, RequestFields r) {
        String requestId = requestId(r);
        String reason = r.text("reason", true, MAX_REASON_CHARS);
        return ReverseRequest.newBuilder().setRequestId(requestId).setSettlementId(settlementId(id)).setReason(reason).build();
    }
}
