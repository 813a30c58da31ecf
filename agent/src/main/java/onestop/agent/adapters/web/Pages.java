package onestop.agent.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import java.io.IOException;
import java.io.StringWriter;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import onestop.agent.adapters.http.Answers;
import onestop.agent.adapters.http.ApiController;
import onestop.agent.application.AgentStatus;
import onestop.agent.cards.CardException;
import onestop.agent.cards.CardRead;
import onestop.agent.cards.QrVoucherReader;
import onestop.agent.application.Labels;
import onestop.engine.domain.IdNumber;

/**
 * What every cashier page has: the status bar (server online or 连接中断, last successful call, last sync, roster
 * size), the CSRF token (set as a cookie when the browser has none), the glossary's words, today's date in China, and
 * the 读卡 seam. Renders a template with an HTTP status; answers a POST with a 303 to the page that shows its result.
 */
@Singleton
final class Pages {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pages.class);
    /** How long 读卡 waits for a card. */
    static final long CARD_TIMEOUT_MILLIS = 15_000;
    static final String NO_READER = "未配置读卡器, 请输入证件号码";

    private final Answers answers;
    private final AgentStatus status;
    private final Clock clock;
    private final Optional<CardReading> cards;
    private final QrVoucherReader vouchers;
    private final ThymeleafViewsRenderer<Map<String, Object>> renderer;

    Pages(Answers answers, AgentStatus status, Clock clock, Optional<CardReading> cards, QrVoucherReader vouchers,
          ThymeleafViewsRenderer<Map<String, Object>> renderer) {
        this.renderer = renderer;
        this.answers = answers;
        this.status = status;
        this.clock = clock;
        this.cards = cards.filter(CardReading::configured);
        this.vouchers = vouchers;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ApiController.CHINA));
    }

    Map<String, Object> statusBar() {
        Map<String, Object> link = answers.answer();
        Map<String, Object> d = status.describe();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean online = "online".equals(link.get("server"));
        String synced = String.valueOf(link.get("synced_at"));
        m.put("online", online);
        m.put("contact_at", String.valueOf(link.get("server_contact_at")));
        m.put("synced_at", synced);
        m.put("roster_size", d.get("roster_size"));
        m.put("pending", d.get("pending"));
        @SuppressWarnings("unchecked")
        Map<String, Object> journal = (Map<String, Object>) d.get("offline_journal");
        m.put("journal_pending", journal.get("pending"));
        m.put("journal_rejected", journal.get("rejected"));
        m.put("hospital_name", d.get("hospital_name"));
        m.put("counter_name", d.get("counter_name"));
        m.put("offline_text", String.format(Labels.OFFLINE_ELIGIBILITY, synced.isEmpty() ? "从未同步" : synced));
        return m;
    }

    /** A page's model: the status bar, the glossary's words, the token for its forms, which page it is. */
    Map<String, Object> model(HttpRequest<?> request, String active) {
        Map<String, Object> m = new HashMap<>();
        m.put("active", active);
        m.put("status", statusBar());
        m.put("L", Words.ALL);
        String token = Csrf.existing(request).orElse(null);
        if (token == null) {
            token = Csrf.newToken();
            m.put("csrfNew", true);
        }
        m.put("csrf", token);
        m.put("today", today().toString());
        m.put("cardReader", cards.isPresent());
        return m;
    }

    /**
     * The template filled in here, not later by a filter: a template that fails is then one log line with an incident
     * id and a page that says so, never a request left without an answer.
     */
    MutableHttpResponse<?> render(HttpStatus httpStatus, String view, Map<String, Object> model) {
        String html;
        HttpStatus status = httpStatus;
        try {
            html = html(view, model);
        } catch (RuntimeException | IOException e) {
            String incident = incident(view, e);
            model.put("error", PageMessages.plain("页面显示出错 (事件编号 " + incident + "), 请联系信息科。"));
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            try {
                html = html("message", model);
            } catch (RuntimeException | IOException again) {
                html = "<!DOCTYPE html><meta charset=\"utf-8\"><title>OneStop</title><p>页面显示出错 (事件编号 " + incident + ")</p>";
            }
        }
        MutableHttpResponse<String> r = HttpResponse.status(status).contentType("text/html; charset=utf-8").body(html);
        if (Boolean.TRUE.equals(model.get("csrfNew"))) r.cookie(Csrf.cookie((String) model.get("csrf")));
        // A 404 a route returns is answered again by the global NOT_FOUND route (the API's JSON); one an error route
        // returns is not: the page's own @Error hands it back.
        if (status == HttpStatus.NOT_FOUND) throw new Answered(r);
        return r;
    }

    /** A finished page carried out of a route to its controller's {@code @Error}, see {@link #render}. */
    static final class Answered extends RuntimeException {
        final transient MutableHttpResponse<?> response;

        Answered(MutableHttpResponse<?> response) {
            super("answered", null, false, false);
            this.response = response;
        }
    }

    private String html(String view, Map<String, Object> model) throws IOException {
        StringWriter out = new StringWriter(8192);
        renderer.render(view, model, null).writeTo(out);
        return out.toString();
    }

    private static String incident(String what, Exception e) {
        String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {} on page {}: {}", incident, what, e.toString(), e);
        return incident;
    }

    static MutableHttpResponse<?> seeOther(String path) {
        return HttpResponse.seeOther(URI.create(path));
    }

    /** A form as posted (its token left out) over the page's defaults. */
    static Map<String, String> filled(Map<String, String> defaults, Map<String, String> posted) {
        Map<String, String> form = new HashMap<>(defaults);
        posted.forEach((k, v) -> {
            if (!k.equals(Csrf.FIELD)) form.put(k, v);
        });
        return form;
    }

    /** A rejection on its page: the Chinese message, the field marked and the cursor in it. */
    MutableHttpResponse<?> rejected(String view, Map<String, Object> model, onestop.agent.domain.AgentException e, Map<String, String> posted) {
        Map<String, String> error = PageMessages.of(e, posted);
        model.put("error", error);
        model.put("bad", error.get("field"));
        if (!error.get("field").isEmpty()) model.put("focus", error.get("field"));
        return render(statusOf(e), view, model);
    }

    /** The HTTP status a rejection is shown with: the page is the answer either way. */
    static HttpStatus statusOf(onestop.agent.domain.AgentException e) {
        return switch (e.code().status()) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    /**
     * A page request that failed: a CSRF refusal (403, nothing done) or a bug (500, one log line with an incident id;
     * a settlement may have gone through, so the page says where to look). Never a stack trace on the page.
     */
    MutableHttpResponse<?> failed(HttpRequest<?> request, RuntimeException e) {
        if (e instanceof Answered a) return a.response;
        Map<String, Object> m = model(request, "");
        if (e instanceof Csrf.Refused) {
            LOG.warn("page request refused: {} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
            m.put("error", PageMessages.plain("请求未通过安全校验 (页面已过期, 或来自其他网站), 未做任何操作。请重新打开本页后再试。"));
            return render(HttpStatus.FORBIDDEN, "message", m);
        }
        String incident = incident(request.getMethodName() + " " + request.getPath(), e);
        m.put("error", PageMessages.plain("系统内部错误 (事件编号 " + incident + "), 操作可能未完成。结算是否已生效请在结算查询中按结算单号核对, "
                + "不要重复收费; 请联系信息科。"));
        return render(HttpStatus.INTERNAL_SERVER_ERROR, "message", m);
    }

    /** The card in the reader, or empty when this agent has no reader (the page then asks for the typed number). */
    Optional<CardReading.Card> readCard() {
        return cards.map(c -> c.read(CARD_TIMEOUT_MILLIS));
    }

    /**
     * The form with the patient identified: an ID number as typed, or a scanned 医保电子凭证 code (whatever is not
     * shaped like an ID number) resolved by the server into the holder's number and name, document E_VOUCHER.
     */
    Map<String, String> identified(Map<String, String> form) {
        String typed = form.getOrDefault("id_number", "").strip();
        Map<String, String> f = new HashMap<>(form);
        if (typed.isEmpty() || typed.matches("[0-9Xx]{1,18}") || !typed.chars().allMatch(c -> c > 32 && c < 127)) return f;
        CardRead holder;
        try {
            holder = vouchers.resolve(typed);
        } catch (CardException e) {
            throw CardReaderForPage.rejection(e);
        }
        f.put("id_number", holder.idNumber());
        f.put("document", holder.document().name());
        if (!holder.name().isEmpty()) f.put("name", holder.name());
        return f;
    }

    static String masked(String idNumber) {
        return IdNumber.mask(idNumber);
    }
}
