package onestop.agent.adapters.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onestop.agent.application.Admissions;
import onestop.agent.application.AgentStatus;
import onestop.agent.application.Statements;
import onestop.agent.application.Eligibility;
import onestop.agent.application.Labels;
import onestop.agent.application.Settlements;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.v1.ReverseRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.Visit;

/**
 * The local API for the hospital's HIS ({@code /api/v1}, X-Api-Key): maps JSON to the application and back, decides
 * nothing. Bodies are read strictly (see {@link JsonRequest}); every answer carries the link's state.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING) // calls wait for the server (deadlines of seconds) and for SQLite: never on the event loop
public final class ApiController {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Set<String> ELIGIBILITY_FIELDS = Set.of("id_number", "date", "document", "referral", "agreement_signed");
    static final Set<String> ADMISSION_FIELDS = Set.of("id_number", "name", "date", "document", "referral", "agreement_signed");
    static final Set<String> PRE_SETTLE_FIELDS = Set.of("id_number", "visit");
    static final Set<String> SETTLE_FIELDS = Set.of("request_id", "id_number", "visit");
    static final Set<String> VISIT_FIELDS = Set.of("settlement_id", "date", "type", "hospital_level", "total", "out_of_scope",
            "prior_self_pay", "special_disease");
    static final Set<String> REVERSE_FIELDS = Set.of("request_id", "reason");

    private final Answers answers;
    private final Eligibility eligibility;
    private final Admissions admissions;
    private final Settlements settlements;
    private final AgentStatus status;
    private final Statements statements;
    private final Clock clock;

    ApiController(Answers answers, Eligibility eligibility, Admissions admissions, Settlements settlements,
                  AgentStatus status, Statements statements, Clock clock) {
        this.statements = statements;
        this.answers = answers;
        this.eligibility = eligibility;
        this.admissions = admissions;
        this.settlements = settlements;
        this.status = status;
        this.clock = clock;
    }

    @Get(uri = "/status", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> status() {
        Map<String, Object> m = answers.answer();
        m.putAll(status.describe());
        return HttpResponse.ok(m);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(CHINA));
    }

    private Eligibility.Query query(JsonRequest r) {
        return new Eligibility.Query(r.idNumber("id_number"), r.date("date", today()), r.document("document", null), r.bool("referral"),
                r.bool("agreement_signed"));
    }

    static Map<String, Object> decision(Eligibility.Answer a) {
        EligibilityDecision d = a.decision();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deposit_waiver", d.depositWaiver());
        m.put("deposit_waiver_label", d.depositWaiver() ? Labels.DEPOSIT_WAIVED : Labels.DEPOSIT_REQUIRED);
        m.put("pay_after_treatment", d.payAfterTreatment());
        m.put("pay_after_treatment_label", d.payAfterTreatment() ? Labels.PAY_AFTER : Labels.NO_PAY_AFTER);
        m.put("category", d.category() == null ? "" : d.category().name());
        m.put("category_label", d.category() == null ? "" : Labels.of(Labels.CATEGORIES, d.category().name()));
        List<Map<String, String>> reasons = new ArrayList<>();
        d.reasons().forEach(r -> reasons.add(Map.of("code", r.name(), "label", Labels.of(Labels.REASONS, r.name()))));
        m.put("reasons", reasons);
        m.put("policy_id", a.policyId());
        m.put("source", a.source());
        return m;
    }

    @Post(uri = "/eligibility", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> eligibility(@Body String body) {
        Eligibility.Answer a = eligibility.decide(query(JsonRequest.parse(body, ELIGIBILITY_FIELDS)));
        Map<String, Object> m = answers.answer();
        m.putAll(decision(a));
        return HttpResponse.ok(m);
    }

    @Post(uri = "/admissions", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> admit(@Body String body) {
        JsonRequest r = JsonRequest.parse(body, ADMISSION_FIELDS);
        String name = r.text("name", false, 100);
        Admissions.Admitted a = admissions.admit(query(r), name);
        Map<String, Object> m = answers.answer();
        m.put("admission_id", a.id());
        m.put("name", a.name());
        m.put("agreement_signed", a.agreementSigned());
        m.put("admitted_at", Answers.time(a.admittedAtMillis()));
        m.putAll(decision(a.answer()));
        return HttpResponse.created(m);
    }

    private static SettleRequest settleRequest(JsonRequest r, boolean needsRequestId) {
        String requestId = needsRequestId ? r.text("request_id", true, 64) : "";
        if (needsRequestId && !requestId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw AgentException.invalid("request_id", "request_id must be 1-64 of A-Z a-z 0-9 . _ : - (made by the HIS, kept for every retry)");
        }
        String id = r.idNumber("id_number");
        JsonRequest v = r.object("visit", VISIT_FIELDS);
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

    @Post(uri = "/pre-settlements", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> preSettle(@Body String body) {
        JsonRequest r = JsonRequest.parse(body, PRE_SETTLE_FIELDS);
        Map<String, Object> m = answers.answer();
        m.put("pre_settlement", Answers.result(settlements.preSettle(settleRequest(r, false))));
        return HttpResponse.ok(m);
    }

    @Post(uri = "/settlements", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> settle(@Body String body) {
        Settlement s = settlements.settle(settleRequest(JsonRequest.parse(body, SETTLE_FIELDS), true));
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.created(m);
    }

    static String settlementId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) throw AgentException.invalid("settlement_id", "settlement_id must be 1-64 of A-Z a-z 0-9 . _ -");
        return id;
    }

    @Get(uri = "/settlements/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> get(@PathVariable String id) {
        Settlement s = settlements.get(settlementId(id));
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.ok(m);
    }

    @Post(uri = "/settlements/{id}/reversal", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> reverse(@PathVariable String id, @Body String body) {
        JsonRequest r = JsonRequest.parse(body, REVERSE_FIELDS);
        String requestId = r.text("request_id", true, 64);
        if (!requestId.matches("[A-Za-z0-9._:-]{1,64}")) throw AgentException.invalid("request_id", "request_id must be 1-64 of A-Z a-z 0-9 . _ : -");
        String reason = r.text("reason", true, 200);
        Settlement s = settlements.reverse(ReverseRequest.newBuilder().setRequestId(requestId).setSettlementId(settlementId(id))
                .setReason(reason).build());
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.ok(m);
    }

    @Get(uri = "/settlements/{id}/statement", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> statement(@PathVariable String id) {
        var st = statements.of(settlementId(id));
        Map<String, Object> m = answers.answer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", st.title());
        body.put("hospital_code", st.hospitalCode());
        body.put("hospital_name", st.hospitalName());
        body.put("patient_name", st.patientName());
        body.put("id_number_masked", st.idNumberMasked());
        body.put("settlement_id", st.settlementId());
        body.put("settlement_date", st.settlementDate());
        body.put("status", st.status());
        body.put("policy_id", st.policyId());
        List<Map<String, String>> lines = new ArrayList<>();
        st.lines().forEach(l -> lines.add(Map.of("code", l.code(), "label", l.label(), "amount", l.amount())));
        body.put("lines", lines);
        body.put("patient_pays", st.patientPays());
        body.put("settled_at", Answers.time(st.settledAtMillis()));
        body.put("reversed_at", Answers.time(st.reversedAtMillis()));
        body.put("reverse_reason", st.reverseReason());
        m.put("statement", body);
        return HttpResponse.ok(m);
    }
}
