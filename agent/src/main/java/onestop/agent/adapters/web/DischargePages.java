package onestop.agent.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import onestop.agent.adapters.http.Answers;
import onestop.agent.adapters.http.Requests;
import onestop.agent.application.Eligibility;
import onestop.agent.application.Settlements;
import onestop.agent.application.Statements;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.money.Money;
import onestop.v1.SettleRequest;
import onestop.v1.SettlementResult;

/**
 * 出院结算 on the cashier page: identify the patient, enter the bill, 预结算 with the breakdown per fund for the
 * patient to see, 结算, the printable 一单制结算单 (A4 or an 80 mm receipt), and 结算撤销 with a reason and a
 * confirmation step. Only maps forms to {@link Settlements} and {@link Statements}: it decides nothing.
 *
 * <p>Each bill form carries a request id made when the form was first shown and kept through every re-show, so a
 * second 结算 press, a retry after 连接中断 or the browser's back button never settles twice. 结算 goes out only for
 * the bill the patient was shown: when the bill changed after 预结算 the page pre-settles again instead.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class DischargePages {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Pages pages;
    private final Settlements settlements;
    private final Statements statements;
    private final Eligibility eligibility;

    DischargePages(Pages pages, Settlements settlements, Statements statements, Eligibility eligibility) {
        this.pages = pages;
        this.settlements = settlements;
        this.statements = statements;
        this.eligibility = eligibility;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private Map<String, Object> form(HttpRequest<?> request, Map<String, String> values) {
        Map<String, Object> m = pages.model(request, "discharge");
        Map<String, String> form = Pages.filled(Map.of("request_id", "page-" + random(12),
                "visit.settlement_id", "JS" + pages.today().format(DAY) + "-" + random(3).toUpperCase(java.util.Locale.ROOT),
                "visit.date", pages.today().toString(), "visit.type", "INPATIENT"), values);
        m.put("form", form);
        m.put("focus", form.getOrDefault("id_number", "").isBlank() ? "id_number" : "visit.total");
        return m;
    }

    @Get(uri = "/discharge", produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(HttpRequest<?> request) {
        return pages.render(HttpStatus.OK, "discharge", form(request, Map.of()));
    }

    private HttpResponse<?> rejected(HttpRequest<?> request, Map<String, String> values, AgentException e) {
        return pages.rejected("discharge", form(request, values), e, values);
    }

    /** 读卡 (F2): the card's ID number into the form, the cursor on the bill. */
    @Post(uri = "/discharge/card", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> card(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, String> values = new HashMap<>(posted);
        try {
            var card = pages.readCard();
            if (card.isEmpty()) {
                values.put("id_number", "");
                Map<String, Object> m = form(request, values);
                m.put("error", PageMessages.plain(Pages.NO_READER));
                return pages.render(HttpStatus.OK, "discharge", m);
            }
            values.put("id_number", card.get().idNumber());
            values.put("name", card.get().name());
            return pages.render(HttpStatus.OK, "discharge", form(request, values));
        } catch (AgentException e) {
            return rejected(request, values, e);
        }
    }

    /** The bill as the patient saw it pre-settled: what 结算 must match. */
    private static String fingerprint(SettleRequest r) {
        try {
            byte[] bill = r.toBuilder().clearRequestId().build().toByteArray();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bill));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 预结算 (F4, Enter): the breakdown per fund, nothing written. */
    @Post(uri = "/discharge/pre-settle", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> preSettle(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, String> values = new HashMap<>(posted);
        try {
            values = pages.identified(posted);
            return preSettled(request, values, Requests.settleRequest(new FormFields(values), false), null);
        } catch (AgentException e) {
            return rejected(request, values, e);
        }
    }

    private HttpResponse<?> preSettled(HttpRequest<?> request, Map<String, String> values, SettleRequest bill, String note) {
        SettlementResult r = settlements.preSettle(bill);
        values.put("id_number", bill.getIdNumber());
        values.put("shown", fingerprint(bill));
        values.put("name", eligibility.nameOf(bill.getIdNumber()));
        Map<String, Object> m = form(request, values);
        Map<String, Object> pre = new LinkedHashMap<>();
        pre.put("lines", Answers.lines(statements.lines(r, bill.getVisit())));
        pre.put("patient_pays", Money.format(r.getPatientPayFen()));
        pre.put("category", Statements.categoryLabel(r));
        pre.put("policy_id", r.getPolicyId());
        pre.put("masked", Pages.masked(bill.getIdNumber()));
        m.put("pre", pre);
        m.put("focus", "settle");
        if (note != null) m.put("error", PageMessages.plain(note));
        return pages.render(HttpStatus.OK, "discharge", m);
    }

    /** 结算 (F8): settles the bill that was pre-settled and shows its statement. */
    @Post(uri = "/discharge/settle", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> settle(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, String> values = new HashMap<>(posted);
        try {
            values = pages.identified(posted);
            SettleRequest r = Requests.settleRequest(new FormFields(values), true);
            if (!fingerprint(r).equals(values.get("shown"))) {
                values.remove("shown");
                return preSettled(request, values, r.toBuilder().clearRequestId().build(),
                        "费用与预结算时不同 (或尚未预结算): 已重新预结算, 请患者核对后再按 F8 结算");
            }
            return Pages.seeOther("/settlements/" + settlements.settle(r).getSettlementId());
        } catch (AgentException e) {
            return rejected(request, values, e);
        }
    }

    /** 结算查询: a settlement by its id, to reprint or reverse. */
    @Get(uri = "/settlements", produces = MediaType.TEXT_HTML)
    HttpResponse<?> find(HttpRequest<?> request, @QueryValue("settlement_id") @Nullable String id) {
        String typed = id == null ? "" : id.strip();
        try {
            return Pages.seeOther("/settlements/" + Requests.settlementId(typed));
        } catch (AgentException e) {
            Map<String, String> values = new HashMap<>();
            values.put("settlement_id", typed);
            Map<String, Object> m = form(request, values);
            m.put("lookupError", PageMessages.of(e, values));
            m.put("focus", "settlement_id");
            return pages.render(HttpStatus.BAD_REQUEST, "discharge", m);
        }
    }

    private Map<String, Object> statementModel(HttpRequest<?> request, String id, String format) {
        Map<String, Object> m = pages.model(request, "discharge");
        Statements.Statement st = statements.of(Requests.settlementId(id));
        m.put("st", Answers.statement(st));
        m.put("reversed", st.status().equals("REVERSED"));
        m.put("receipt", "receipt".equals(format));
        m.put("focus", "print");
        return m;
    }

    private HttpResponse<?> statementMissing(HttpRequest<?> request, AgentException e) {
        Map<String, Object> m = pages.model(request, "discharge");
        m.put("error", PageMessages.of(e, Map.of()));
        return pages.render(Pages.statusOf(e), "message", m);
    }

    /** 一单制结算单: printable on A4, or on an 80 mm receipt ({@code ?format=receipt}, or Shift+F9). */
    @Get(uri = "/settlements/{id}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> statement(HttpRequest<?> request, @PathVariable String id, @QueryValue @Nullable String format) {
        try {
            return pages.render(HttpStatus.OK, "statement", statementModel(request, id, format));
        } catch (AgentException e) {
            return statementMissing(request, e);
        }
    }

    /** 结算撤销, step one: the reason, then a page that asks to confirm. Nothing is reversed yet. */
    @Post(uri = "/settlements/{id}/reversal/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmReversal(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, Object> m;
        try {
            m = statementModel(request, id, null);
        } catch (AgentException e) {
            return statementMissing(request, e);
        }
        try {
            String reason = new FormFields(posted).text("reason", true, Requests.MAX_REASON_CHARS);
            m.put("reason", reason);
            m.put("requestId", "page-rev-" + random(12));
            m.put("focus", "confirm");
            return pages.render(HttpStatus.OK, "reversal", m);
        } catch (AgentException e) {
            m.put("error", PageMessages.of(e, posted));
            m.put("bad", "reason");
            m.put("reason", posted.getOrDefault("reason", ""));
            m.put("focus", "reason");
            return pages.render(Pages.statusOf(e), "statement", m);
        }
    }

    /** 结算撤销, step two: only from the confirmation page (its {@code confirm} field), with its request id. */
    @Post(uri = "/settlements/{id}/reversal", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> reverse(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        try {
            if (!"yes".equals(posted.get("confirm"))) throw AgentException.invalid("confirm", "the reversal was not confirmed");
            var s = settlements.reverse(Requests.reverseRequest(id, new FormFields(posted)));
            return Pages.seeOther("/settlements/" + s.getSettlementId());
        } catch (AgentException e) {
            Map<String, Object> m;
            try {
                m = statementModel(request, id, null);
            } catch (AgentException missing) {
                return statementMissing(request, missing);
            }
            m.put("error", PageMessages.of(e, posted));
            m.put("reason", posted.getOrDefault("reason", ""));
            m.put("requestId", posted.getOrDefault("request_id", ""));
            m.put("focus", "confirm");
            return pages.render(Pages.statusOf(e), "reversal", m);
        }
    }

    @io.micronaut.http.annotation.Error(exception = RuntimeException.class)
    HttpResponse<?> failed(HttpRequest<?> request, RuntimeException e) {
        return pages.failed(request, e);
    }
}
