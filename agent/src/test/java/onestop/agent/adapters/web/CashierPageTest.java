package onestop.agent.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.agent.application.LocalStore;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.EngineServer;
import onestop.agent.testing.ExampleFiles;
import onestop.agent.testing.Vectors;
import onestop.engine.application.policy.PolicyReader;
import onestop.engine.domain.policy.Policy;
import onestop.engine.domain.policy.SupplementaryTier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cashier page in process, the central server a fake that runs the real engine over the example policies: pages
 * render with the glossary's words, every POST needs the CSRF token, a foreign Host is refused, bad input names its
 * field in Chinese and changes nothing, and the amounts shown are the shared vectors' expected amounts.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CashierPageTest implements TestPropertyProvider {
    /** Every POST of the page: none may do anything without the token. */
    static final List<String> POSTS = List.of("/admission/check", "/admission/card", "/admission/admit", "/discharge/card",
            "/discharge/pre-settle", "/discharge/settle", "/settlements/X-1/reversal/confirm", "/settlements/X-1/reversal");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    EmbeddedServer embedded;

    @Inject
    EngineServer server;

    @Inject
    LocalStore store;

    @Inject
    onestop.agent.application.Forwarder forwarder;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AgentTestProperties.withEngine();
        p.put("micronaut.http.client.follow-redirects", "false");
        return p;
    }

    @AfterEach
    void serverBack() {
        server.down.set(false);
    }

    private PageSession session() {
        PageSession s = new PageSession(client);
        assertEquals(200, s.get("/admission").status());
        assertNotNull(s.token, "the first page sets the CSRF cookie");
        return s;
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** The bill of a vector's first step as the cashier types it, with the page's request id. */
    private static Map<String, String> bill(String idNumber, Vectors.Step v, String settlementId, String requestId) {
        return form("id_number", idNumber, "request_id", requestId, "visit.settlement_id", settlementId, "visit.date", v.bill("date"),
                "visit.type", v.bill("type"), "visit.hospital_level", v.bill("hospitalLevel"), "visit.total", v.bill("total"),
                "visit.out_of_scope", v.bill("outOfScope"), "visit.prior_self_pay", v.bill("priorSelfPay"),
                "visit.special_disease", v.bill("specialDisease"));
    }

    /** The amount on the line {@code code} of a statement or pre-settlement table. */
    private static String line(PageSession.Page p, String code) {
        var m = java.util.regex.Pattern.compile("(?s)data-code=\"" + java.util.regex.Pattern.quote(code) + "\">\\s*<td>([^<]*)</td><td class=\"amount\"[^>]*>([^<]*)</td>")
                .matcher(p.html());
        if (!m.find()) throw new AssertionError("no line " + code + " in\n" + p.html());
        return m.group(2);
    }

    private static String lineLabel(PageSession.Page p, String code) {
        var m = java.util.regex.Pattern.compile("(?s)data-code=\"" + java.util.regex.Pattern.quote(code) + "\">\\s*<td>([^<]*)</td>").matcher(p.html());
        if (!m.find()) throw new AssertionError("no line " + code);
        return m.group(1);
    }

    // ---- pages, words, status bar --------------------------------------------------------------------------------

    @Test
    void homeLeadsToAdmissionAndEveryPageHasTheStatusBarAndKeys() {
        PageSession s = new PageSession(client);
        PageSession.Page home = s.get("/");
        assertEquals(303, home.status());
        assertEquals("/admission", home.location());
        for (String path : List.of("/admission", "/discharge")) {
            PageSession.Page p = s.get(path);
            assertEquals(200, p.status(), path);
            assertEquals("医保结算中心: 在线", p.byId("link"), path);
            assertEquals("3", p.byId("roster-size"), path + ": the fake's roster of three, synced");
            assertFalse(p.byId("contact-at").isEmpty() || p.byId("contact-at").equals("无"), path);
            assertFalse(p.byId("synced-at").equals("从未同步"), path);
            for (String key : List.of("F2", "F4", "F8", "F9", "Alt+R", "Alt+J", "Alt+X", "Esc")) {
                assertTrue(p.section("header", "nav").contains(key), path + " shows the key " + key);
            }
            assertTrue(p.response().getHeaders().get("Content-Security-Policy").contains("script-src 'self'"), path);
            assertEquals("DENY", p.response().getHeaders().get("X-Frame-Options"));
        }
        PageSession.Page discharge = s.get("/discharge");
        for (String word : List.of("医疗费用总额", "全自费金额 (政策范围外)", "先行自付金额", "结算单号", "单病种", "住院", "门诊", "预结算")) {
            assertTrue(discharge.text().contains(word), "the discharge form says " + word);
        }
        assertTrue(s.get("/admission").text().contains("转诊转院 / 异地就医备案"));
    }

    @Test
    void theCsrfCookieIsHttpOnlyAndStrictAndTheFormsCarryIt() {
        PageSession s = new PageSession(client);
        PageSession.Page p = s.get("/admission");
        String setCookie = p.response().getHeaders().get("Set-Cookie");
        assertTrue(setCookie.startsWith(Csrf.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("HTTPOnly") || setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertEquals(s.token, p.value(Csrf.FIELD));
        assertTrue(s.get("/discharge").response().getHeaders().get("Set-Cookie") == null, "a browser with a token keeps it");
    }

    @Test
    void statusBarSaysConnectionLostAndEligibilityComesFromTheLocalRoster() {
        PageSession s = session();
        server.down.set(true);
        PageSession.Page p = s.get("/discharge");
        assertEquals("医保结算中心: 连接中断", p.byId("link"));
        assertTrue(p.byId("offline-line").startsWith("与医保结算中心的连接中断: 资格按本机名单判断 (名单更新于 2024-06-10"), p.byId("offline-line"));
        PageSession.Page decided = s.post("/admission/check", form("id_number", EngineServer.MINIMUM_LIVING, "document", "ID_CARD",
                "date", "2024-06-10"));
        assertEquals(200, decided.status());
        assertEquals("免交住院押金", decided.byId("deposit"), "the local roster and policy decide while the server is down");
        assertTrue(decided.section("section", "decision").contains("与医保结算中心的连接中断: 资格按本机名单判断"));
        server.down.set(false);
        s.get("/admission"); // any call brings the link back
    }

    // ---- 入院登记 ---------------------------------------------------------------------------------------------------

    /** The glossary's words for an eligibility vector's expected answer. */
    private static List<String> expectedWords(JsonNode vector) {
        JsonNode e = vector.get("expect");
        List<String> words = new java.util.ArrayList<>();
        words.add(e.get("depositWaiver").asBoolean() ? "免交住院押金" : "需交住院押金");
        words.add(e.get("payAfterTreatment").asBoolean() ? "可先诊疗后付费" : "不适用先诊疗后付费");
        return words;
    }

    @Test
    void anEligiblePatientIsDecidedInLargeTypeAndAdmittedWithTheSignedAgreement() {
        PageSession s = session();
        JsonNode vector = Vectors.eligibility("minimum-living-same-county");
        PageSession.Page p = s.post("/admission/check", form("id_number", EngineServer.MINIMUM_LIVING.toLowerCase(java.util.Locale.ROOT),
                "document", vector.at("/query/document").asText(), "date", vector.at("/query/date").asText()));
        assertEquals(200, p.status());
        assertEquals(expectedWords(vector), List.of(p.byId("deposit"), p.byId("pay-after")));
        assertEquals("低保对象", p.byId("category"), vector.at("/expect/category").asText());
        assertEquals("张秀英", p.byId("patient-name"));
        assertEquals("341002********1237", p.byId("patient-id"));
        assertFalse(p.has("notice"), "no notice for an eligible patient");
        assertTrue(p.html().contains("id=\"agreement_signed\""), "the agreement can be recorded:\n" + p.html());

        PageSession.Page admitted = s.post("/admission/admit", form("id_number", EngineServer.MINIMUM_LIVING, "document", "ID_CARD",
                "date", "2024-06-10", "name", "张秀英", "agreement_signed", "on"));
        assertEquals(303, admitted.status());
        assertTrue(admitted.location().matches("/admissions/[0-9]+"), admitted.location());
        long id = Long.parseLong(admitted.location().substring("/admissions/".length()));
        LocalStore.Admission stored = store.admission(id).orElseThrow();
        assertTrue(stored.agreementSigned());
        assertTrue(stored.depositWaiver());
        assertEquals("MINIMUM_LIVING", stored.category());
        PageSession.Page shown = s.get(admitted.location());
        assertEquals("免交住院押金", shown.byId("deposit"));
        assertTrue(shown.section("p", "agreement").contains("已签署"), shown.section("p", "agreement"));
        assertEquals(Long.toString(id), shown.byId("admission-id"));
    }

    @Test
    void aPatientWhoDoesNotQualifyGetsThePrintableNotice() {
        PageSession s = session();
        JsonNode vector = Vectors.eligibility("no-identity");
        PageSession.Page p = s.post("/admission/check", form("id_number", EngineServer.NO_IDENTITY, "document", "ID_CARD",
                "date", vector.at("/query/date").asText()));
        assertEquals(200, p.status());
        assertEquals(expectedWords(vector), List.of(p.byId("deposit"), p.byId("pay-after")));
        assertEquals(List.of("NO_ELIGIBLE_IDENTITY"), List.of(vector.at("/expect/reasons/0").asText()));
        String notice = p.section("section", "notice");
        assertTrue(notice.contains("不符合医疗救助条件书面告知书"), notice);
        assertTrue(notice.contains("黄山市人民医院"), "the hospital: " + notice);
        assertTrue(notice.contains("王建国"), notice);
        assertTrue(notice.contains("341002********004X"), "the masked ID: " + notice);
        assertFalse(notice.contains(EngineServer.NO_IDENTITY), "never the full ID number on paper");
        assertTrue(notice.contains("2024-06-10"), "the date: " + notice);
        assertTrue(notice.contains("不属于免押金救助对象 (不在名单内或身份已到期)"), "the reason in the clerk's words: " + notice);
        assertTrue(notice.contains("民政局或医疗保障局"), "where to ask: " + notice);
        assertTrue(p.html().contains("class=\"page-admission prints-notice\""), "the page prints the notice");
        assertTrue(p.html().contains("data-key=\"F9\""), "F9 prints it");
        assertFalse(p.html().contains("id=\"agreement_signed\""), "no agreement to sign");

        PageSession.Page admitted = s.post("/admission/admit", form("id_number", EngineServer.NO_IDENTITY, "document", "ID_CARD",
                "date", "2024-06-10", "name", "王建国"));
        assertEquals(303, admitted.status());
        PageSession.Page shown = s.get(admitted.location());
        assertEquals("需交住院押金", shown.byId("deposit"));
        assertTrue(shown.section("section", "notice").contains("不属于免押金救助对象"));
    }

    @Test
    void aScannedVoucherIdentifiesThePatientInTheSameField() {
        PageSession s = session();
        PageSession.Page p = s.post("/admission/check", form("id_number", server.voucherFor(EngineServer.MINIMUM_LIVING),
                "document", "ID_CARD", "date", "2024-06-10"));
        assertEquals(200, p.status());
        assertEquals("张秀英", p.byId("patient-name"));
        assertTrue(p.section("section", "decision").contains("医保电子凭证"), "the document is the e-voucher");
        assertEquals("免交住院押金", p.byId("deposit"));
        PageSession.Page bad = s.post("/admission/check", form("id_number", "OSEV1.forged.code", "document", "ID_CARD", "date", "2024-06-10"));
        assertEquals(400, bad.status());
        assertTrue(bad.byId("error").contains("医保电子凭证"), bad.byId("error"));
    }

    @Test
    void readingACardWithoutAReaderAsksForTheTypedNumber() {
        PageSession s = session();
        for (String path : List.of("/admission/card", "/discharge/card")) {
            PageSession.Page p = s.post(path, form("id_number", "", "document", "ID_CARD"));
            assertEquals(200, p.status(), path);
            assertTrue(p.byId("error").contains("未配置读卡器, 请输入证件号码"), p.byId("error"));
            assertTrue(p.html().matches("(?s).*id=\"id_number\"[^>]*autofocus.*"), "the cursor is in the ID field");
        }
    }

    @Test
    void badAdmissionInputNamesTheFieldKeepsTheFormAndRecordsNothing() {
        PageSession s = session();
        int before = countAdmissions();
        PageSession.Page p = s.post("/admission/check", form("id_number", "341002195603121230", "document", "ID_CARD", "date", "2024-06-10"));
        assertEquals(400, p.status());
        assertTrue(p.byId("error").startsWith("证件号码不是有效的居民身份证号码"), p.byId("error"));
        assertEquals("341002195603121230", p.value("id_number"), "the form is kept");
        assertTrue(p.html().matches("(?s).*id=\"id_number\"[^>]*class=\"invalid\".*|.*class=\"invalid\"[^>]*id=\"id_number\".*")
                || p.html().contains("invalid"), "the field is marked");
        PageSession.Page date = s.post("/admission/admit", form("id_number", EngineServer.MINIMUM_LIVING, "document", "ID_CARD", "date", "2024-02-30"));
        assertEquals(400, date.status());
        assertTrue(date.byId("error").contains("入院日期"), date.byId("error"));
        assertEquals("2024-02-30", date.value("date"));
        PageSession.Page doc = s.post("/admission/admit", form("id_number", EngineServer.MINIMUM_LIVING, "document", "PASSPORT", "date", "2024-06-10"));
        assertEquals(400, doc.status());
        assertTrue(doc.byId("error").contains("证件类型"), doc.byId("error"));
        assertEquals(before, countAdmissions(), "nothing recorded");
    }

    private int countAdmissions() {
        int n = 0;
        while (store.admission(n + 1).isPresent()) n++;
        return n;
    }

    // ---- 出院结算 ---------------------------------------------------------------------------------------------------

    @Test
    void preSettleSettleStatementAndReversalShowTheVectorsAmounts() {
        PageSession s = session();
        Vectors.Step v = Vectors.firstSettle("settlement-huangshan.json", "ci-tilt-minimum-living-halves-threshold-adds-5-points");
        int settled = server.settlementCount();
        PageSession.Page fresh = s.get("/discharge");
        String requestId = fresh.value("request_id");
        assertTrue(requestId.startsWith("page-"), requestId);
        Map<String, String> bill = bill(EngineServer.MINIMUM_LIVING, v, "ZY-0001", requestId);

        PageSession.Page pre = s.post("/discharge/pre-settle", bill);
        assertEquals(200, pre.status(), pre.text());
        assertEquals(settled, server.settlementCount(), "预结算 writes nothing");
        assertEquals(v.expect().get("basicPay"), line(pre, "basic"));
        assertEquals(v.expect().get("ciPay"), line(pre, "critical_illness"));
        assertEquals(v.expect().get("assistancePay"), line(pre, "assistance"));
        assertEquals(v.expect().get("fundPay"), line(pre, "funds"));
        assertEquals(v.expect().get("compliant"), line(pre, "compliant"));
        assertEquals(v.expect().get("patientPay"), line(pre, "patient"));
        assertEquals(v.expect().get("patientPay"), pre.byId("pre-patient"));
        assertEquals(v.bill("outOfScope"), line(pre, "out_of_scope"));
        assertEquals("基本医保统筹支付", lineLabel(pre, "basic"));
        assertEquals("大病保险支付", lineLabel(pre, "critical_illness"));
        assertEquals("医疗救助支付", lineLabel(pre, "assistance"));
        assertEquals("个人自付 (出院应缴)", lineLabel(pre, "patient"));
        assertEquals("超限额部分 (医院承担)", lineLabel(pre, "hospital_absorbed"));
        String shown = pre.value("shown");
        assertNotNull(shown, "the pre-settled bill's fingerprint");
        assertEquals(requestId, pre.value("request_id"), "the request id is kept");

        Map<String, String> settle = new LinkedHashMap<>(bill);
        settle.put("shown", shown);
        PageSession.Page done = s.post("/discharge/settle", settle);
        assertEquals(303, done.status(), done.text());
        assertEquals("/settlements/ZY-0001", done.location());
        assertEquals(settled + 1, server.settlementCount());
        PageSession.Page again = s.post("/discharge/settle", settle);
        assertEquals(303, again.status(), "a second 结算 of the same form answers the first settlement");
        assertEquals(settled + 1, server.settlementCount(), "and pays nothing twice");

        PageSession.Page st = s.get("/settlements/ZY-0001");
        assertEquals(200, st.status());
        assertEquals("黄山市人民医院", st.byId("st-hospital"));
        assertEquals("张秀英", st.byId("st-name"));
        assertEquals("341002********1237", st.byId("st-masked"));
        assertFalse(st.section("article", "statement").contains(EngineServer.MINIMUM_LIVING), "no full ID number on the statement");
        assertEquals("ZY-0001", st.byId("st-id"));
        assertEquals("huangshan-2024", st.byId("st-policy"));
        assertTrue(st.byId("st-time").startsWith("2024-06-10 "), st.byId("st-time"));
        assertEquals(v.bill("total"), line(st, "total"));
        assertEquals(v.bill("outOfScope"), line(st, "out_of_scope"));
        assertEquals(v.bill("priorSelfPay"), line(st, "prior_self_pay"));
        for (var e : Map.of("basic", "basicPay", "critical_illness", "ciPay", "assistance", "assistancePay", "funds", "fundPay",
                "hospital_absorbed", "hospitalAbsorbed", "patient", "patientPay").entrySet()) {
            assertEquals(v.expect().get(e.getValue()), line(st, e.getKey()), e.getKey());
        }
        assertEquals(v.expect().get("patientPay"), st.byId("st-patient"));
        assertTrue(st.text().contains("一单制结算单"));
        assertTrue(st.html().contains("data-print=\"receipt\""), "an 80 mm receipt can be printed");
        assertTrue(s.get("/settlements/ZY-0001?format=receipt").html().contains("class=\"page-statement receipt\""));

        // 结算撤销: a reason, a confirmation, then the reversal
        int reversals = server.reverseCalls.get();
        PageSession.Page noReason = s.post("/settlements/ZY-0001/reversal/confirm", form("reason", "  "));
        assertEquals(400, noReason.status());
        assertTrue(noReason.byId("error").contains("撤销原因"), noReason.byId("error"));
        PageSession.Page confirm = s.post("/settlements/ZY-0001/reversal/confirm", form("reason", "费用录入错误"));
        assertEquals(200, confirm.status());
        assertEquals("费用录入错误", confirm.byId("confirm-reason"));
        assertEquals(reversals, server.reverseCalls.get(), "asking to confirm reverses nothing");
        Map<String, String> yes = form("request_id", confirm.value("request_id"), "reason", confirm.value("reason"), "confirm", "yes");
        Map<String, String> unconfirmed = new LinkedHashMap<>(yes);
        unconfirmed.remove("confirm");
        assertEquals(400, s.post("/settlements/ZY-0001/reversal", unconfirmed).status());
        assertEquals(reversals, server.reverseCalls.get(), "not without the confirmation");
        PageSession.Page reversed = s.post("/settlements/ZY-0001/reversal", yes);
        assertEquals(303, reversed.status(), reversed.text());
        PageSession.Page after = s.get("/settlements/ZY-0001");
        assertTrue(after.byId("reversed").contains("已撤销 (结算撤销)"), after.byId("reversed"));
        assertEquals("费用录入错误", after.byId("reverse-reason"));
        assertFalse(after.has("reverse-form"), "a reversed settlement cannot be reversed again from the page");
        assertEquals(303, s.post("/settlements/ZY-0001/reversal", yes).status(), "a repeated confirmation answers the first reversal");
    }

    @Test
    void eachSupplementaryTierIsShownByItsNameInThePolicy() throws Exception {
        PageSession s = session();
        Vectors.Step v = Vectors.firstSettle("settlement-heyuan.json", "employee-registered-poor-two-tiers");
        Policy heyuan = PolicyReader.read("heyuan-2019.yaml", Files.readString(ExampleFiles.policies().resolve("heyuan-2019.yaml")));
        Map<String, String> bill = bill(EngineServer.TWO_TIERS, v, "ZY-HY-1", "page-hy-1");
        PageSession.Page pre = s.post("/discharge/pre-settle", bill);
        assertEquals(200, pre.status(), pre.text());
        Map<String, String> settle = new LinkedHashMap<>(bill);
        settle.put("shown", pre.value("shown"));
        assertEquals(303, s.post("/discharge/settle", settle).status());
        PageSession.Page st = s.get("/settlements/ZY-HY-1");
        assertEquals(2, v.supplementary().size());
        for (var tier : v.supplementary().entrySet()) {
            String name = heyuan.supplementary().stream().filter(t -> t.id().equals(tier.getKey())).map(SupplementaryTier::name).findFirst().orElseThrow();
            assertEquals(name, lineLabel(st, "supplementary:" + tier.getKey()));
            assertEquals(tier.getValue(), line(st, "supplementary:" + tier.getKey()));
            assertEquals(tier.getValue(), line(pre, "supplementary:" + tier.getKey()));
        }
        assertEquals(v.expect().get("patientPay"), st.byId("st-patient"));
        assertEquals("陈志强", st.byId("st-name"));
    }

    @Test
    void aBillChangedAfterPreSettlementIsPreSettledAgainNotSettled() {
        PageSession s = session();
        Vectors.Step v = Vectors.firstSettle("settlement-huangshan.json", "ci-tilt-minimum-living-halves-threshold-adds-5-points");
        Map<String, String> bill = bill(EngineServer.MINIMUM_LIVING, v, "ZY-CHG-1", "page-chg-1");
        PageSession.Page pre = s.post("/discharge/pre-settle", bill);
        Map<String, String> changed = new LinkedHashMap<>(bill);
        changed.put("shown", pre.value("shown"));
        changed.put("visit.total", "130000.00");
        int settled = server.settlementCount();
        PageSession.Page p = s.post("/discharge/settle", changed);
        assertEquals(200, p.status());
        assertEquals(settled, server.settlementCount(), "not settled");
        assertTrue(p.byId("error").contains("重新预结算"), p.byId("error"));
        assertEquals("130000.00", line(p, "total"), "the new bill is shown");
        Map<String, String> never = new LinkedHashMap<>(bill);
        never.put("request_id", "page-chg-2");
        assertEquals(200, s.post("/discharge/settle", never).status(), "结算 without 预结算 pre-settles first");
        assertEquals(settled, server.settlementCount());
    }

    @Test
    void badBillInputNamesTheFieldInChineseKeepsTheFormAndWritesNothing() {
        PageSession s = session();
        Vectors.Step v = Vectors.firstSettle("settlement-huangshan.json", "ci-tilt-minimum-living-halves-threshold-adds-5-points");
        record Bad(String field, String value, String label) {}
        List<Bad> cases = List.of(
                new Bad("visit.total", "12.345", "医疗费用总额"),
                new Bad("visit.total", "", "医疗费用总额"),
                new Bad("visit.total", "-5", "医疗费用总额"),
                new Bad("visit.out_of_scope", "1,000", "全自费金额 (政策范围外)"),
                new Bad("visit.prior_self_pay", "abc", "先行自付金额"),
                new Bad("visit.out_of_scope", "130000.00", "全自费金额 (政策范围外)"),
                new Bad("visit.date", "2024-13-01", "结算日期"),
                new Bad("visit.settlement_id", "单号 1", "结算单号"),
                new Bad("visit.type", "ICU", "就诊类型"),
                new Bad("id_number", "12345", "证件号码"),
                new Bad("id_number", "", "证件号码"));
        int settled = server.settlementCount();
        int settles = server.settleCalls.get();
        for (Bad b : cases) {
            for (String path : List.of("/discharge/pre-settle", "/discharge/settle")) {
                Map<String, String> f = bill(EngineServer.MINIMUM_LIVING, v, "ZY-BAD-1", "page-bad-1");
                f.put(b.field(), b.value());
                PageSession.Page p = s.post(path, f);
                assertEquals(400, p.status(), b + " " + path + ": " + p.text());
                assertTrue(p.byId("error").contains(b.label()), b + ": " + p.byId("error"));
                String message = p.byId("error");
                assertTrue(message.matches(".*\\p{IsHan}.*") && !message.matches(".*[A-Za-z]{4,}.*"), "in Chinese: " + message);
                assertEquals(b.value(), p.value(b.field()) == null ? b.value() : p.value(b.field()), "kept: " + b);
                assertEquals(v.bill("total").equals(f.get("visit.total")) ? v.bill("total") : f.get("visit.total"), p.value("visit.total"));
                assertFalse(p.text().contains("Exception") || p.text().contains("at onestop."), "no stack trace");
            }
        }
        assertEquals(settled, server.settlementCount(), "nothing settled");
        assertEquals(settles, server.settleCalls.get(), "nothing sent to settle");
        assertTrue(store.call("page-bad-1").isEmpty(), "no request id kept");
        String sum = s.post("/discharge/pre-settle", withField(bill(EngineServer.MINIMUM_LIVING, v, "ZY-BAD-2", "page-bad-2"),
                "visit.prior_self_pay", "115000.00")).byId("error");
        assertTrue(sum.contains("之和不能超过医疗费用总额"), sum);
    }

    private static Map<String, String> withField(Map<String, String> f, String k, String v) {
        f.put(k, v);
        return f;
    }

    @Test
    void unknownSettlementsAndBadLookupsSayWhat() {
        PageSession s = session();
        PageSession.Page missing = s.get("/settlements/NO-SUCH-1");
        assertEquals(404, missing.status());
        assertTrue(missing.byId("error").contains("查无此结算单号"), missing.byId("error"));
        PageSession.Page lookup = s.get("/settlements?settlement_id=ZY-0001");
        assertEquals(303, lookup.status());
        assertEquals("/settlements/ZY-0001", lookup.location());
        PageSession.Page bad = s.get("/settlements?settlement_id=%E5%8D%95");
        assertEquals(400, bad.status());
        assertTrue(bad.text().contains("结算单号只能由字母、数字和 . _ - 组成"), bad.text());
    }

    @Test
    void settlingDuringAnOutageGivesAProvisionalStatementTheServerConfirmsLater() {
        PageSession s = session();
        int settledBefore = server.settlementCount();
        Vectors.Step v = Vectors.firstSettle("settlement-huangshan.json", "basic-only-secondary");
        Map<String, String> bill = bill(EngineServer.NO_IDENTITY, v, "ZY-OUT-1", "page-out-1");
        bill.put("visit.hospital_level", "");
        PageSession.Page pre = s.post("/discharge/pre-settle", bill);
        assertEquals(200, pre.status(), pre.text());
        bill.put("shown", pre.value("shown"));
        server.down.set(true);
        PageSession.Page p = s.post("/discharge/settle", bill);
        assertEquals(303, p.status(), p.text());
        assertEquals("/settlements/ZY-OUT-1", p.location());
        PageSession.Page st = s.get("/settlements/ZY-OUT-1");
        assertEquals("临时结算 (待中心确认)", st.byId("st-status"));
        assertTrue(st.byId("provisional").contains("临时结算"), st.byId("provisional"));
        assertTrue(st.byId("journal-pending").contains("1"), "the status bar counts it: " + st.byId("journal-pending"));
        assertEquals(0, server.settlementCount() - settledBefore, "nothing reached the server");

        server.down.set(false);
        assertEquals(1, forwarder.forward().forwarded());
        PageSession.Page confirmed = s.get("/settlements/ZY-OUT-1");
        assertEquals("已结算 (联网)", confirmed.byId("st-status"));
        String difference = confirmed.section("p", "difference");
        assertTrue(difference.contains("无差额"), difference);
        assertFalse(difference.contains("应补") || difference.contains("应退"), difference);
        assertEquals(line(pre, "patient"), st.byId("st-patient"), "provisionally what the pre-settlement showed");
        assertEquals(st.byId("st-patient"), confirmed.byId("st-patient"), "the server computed the same");
        assertEquals(303, s.post("/discharge/settle", bill).status(), "the cashier's retry answers the same settlement");
        assertEquals(1, server.settlementCount() - settledBefore, "settled once");
    }

    // ---- security -------------------------------------------------------------------------------------------------

    @Test
    void everyPostWithoutTheTokenIsRefusedAndDoesNothing() {
        PageSession s = session();
        int settles = server.settleCalls.get();
        int reversals = server.reverseCalls.get();
        var before = store.rosterSize();
        Map<String, String> fields = bill(EngineServer.MINIMUM_LIVING, Vectors.firstSettle("settlement-huangshan.json",
                "ci-tilt-minimum-living-halves-threshold-adds-5-points"), "CSRF-1", "page-csrf-1");
        fields.put("reason", "test");
        fields.put("confirm", "yes");
        fields.put("document", "ID_CARD");
        for (String path : POSTS) {
            assertEquals(403, s.postRaw(path, fields).status(), path + " without a token");
            Map<String, String> wrong = new LinkedHashMap<>(fields);
            wrong.put(Csrf.FIELD, "A".repeat(43));
            PageSession.Page refused = s.postRaw(path, wrong);
            assertEquals(403, refused.status(), path + " with another token");
            assertTrue(refused.text().contains("未通过安全校验"), refused.text());
            PageSession cookieless = new PageSession(client);
            Map<String, String> copied = new LinkedHashMap<>(fields);
            copied.put(Csrf.FIELD, s.token);
            assertEquals(403, cookieless.postRaw(path, copied).status(), path + " with the token but not the cookie");
        }
        assertEquals(settles, server.settleCalls.get(), "nothing settled");
        assertEquals(reversals, server.reverseCalls.get(), "nothing reversed");
        assertTrue(store.call("page-csrf-1").isEmpty(), "no request id stored");
        assertEquals(before, store.rosterSize());
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() {
        PageSession s = session();
        int settles = server.settleCalls.get();
        Map<String, String> f = bill(EngineServer.MINIMUM_LIVING, Vectors.firstSettle("settlement-huangshan.json",
                "ci-tilt-minimum-living-halves-threshold-adds-5-points"), "XSITE-1", "page-xsite-1");
        f.put(Csrf.FIELD, s.token);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.micronaut.http.client.exceptions.HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST("/discharge/settle", f).contentType("application/x-www-form-urlencoded")
                        .cookie(io.micronaut.http.cookie.Cookie.of(Csrf.COOKIE, s.token)).header("Origin", "http://evil.example"), String.class));
        assertEquals(403, e.getStatus().getCode());
        assertEquals(settles, server.settleCalls.get());
    }

    /** A request over a plain socket, so the Host header is exactly what a rebinding page's browser sends. */
    private String rawStatusLine(String host, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", embedded.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aForeignHostHeaderIsRefused() throws Exception {
        int port = embedded.getPort();
        assertTrue(rawStatusLine("127.0.0.1:" + port, "/admission").contains(" 200"), "127.0.0.1:PORT");
        assertTrue(rawStatusLine("localhost:" + port, "/admission").contains(" 200"), "localhost:PORT");
        assertTrue(rawStatusLine("LOCALHOST:" + port, "/assets/page.css").contains(" 200"), "host names are case-insensitive");
        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1:" + (port + 1), "127.0.0.1.evil.example:" + port, "")) {
            for (String path : List.of("/admission", "/discharge", "/assets/page.js", "/api/v1/status", "/settlements/S-1")) {
                assertTrue(rawStatusLine(host, path).contains(" 403"), "Host '" + host + "' on " + path);
            }
        }
    }

    @Test
    void theApiKeyStillGuardsTheApiButNotThePageOrItsAssets() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.micronaut.http.client.exceptions.HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/status"), String.class));
        assertEquals(401, e.getStatus().getCode());
        assertEquals(200, client.toBlocking().exchange(HttpRequest.GET("/api/v1/status").header("X-Api-Key", AgentTestProperties.API_KEY),
                String.class).getStatus().getCode());
        for (String path : List.of("/assets/page.css", "/assets/page.js", "/admission", "/discharge")) {
            assertEquals(200, client.toBlocking().exchange(HttpRequest.GET(path), String.class).getStatus().getCode(), path);
        }
    }
}
