package onestop.agent.adapters.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import onestop.agent.application.Admissions;
import onestop.agent.application.AgentStatus;
import onestop.agent.application.Eligibility;
import onestop.agent.application.Settlements;
import onestop.agent.application.Statements;
import onestop.v1.Settlement;

/**
 * The local API for the hospital's HIS ({@code /api/v1}, X-Api-Key): maps JSON to the application and back, decides
 * nothing. Bodies are read strictly (see {@link JsonRequest}) and turned into the application's requests by
 * {@link Requests}, as the cashier page's forms are; every answer carries the link's state.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING) // calls wait for the server (deadlines of seconds) and for SQLite: never on the event loop
public final class ApiController {
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Set<String> ELIGIBILITY_FIELDS = Set.of("id_number", "date", "document", "referral", "agreement_signed");
    static final Set<String> ADMISSION_FIELDS = Set.of("id_number", "name", "date", "document", "referral", "agreement_signed");
    static final Set<String> PRE_SETTLE_FIELDS = Set.of("id_number", "visit");
    static final Set<String> SETTLE_FIELDS = Set.of("request_id", "id_number", "visit");
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

    private Eligibility.Query query(JsonRequest r) {
        return Requests.query(r, LocalDate.now(clock.withZone(CHINA)));
    }

    @Post(uri = "/eligibility", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> eligibility(@Body String body) {
        Eligibility.Answer a = eligibility.decide(query(JsonRequest.parse(body, ELIGIBILITY_FIELDS)));
        Map<String, Object> m = answers.answer();
        m.putAll(Answers.decision(a));
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
        m.putAll(Answers.decision(a.answer()));
        return HttpResponse.created(m);
    }

    @Post(uri = "/pre-settlements", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> preSettle(@Body String body) {
        JsonRequest r = JsonRequest.parse(body, PRE_SETTLE_FIELDS);
        Map<String, Object> m = answers.answer();
        m.put("pre_settlement", Answers.result(settlements.preSettle(Requests.settleRequest(r, false))));
        return HttpResponse.ok(m);
    }

    @Post(uri = "/settlements", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> settle(@Body String body) {
        Settlement s = settlements.settle(Requests.settleRequest(JsonRequest.parse(body, SETTLE_FIELDS), true));
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.created(m);
    }

    @Get(uri = "/settlements/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> get(@PathVariable String id) {
        Settlement s = settlements.get(Requests.settlementId(id));
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.ok(m);
    }

    @Post(uri = "/settlements/{id}/reversal", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> reverse(@PathVariable String id, @Body String body) {
        Settlement s = settlements.reverse(Requests.reverseRequest(id, JsonRequest.parse(body, REVERSE_FIELDS)));
        Map<String, Object> m = answers.answer();
        m.put("settlement", Answers.settlement(s));
        return HttpResponse.ok(m);
    }

    @Get(uri = "/settlements/{id}/statement", produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> statement(@PathVariable String id) {
        Map<String, Object> m = answers.answer();
        Map<String, Object> body = Answers.statement(statements.of(Requests.settlementId(id)));
        m.put("statement", body);
        return HttpResponse.ok(m);
    }
}
