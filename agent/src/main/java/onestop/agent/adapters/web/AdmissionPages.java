package onestop.agent.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.agent.adapters.http.Answers;
import onestop.agent.adapters.http.Requests;
import onestop.agent.application.Admissions;
import onestop.agent.application.Eligibility;
import onestop.agent.application.Labels;
import onestop.agent.application.LocalStore;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.Category;
import onestop.engine.domain.eligibility.EligibilityDecision;
import onestop.engine.domain.eligibility.EligibilityReason;

/**
 * 入院登记 on the cashier page: identify the patient (typed ID number, scanned 医保电子凭证, or 读卡), show the decision
 * in large type with its reasons in the clerk's words, record the signed 先诊疗后付费协议 and admit; a patient who does
 * not qualify gets the printable 不符合医疗救助条件书面告知书. Only maps forms to {@link Eligibility} and
 * {@link Admissions}: it decides nothing.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdmissionPages {
    private final Pages pages;
    private final Eligibility eligibility;
    private final Admissions admissions;

    AdmissionPages(Pages pages, Eligibility eligibility, Admissions admissions) {
        this.pages = pages;
        this.eligibility = eligibility;
        this.admissions = admissions;
    }

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<?> home() {
        return Pages.seeOther("/admission");
    }

    private Map<String, Object> form(HttpRequest<?> request, Map<String, String> values) {
        Map<String, Object> m = pages.model(request, "admission");
        Map<String, String> form = Pages.filled(Map.of("document", "ID_CARD", "date", pages.today().toString()), values);
        m.put("form", form);
        m.put("focus", "id_number");
        return m;
    }

    @Get(uri = "/admission", produces = MediaType.TEXT_HTML)
    HttpResponse<?> page(HttpRequest<?> request) {
        return pages.render(HttpStatus.OK, "admission", form(request, Map.of()));
    }

    private HttpResponse<?> rejected(HttpRequest<?> request, Map<String, String> values, AgentException e) {
        return pages.rejected("admission", form(request, values), e, values);
    }

    /** 查询资格: the decision for the typed or scanned patient, with the agreement and admit form below it. */
    @Post(uri = "/admission/check", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> check(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, String> values = new HashMap<>(posted);
        try {
            values = pages.identified(posted);
            return decided(request, values);
        } catch (AgentException e) {
            return rejected(request, values, e);
        }
    }

    /** 读卡 (F2): the card's patient decided at once; without a reader, the typed number is asked for. */
    @Post(uri = "/admission/card", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> card(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        Map<String, String> values = new HashMap<>(posted);
        try {
            var card = pages.readCard();
            if (card.isEmpty()) {
                Map<String, Object> m = form(request, values);
                m.put("error", PageMessages.plain(Pages.NO_READER));
                return pages.render(HttpStatus.OK, "admission", m);
            }
            values.put("id_number", card.get().idNumber());
            values.put("document", card.get().document());
            values.put("name", card.get().name());
            return decided(request, values);
        } catch (AgentException e) {
            return rejected(request, values, e);
        }
    }

    private HttpResponse<?> decided(HttpRequest<?> request, Map<String, String> values) {
        FormFields fields = new FormFields(values);
        Eligibility.Query q = Requests.query(fields, pages.today());
        Eligibility.Answer a = eligibility.decide(q);
        values.put("id_number", q.idNumber());
        String name = values.getOrDefault("name", "").strip();
        values.put("name", name.isEmpty() ? eligibility.nameOf(q.idNumber()) : name);
        Map<String, Object> m = form(request, values);
        Map<String, Object> decision = Answers.decision(a);
        m.put("decision", decision);
        m.put("masked", Pages.masked(q.idNumber()));
        boolean waived = a.decision().depositWaiver();
        boolean onlyAgreement = a.decision().reasons().equals(List.of(EligibilityReason.AGREEMENT_REQUIRED));
        m.put("canSign", waived || onlyAgreement);
        m.put("focus", waived || onlyAgreement ? "agreement_signed" : "admit");
        if (!waived) m.put("notice", notice(values.get("name"), q.idNumber(), q.date().toString(), decision));
        return pages.render(HttpStatus.OK, "admission", m);
    }

    private Map<String, Object> notice(String name, String idNumber, String date, Map<String, Object> decision) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("hospital_name", pages.statusBar().get("hospital_name"));
        n.put("name", name);
        n.put("masked", Pages.masked(idNumber));
        n.put("date", date);
        n.put("issued", pages.today().toString());
        n.put("reasons", decision.get("reasons"));
        return n;
    }

    /** 办理入院: the decision again, with the agreement as recorded, saved on this counter's disk. */
    @Post(uri = "/admission/admit", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> admit(HttpRequest<?> request, @Body Map<String, String> posted) {
        Csrf.check(request, posted);
        try {
            FormFields fields = new FormFields(posted);
            String name = fields.text("name", false, 100);
            Eligibility.Query q = Requests.query(fields, pages.today());
            Admissions.Admitted a = admissions.admit(q, name);
            return Pages.seeOther("/admissions/" + a.id());
        } catch (AgentException e) {
            return rejected(request, posted, e);
        }
    }

    @Get(uri = "/admissions/{id}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> admitted(HttpRequest<?> request, @PathVariable String id) {
        Map<String, Object> m = pages.model(request, "admission");
        LocalStore.Admission a = id.matches("[0-9]{1,18}") ? admissions.find(Long.parseLong(id)).orElse(null) : null;
        if (a == null) {
            m.put("error", PageMessages.plain("查无此入院登记"));
            return pages.render(HttpStatus.NOT_FOUND, "message", m);
        }
        List<EligibilityReason> reasons = a.reasons().isEmpty() ? List.of()
                : Arrays.stream(a.reasons().split(",")).map(EligibilityReason::valueOf).toList();
        Category category = a.category().isEmpty() ? null : Category.valueOf(a.category());
        Map<String, Object> decision = Answers.decision(new Eligibility.Answer(
                new EligibilityDecision(a.depositWaiver(), a.payAfterTreatment(), category, reasons), "", a.source()));
        Map<String, Object> admission = new LinkedHashMap<>();
        admission.put("id", a.id());
        admission.put("name", a.name());
        admission.put("masked", Pages.masked(a.idNumber()));
        admission.put("document", Labels.of(Labels.DOCUMENTS, a.document()));
        admission.put("date", a.admittedOn());
        admission.put("agreement", a.agreementSigned());
        admission.put("at", Answers.time(a.admittedAtMillis()));
        m.put("admission", admission);
        m.put("decision", decision);
        if (!a.depositWaiver()) m.put("notice", notice(a.name(), a.idNumber(), a.admittedOn(), decision));
        return pages.render(HttpStatus.OK, "admitted", m);
    }

    @io.micronaut.http.annotation.Error(exception = RuntimeException.class)
    HttpResponse<?> failed(HttpRequest<?> request, RuntimeException e) {
        return pages.failed(request, e);
    }
}
