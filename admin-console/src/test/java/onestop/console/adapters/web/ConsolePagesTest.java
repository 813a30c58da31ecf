package onestop.console.adapters.web;

import static onestop.console.adapters.web.PageSession.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import onestop.console.testing.FakeOffice;
import onestop.console.testing.Fakes;
import onestop.v1.ImportIdentitiesRequest;
import onestop.v1.ImportMode;
import onestop.v1.IssueAgentTokenRequest;
import onestop.v1.RevealIdNumberRequest;
import onestop.v1.ReverseRequest;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.TryBillsRequest;
import onestop.v1.UploadPolicyRequest;
import onestop.v1.UpsertHospitalRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every page against the fake central server: rendered with the glossary's words and the right amounts (fen as yuan,
 * two decimals), what it sent recorded by the fake; forms refused at their field in Chinese with nothing sent; the
 * clearing CSV adding up to its rows; uploads in UTF-8, GBK and mixed encodings; an oversized file and a YAML bomb.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesTest implements TestPropertyProvider {
    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别";

    @Inject
    @Client("/")
    HttpClient client;

    final FakeOffice fake = Fakes.office();

    @Override
    public Map<String, String> getProperties() {
        return Fakes.consoleProperties();
    }

    private PageSession as(String name, String password) {
        return PageSession.loggedIn(client, name, password);
    }

    private PageSession admin() {
        return as("admin", FakeOffice.ADMIN_PASSWORD);
    }

    private static String row(String memberId) {
        return "屯溪区,黎阳镇,张三," + FakeOffice.PERSON + ",3,张秀英," + memberId + ",新识别,2024-06-01,MINIMUM_LIVING";
    }

    @Test
    void theDashboardShowsTodayTheMonthTheChartAndTheCounters() {
        PageSession.Page p = admin().get("/");
        assertEquals(200, p.status());
        assertEquals("5", p.byId("today-settled"));
        assertEquals("50000.00", p.byId("today-total"), "5 × 1,000,000 fen");
        assertEquals("123", p.byId("month-settled"));
        assertEquals("959400.00", p.byId("month-funds"), "123 × (550,000 + 120,000 + 30,000 + 80,000) fen");
        assertEquals("7", p.byId("open-alerts"));
        assertEquals("1", p.byId("agents-online"));
        for (String label : List.of("基本医保统筹支付", "大病保险支付", "医疗救助支付", "基金支付合计", "个人自付 (出院应缴)", "出院结算1号窗口", "在线", "离线")) {
            assertTrue(p.text().contains(label), label);
        }
        assertTrue(p.html().contains("data-chart=\"{&quot;dates&quot;:[&quot;"), "the chart's figures in its data attribute");
        assertEquals(30, p.table("days").size() - 1, "30 days");
    }

    @Test
    void policiesAreListedViewedAndDiffed() {
        PageSession s = admin();
        PageSession.Page list = s.get("/policies?region=341000&year=2024");
        assertEquals(200, list.status());
        assertEquals(2, list.table("policies").size(), list.text());
        assertTrue(list.text().contains("huangshan-2024"));
        PageSession.Page all = s.get("/policies");
        assertTrue(all.table("policies").size() >= 4, "three and any uploaded");
        PageSession.Page bad = s.get("/policies?year=24x");
        assertEquals(400, bad.status());
        assertTrue(bad.byId("error-year").contains("年度须为"), bad.byId("error-year"));

        PageSession.Page view = s.get("/policies/huangshan-2024");
        assertEquals(200, view.status());
        assertTrue(view.byId("yaml").contains("id: huangshan-2024"));
        assertEquals(3, view.table("versions").size(), "two versions and the header");
        PageSession.Page diff = s.get("/policies/huangshan-2024/diff");
        assertEquals(200, diff.status());
        assertEquals("6", diff.byId("added"), "every 0.70 of the older version: " + diff.text());
        assertEquals("6", diff.byId("removed"));
        assertTrue(diff.html().contains("class=\"removed\""));
        assertTrue(diff.text().contains("- TERTIARY: { deductible: \"800.00\", rate: \"0.65\" }"), diff.text());
        assertTrue(diff.text().contains("+ TERTIARY: { deductible: \"800.00\", rate: \"0.70\" }"), diff.text());
        assertEquals(404, s.get("/policies/no-such-policy").status());
    }

    private PageSession.Page uploadPolicy(PageSession s, String yaml, String action) {
        PageSession.Page form = s.get("/policies/upload");
        MultipartBody body = MultipartBody.builder().addPart("_csrf", s.csrf).addPart("request_id", form.value("request_id"))
                .addPart("file_name", "huangshan-2025.yaml").addPart("yaml", yaml).addPart("action", action).build();
        return s.postMultipart("/policies/upload", body);
    }

    @Test
    void aPolicyUploadIsValidatedFirstAndItsProblemShownAtTheField() {
        PageSession s = admin();
        String good = FakeOffice.class.getSimpleName().isEmpty() ? "" : onestop.console.testing.ExampleFiles.policy("huangshan-2024")
                .replace("id: huangshan-2024", "id: huangshan-2025").replace("year: 2024", "year: 2025");
        PageSession.Page bad = uploadPolicy(s, good.replace("rate: \"0.85\"", "rate: \"1.5\""), "upload");
        assertEquals(400, bad.status());
        assertTrue(bad.byId("error-yaml").contains("basic.RESIDENT.INPATIENT.levels.PRIMARY.rate"), bad.byId("error-yaml"));
        assertTrue(bad.html().contains("class=\"invalid\"") || bad.html().contains("invalid\""), "the field is marked");
        int uploads = fake.calls("UploadPolicy").size();
        assertEquals(uploads, fake.calls("UploadPolicy").size(), "not uploaded");

        PageSession.Page checked = uploadPolicy(s, good, "validate");
        assertEquals(200, checked.status());
        assertTrue(checked.byId("valid").contains("huangshan-2025"), checked.text());
        PageSession.Page up = uploadPolicy(s, good, "upload");
        assertEquals(303, up.status());
        assertEquals("/policies/huangshan-2025?uploaded=1", up.location());
        UploadPolicyRequest sent = fake.last("UploadPolicy");
        assertEquals("huangshan-2025.yaml", sent.getFileName());
        assertTrue(sent.getRequestId().startsWith("console-"));

        PageSession.Page empty = uploadPolicy(s, "", "validate");
        assertTrue(empty.byId("error-yaml").contains("请选择政策文件或粘贴政策内容"));
        PageSession.Page huge = uploadPolicy(s, "a".repeat(262_145), "validate");
        assertTrue(huge.byId("error-yaml").contains("政策内容过长"), huge.byId("error-yaml"));
    }

    @Test
    void aYamlBombIsPassedToTheServerUnparsedAndTheConsoleStaysResponsive() {
        PageSession s = admin();
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        long start = System.nanoTime();
        PageSession.Page p = uploadPolicy(s, bomb.toString(), "upload");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 5_000, "answered in " + millis + " ms");
        assertEquals(400, p.status());
        assertTrue(p.byId("error-yaml").contains("政策未通过校验"), p.byId("error-yaml"));
        assertEquals(200, s.get("/").status(), "still answering");
        // the same bomb as a draft in 试算
        PageSession.Page t = s.post("/policies/try", form("source", "draft", "draft_yaml", bomb.toString(), "scheme", "RESIDENT", "county", "341002",
                "insured_years", "2024", "bill.0.date", "2024-06-10", "bill.0.type", "INPATIENT", "bill.0.hospital_level", "SECONDARY", "bill.0.total", "100"));
        assertTrue(t.byId("error-draft_yaml").contains("政策未通过校验"), t.text());
    }

    @Test
    void billsAreTriedWithEachTierAndTheYearsAccumulators() {
        PageSession s = as("auditor", FakeOffice.AUDITOR_PASSWORD);
        PageSession.Page page = s.get("/policies/try?policy_id=huangshan-2024");
        assertEquals(200, page.status());
        PageSession.Page p = s.post("/policies/try", form("source", "stored", "policy_id", "huangshan-2024", "scheme", "RESIDENT", "county", "341002",
                "insured_years", "2024", "cat.MINIMUM_LIVING", "on", "rows", "3",
                "bill.0.date", "2024-03-01", "bill.0.type", "INPATIENT", "bill.0.hospital_level", "SECONDARY", "bill.0.total", "10000.00",
                "bill.0.out_of_scope", "1000", "bill.0.prior_self_pay", "0",
                "bill.1.date", "2024-05-01", "bill.1.type", "INPATIENT", "bill.1.hospital_level", "TERTIARY", "bill.1.total", "2345.67"));
        assertEquals(200, p.status(), p.text());
        TryBillsRequest sent = fake.last("TryBills");
        assertEquals(2, sent.getBillsCount());
        assertEquals(1_000_000L, sent.getBills(0).getTotalFen());
        assertEquals(100_000L, sent.getBills(0).getOutOfScopeFen());
        assertEquals(234_567L, sent.getBills(1).getTotalFen());
        assertEquals("MINIMUM_LIVING", sent.getPerson().getCategories(0).getCategory().name());
        assertEquals(List.of(2024), sent.getPerson().getInsuredYearsList());
        var lines = p.table("lines-1");
        assertEquals(List.of("医疗费用总额", "10000.00"), lines.get(0));
        assertEquals(List.of("基本医保统筹支付", "5400.00"), lines.get(2), "900,000 × 0.6 fen");
        assertTrue(p.table("after-2").stream().anyMatch(r -> r.equals(List.of("基本医保统筹已支付 (住院)", "6807.40"))),
                "carried from bill to bill: " + p.table("after-2"));

        PageSession.Page heyuan = s.post("/policies/try", form("source", "stored", "policy_id", "heyuan-2019", "scheme", "RESIDENT", "county", "441602",
                "insured_years", "2019", "bill.0.date", "2019-03-01", "bill.0.type", "INPATIENT", "bill.0.hospital_level", "SECONDARY", "bill.0.total", "1000"));
        assertTrue(heyuan.table("lines-1").contains(List.of("扶贫保险", "50.00")), "a tier by its own name in the policy: " + heyuan.table("lines-1"));
        assertTrue(heyuan.table("after-1").contains(List.of("扶贫保险已支付", "50.00")), heyuan.table("after-1").toString());

        PageSession.Page wrongYear = s.post("/policies/try", form("source", "stored", "policy_id", "huangshan-2024", "scheme", "RESIDENT",
                "county", "341002", "bill.0.date", "2024-03-01", "bill.0.type", "INPATIENT", "bill.0.hospital_level", "SECONDARY", "bill.0.total", "1",
                "bill.1.date", "2023-12-31", "bill.1.type", "INPATIENT", "bill.1.hospital_level", "SECONDARY", "bill.1.total", "1"));
        assertEquals(400, wrongYear.status());
        assertEquals("第 2 笔的结算日期填写有误", wrongYear.byId("error-bill.1.date"), "the server's bills[1].date at its box");
        assertEquals(0, ((TryBillsRequest) fake.last("TryBills")).getPerson().getInsuredYearsCount(), "empty: the policy's year");

        int tries = fake.calls("TryBills").size();
        PageSession.Page bad = s.post("/policies/try", form("source", "stored", "policy_id", "huangshan-2024", "scheme", "RESIDENT", "county", "341002",
                "insured_years", "2024", "bill.0.date", "2024-03-01", "bill.0.type", "INPATIENT", "bill.0.hospital_level", "SECONDARY", "bill.0.total", "12.345"));
        assertEquals(400, bad.status());
        assertTrue(bad.byId("error-bill.0.total").contains("第 1 笔的医疗费用总额须为金额"), bad.byId("error-bill.0.total"));
        PageSession.Page county = s.post("/policies/try", form("source", "stored", "policy_id", "huangshan-2024", "scheme", "RESIDENT", "county", "34",
                "insured_years", "2024", "bill.0.total", "1"));
        assertTrue(county.byId("error-county").contains("6 位县区代码"));
        assertEquals(tries, fake.calls("TryBills").size(), "nothing sent");
    }

    @Test
    void settlementsAreFoundOpenedAsTheStatementRevealedAndReversed() {
        PageSession s = admin();
        s.get("/settlements");
        PageSession.Page found = s.post("/settlements/search", form("hospital_code", "H341002001", "from", "2024-06-01", "to", "2024-06-30",
                "id_number", FakeOffice.PERSON, "status", ""));
        assertEquals(200, found.status(), found.text());
        SearchSettlementsRequest sent = fake.last("SearchSettlements");
        assertEquals("H341002001", sent.getHospitalCode());
        assertEquals(FakeOffice.PERSON, sent.getIdNumber());
        assertEquals("共 2 笔", found.byId("matched"));
        assertTrue(found.text().contains("12345.67"), "1,234,567 fen");
        PageSession.Page badId = s.post("/settlements/search", form("from", "2024-06-01", "to", "2024-06-30", "id_number", "341002195603121238"));
        assertEquals(400, badId.status());
        assertTrue(badId.byId("error-id_number").contains("不是有效的居民身份证号码"));
        PageSession.Page badRange = s.get("/settlements?from=2024-06-30&to=2024-06-01");
        PageSession.Page byLink = s.get("/settlements?from=2024-06-01&to=2024-06-30&id_number=" + FakeOffice.PERSON);
        assertEquals("", fake.<SearchSettlementsRequest>last("SearchSettlements").getIdNumber(), "an ID number in a URL is not taken");
        assertEquals(200, byLink.status());
        assertEquals("共 3 笔", byLink.byId("matched"));
        assertEquals(3, byLink.table("settlements").size(), "a page of two");
        assertEquals("2", byLink.value("page_token"));
        PageSession.Page second = s.post("/settlements/search", form("from", "2024-06-01", "to", "2024-06-30", "page_token", byLink.value("page_token")));
        assertEquals(2, second.table("settlements").size(), "the last one");
        assertEquals("2", fake.<SearchSettlementsRequest>last("SearchSettlements").getPageToken());
        PageSession auditorSearch = as("auditor", FakeOffice.AUDITOR_PASSWORD);
        auditorSearch.get("/settlements");
        assertEquals(200, auditorSearch.post("/settlements/search", form("from", "2024-06-01", "to", "2024-06-30", "id_number", FakeOffice.PERSON)).status(),
                "AUDITOR may search by person");
        assertTrue(badRange.byId("error-to").contains("结束日期不能早于开始日期"));

        PageSession.Page st = s.get("/settlements/H341002001/JS20240610-001");
        assertEquals(200, st.status());
        assertEquals("黄山市人民医院", st.byId("st-hospital"));
        assertEquals(FakeOffice.PERSON_MASKED, st.byId("st-masked"));
        assertEquals("2845.67", st.byId("st-patient"), "1,234,567 - 800,000 - 100,000 - 50,000 fen");
        assertTrue(st.text().contains("一单制结算单") && st.text().contains("低保对象") && st.text().contains("结算政策 (政策编号)"));

        PageSession.Page noReason = s.post("/settlements/H341002001/JS20240610-001/reveal", form("reason", ""));
        assertTrue(noReason.byId("error-reveal_reason").contains("请填写查看原因"));
        PageSession.Page revealed = s.post("/settlements/H341002001/JS20240610-001/reveal", form("reason", "核对患者身份"));
        assertEquals(FakeOffice.PERSON, revealed.byId("st-id-number"));
        assertEquals("核对患者身份", fake.<RevealIdNumberRequest>last("RevealIdNumber").getReason());
        assertFalse(s.get("/settlements/H341002001/JS20240610-001").html().contains(FakeOffice.PERSON), "shown on that answer only");

        PageSession.Page form = s.get("/settlements/H341002001/JS20240610-002");
        String requestId = form.value("request_id");
        PageSession.Page unconfirmed = s.post("/settlements/H341002001/JS20240610-002/reverse", form("request_id", requestId, "reason", "医院书面申请"));
        assertTrue(unconfirmed.byId("error-confirm").contains("确认撤销"));
        PageSession.Page done = s.post("/settlements/H341002001/JS20240610-002/reverse",
                form("request_id", requestId, "reason", "医院书面申请", "confirm", "on"));
        assertEquals(303, done.status(), done.text());
        ReverseRequest r = fake.last("Reverse");
        assertEquals("H341002001", r.getHospitalCode());
        assertEquals(requestId, r.getRequestId());
        // a double submit: the same request id, the same answer
        PageSession.Page again = s.post("/settlements/H341002001/JS20240610-002/reverse",
                form("request_id", requestId, "reason", "医院书面申请", "confirm", "on"));
        assertEquals(303, again.status(), again.text());
        PageSession.Page reversed = s.get(done.location());
        assertTrue(reversed.byId("reversed").contains("已撤销"));
        assertFalse(reversed.has("reverse-form"));
        PageSession.Page twice = s.post("/settlements/H341002001/JS20240610-002/reverse", form("request_id", "console-other", "reason", "再撤", "confirm", "on"));
        assertTrue(twice.byId("error").contains("该结算单已撤销"), twice.text());
        PageSession.Page missing = s.get("/settlements/H341002001/NOPE");
        assertEquals(404, missing.status());
        assertTrue(missing.text().contains("查无此结算单"));

        PageSession.Page auditorView = as("auditor", FakeOffice.AUDITOR_PASSWORD).get("/settlements/H341002001/JS20240610-001");
        assertFalse(auditorView.has("reverse-form"), "no reversal for AUDITOR");
        assertFalse(auditorView.has("reveal-form"), "no 显示 for AUDITOR");
    }

    @Test
    void clearingHasATotalsRowAndItsCsvAddsUpToTheRows() throws Exception {
        PageSession s = as("auditor", FakeOffice.AUDITOR_PASSWORD);
        PageSession.Page p = s.get("/clearing?month=2024-06");
        assertEquals(200, p.status());
        var rows = p.table("clearing");
        assertEquals(5, rows.size(), "header, three hospitals (two pages of the server's), totals");
        assertEquals(List.of("H341002001", "黄山市人民医院", "120", "987654.32", "543210.00", "87654.00", "12345.00", "65432.10", "708641.10", "1200.00",
                "277813.22"), rows.get(1));
        assertEquals(List.of("合计", "", "168", "1114111.11", "614710.01", "97654.03", "12345.00", "75932.10", "800641.14", "1200.00", "312269.97"),
                rows.get(4));

        HttpResponse<byte[]> csv = s.download("/clearing.csv?month=2024-06");
        assertEquals(200, csv.getStatus().getCode());
        assertTrue(csv.getHeaders().get("Content-Type").startsWith("text/csv"));
        byte[] bytes = csv.body();
        assertEquals((byte) 0xEF, bytes[0], "UTF-8 BOM for Excel");
        assertEquals((byte) 0xBB, bytes[1]);
        assertEquals((byte) 0xBF, bytes[2]);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))).getRecords();
        assertEquals(4, records.size());
        CSVRecord total = records.get(3);
        assertEquals("合计", total.get("医疗机构编码"));
        for (String column : List.of("医疗费用总额", "基本医保统筹支付", "大病保险支付", "补充医疗保险支付", "医疗救助支付", "基金支付合计", "超限额部分 (医院承担)",
                "个人自付 (出院应缴)", "结算笔数")) {
            BigDecimal sum = BigDecimal.ZERO;
            for (CSVRecord r : records.subList(0, 3)) sum = sum.add(new BigDecimal(r.get(column)));
            assertEquals(0, sum.compareTo(new BigDecimal(total.get(column))), column + ": rows " + sum + ", totals " + total.get(column));
        }
        long fen = FakeOffice.CLEARING.stream().mapToLong(onestop.v1.ClearingRow::getTotalFen).sum();
        assertEquals(0, new BigDecimal(total.get("医疗费用总额")).compareTo(BigDecimal.valueOf(fen, 2)), "equals the server's rows");
        assertEquals(400, s.get("/clearing?month=2024-13").status());
        // a server that does not let the role list hospitals: the report all the same, by code
        fake.denyNext("ListHospitals");
        PageSession.Page codesOnly = s.get("/clearing?month=2024-06");
        assertEquals(200, codesOnly.status());
        assertEquals(List.of("H341002001", "", "120"), codesOnly.table("clearing").get(1).subList(0, 3));
    }

    @Test
    void reconciliationAlertsAndAuditRender() throws Exception {
        PageSession s = admin();
        PageSession.Page rec = s.get("/reconciliation?date=2024-06-10");
        assertEquals(200, rec.status());
        assertTrue(rec.text().contains("黄山市人民医院"));
        assertTrue(rec.text().contains("应补 12.50"), rec.text());
        assertEquals("2024-06-10", fake.<onestop.v1.ListDailySummariesRequest>last("ListDailySummaries").getDate());

        PageSession civil = as("civil", FakeOffice.CIVIL_PASSWORD);
        PageSession.Page alerts = civil.get("/alerts?quarter=2024-q2");
        assertEquals(200, alerts.status());
        assertEquals("2024-Q2", fake.<onestop.v1.AlertReportRequest>last("GetAlertReport").getQuarter());
        assertTrue(alerts.text().contains(FakeOffice.PERSON) && alerts.text().contains("12345.00"), "the full number for civil affairs");
        HttpResponse<byte[]> csv = civil.download("/alerts.csv?quarter=2024-Q2");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF季度,身份证号码,姓名"), text);
        assertTrue(text.contains("'=HYPERLINK"), "a formula is kept as text: " + text);
        assertTrue(text.contains("20000.01"));
        assertEquals(400, civil.get("/alerts?quarter=2024-5").status());

        PageSession.Page audit = s.get("/audit?actor=admin&action=reveal-id-number&from=2024-06-01&to=2024-06-30");
        assertEquals(200, audit.status());
        onestop.v1.ListAuditRequest a = fake.last("ListAudit");
        assertEquals("admin", a.getActor());
        assertEquals("reveal-id-number", a.getAction());
        assertEquals("2024-06-01", a.getFromDate());
        assertTrue(audit.has("next-page"));
        assertEquals(400, s.get("/audit?from=2024-06-31").status());
    }

    @Test
    void hospitalsAreAddedEditedAndGivenATokenShownOnce() {
        PageSession s = admin();
        PageSession.Page list = s.get("/hospitals");
        assertEquals(200, list.status());
        assertTrue(list.text().contains("三级医院") && list.text().contains("定点医疗机构"));
        String requestId = list.value("request_id");
        PageSession.Page bad = s.post("/hospitals", form("request_id", requestId, "code", "H341005001", "name", "歙县人民医院", "level", "SECONDARY", "county", "3410"));
        assertEquals(400, bad.status());
        assertTrue(bad.byId("error-county").contains("6 位县区代码"));
        assertEquals("歙县人民医院", bad.value("name"), "kept");
        PageSession.Page ok = s.post("/hospitals", form("request_id", requestId, "code", "H341005001", "name", "歙县人民医院", "level", "SECONDARY",
                "county", "341021", "designated", "on"));
        assertEquals(303, ok.status());
        UpsertHospitalRequest up = fake.last("UpsertHospital");
        assertEquals(requestId, up.getRequestId());
        assertTrue(up.getHospital().getDesignated());
        PageSession.Page edit = s.get("/hospitals/H341005001/edit");
        assertEquals("歙县人民医院", edit.value("name"));

        PageSession.Page token = s.post("/hospitals/H341005001/token", form("request_id", "console-token-1"));
        assertEquals(200, token.status());
        assertTrue(token.byId("issued-token").startsWith("os1.hospital.H341005001"));
        assertEquals("H341005001", fake.<IssueAgentTokenRequest>last("IssueAgentToken").getHospitalCode());
        assertFalse(s.get("/hospitals").html().contains("os1.hospital.H341005001"), "shown once");
    }

    private PageSession.Page uploadRoster(PageSession s, byte[] csv, String encoding) {
        PageSession.Page page = s.get("/rosters");
        MultipartBody body = MultipartBody.builder().addPart("_csrf", s.csrf).addPart("request_id", page.value("request_id"))
                .addPart("department", "民政局").addPart("encoding", encoding).addPart("file", "名单.csv", MediaType.TEXT_PLAIN_TYPE, csv).build();
        return s.postMultipart("/rosters/upload", body);
    }

    private PageSession.Page finished(PageSession s, String task) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            PageSession.Page progress = s.getWith(task + "/progress", "HX-Request", "true");
            if (progress.response().getHeaders().get("HX-Redirect") != null) return s.get(task);
            Thread.sleep(100);
        }
        throw new AssertionError("the import did not finish");
    }

    @Test
    void aGbkRosterIsDetectedValidatedInTheBackgroundAndAppliedSkippingBadRows() throws Exception {
        PageSession s = as("civil", FakeOffice.CIVIL_PASSWORD);
        String csv = HEADER + "\r\n" + row(FakeOffice.PERSON) + "\r\n" + row("341002195603121238") + "\r\n";
        PageSession.Page started = uploadRoster(s, csv.getBytes(GBK), "auto");
        assertEquals(303, started.status(), started.text());
        PageSession.Page report = finished(s, started.location());
        assertEquals("GBK", report.byId("encoding"));
        assertEquals("2", report.byId("rows"));
        assertEquals("1", report.byId("problem-count"));
        assertTrue(report.text().contains("身份证号码无效"), report.text());
        ImportIdentitiesRequest sent = fake.last("ImportIdentitiesWithProgress");
        assertEquals(csv, sent.getCsv(), "decoded from GBK, sent as the text it is");
        assertEquals(ImportMode.VALIDATE_ONLY, sent.getMode());
        assertFalse(report.has("apply"), "not clean: only the skipping apply is offered");
        PageSession.Page applied = s.post(started.location() + "/apply", form("mode", "APPLY_SKIPPING_BAD_ROWS", "request_id", report.value("request_id")));
        assertEquals(303, applied.status());
        PageSession.Page result = finished(s, applied.location());
        assertTrue(result.byId("applied").contains("已应用 1 行"), result.text());
        ImportIdentitiesRequest again = fake.last("ImportIdentitiesWithProgress");
        assertEquals(ImportMode.APPLY_SKIPPING_BAD_ROWS, again.getMode());
        assertEquals(csv, again.getCsv(), "the very text that was validated");
        PageSession.Page problems = s.get("/rosters/imports/" + fake.lastReport().getImportId() + "/problems");
        assertEquals(200, problems.status());
        PageSession.Page history = s.get("/rosters");
        assertTrue(history.text().contains("跳过问题行应用") && history.text().contains("已应用 1 行"), history.text());
        // another session cannot see this task
        assertEquals(404, admin().get(started.location()).status());
    }

    @Test
    void aUtf8RosterWithABomIsCleanAndApplied() throws Exception {
        PageSession s = admin();
        String csv = HEADER + "\n" + row(FakeOffice.PERSON) + "\n";
        byte[] bytes = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
        PageSession.Page started = uploadRoster(s, bytes, "auto");
        PageSession.Page report = finished(s, started.location());
        assertEquals("UTF-8", report.byId("encoding"));
        assertEquals(csv, fake.<ImportIdentitiesRequest>last("ImportIdentitiesWithProgress").getCsv(), "without the BOM");
        assertTrue(report.has("apply"));
        PageSession.Page applied = s.post(started.location() + "/apply", form("mode", "APPLY", "request_id", report.value("request_id")));
        assertTrue(finished(s, applied.location()).byId("applied").contains("已应用 1 行"));
    }

    @Test
    void aFileMixingEncodingsIsRefusedWithItsLinesAndNothingSent() throws Exception {
        PageSession s = admin();
        int imports = fake.calls("ImportIdentitiesWithProgress").size();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        b.write((row(FakeOffice.PERSON) + "\n").getBytes(StandardCharsets.UTF_8));
        b.write((row(FakeOffice.PERSON) + "\n").getBytes(GBK));
        PageSession.Page p = uploadRoster(s, b.toByteArray(), "auto");
        assertEquals(400, p.status());
        String error = p.byId("error-file");
        assertTrue(error.contains("混有两种编码") && error.contains("UTF-8 编码的行 (第 1, 2 行)") && error.contains("GBK 编码的行 (第 3 行)"), error);
        PageSession.Page chosen = uploadRoster(s, b.toByteArray(), "UTF-8");
        assertTrue(chosen.byId("error-encoding").contains("文件不是 UTF-8 编码 (第 3 行)"), chosen.byId("error-encoding"));
        assertEquals(imports, fake.calls("ImportIdentitiesWithProgress").size(), "nothing sent");
    }

    @Test
    void anOversizedUploadIsRefusedInChinese() {
        PageSession s = admin();
        byte[] big = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        int imports = fake.calls("ImportIdentitiesWithProgress").size();
        PageSession.Page p = uploadRoster(s, big, "auto");
        assertEquals(413, p.status(), p.text());
        assertTrue(p.text().contains("上传的文件过大 (最大 20 MiB)"), p.text());
        assertEquals(imports, fake.calls("ImportIdentitiesWithProgress").size());
        assertEquals(200, s.get("/rosters").status(), "still answering");
    }
}
