package onestop.console.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import onestop.console.testing.ConsoleBrowser;
import onestop.console.testing.FakeOffice;
import onestop.console.testing.Fakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in Debian's headless Chromium, the central server the fake: each role logs in and visits every page it
 * may; a policy upload with an error names the field; bills are tried; a GBK roster is imported with its progress bar
 * and applied skipping the bad row; a settlement is found, opened as the statement and printed; the clearing and the
 * alerts in print view; a page of another role is refused. Every page is saved as a PNG under target/screenshots/.
 * Chromium missing is a failure, not a skip.
 */
@Tag("slow")
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer embedded;

    final FakeOffice fake = Fakes.office();
    ConsoleBrowser browser;
    ChromeDriver driver;

    /** On a failure: the page as it was, picture and HTML, beside the others. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher keepFailures = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (browser != null) browser.keepFailure("FAILED-" + context.getRequiredTestMethod().getName());
        }
    };

    @Override
    public Map<String, String> getProperties() {
        return Fakes.consoleProperties();
    }

    @BeforeAll
    void startChromium() throws IOException {
        browser = ConsoleBrowser.start("http://127.0.0.1:" + embedded.getPort(), "chromedriver-console.log", Duration.ofSeconds(20));
        driver = browser.driver();
    }

    @AfterAll
    void stopChromium() throws IOException {
        if (browser != null) browser.close();
        fake.importPauseMillis = 0;
    }

    // ---- the browser's verbs, by their short names ------------------------------------------------------------------

    private Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    private void open(String path) {
        browser.open(path);
    }

    private void clickAndWait(By by) {
        browser.clickAndWait(by);
    }

    private String text(String id) {
        return browser.text(id);
    }

    private void type(String id, String text) {
        browser.type(id, text);
    }

    private boolean shown(String id) {
        return browser.shown(id);
    }

    private void shot(String name, int width) throws IOException {
        browser.shot(name, width);
    }

    private void shot(String name) throws IOException {
        browser.shot(name);
    }

    private void media(String media) {
        browser.media(media);
    }

    private double[] pdf(String name) throws IOException {
        return browser.pdf(name);
    }

    /** Every page of the role's navigation, each saved as a picture. */
    private void everyPage(String role, int first) throws IOException {
        List<String> hrefs = driver.findElements(By.cssSelector("#nav a")).stream().map(e -> e.getAttribute("href")).toList();
        int n = first;
        for (String href : hrefs) {
            driver.get(href);
            browser.waitLoaded();
            assertTrue(driver.findElements(By.id("error")).isEmpty(), href + ": " + driver.getPageSource());
            String page = href.replaceAll("^https?://[^/]+/?", "").replace('/', '-');
            shot(String.format("%02d-%s-%s", n++, role, page.isEmpty() ? "home" : page));
        }
    }

    private void login(String name, String password) {
        browser.login(name, password);
    }

    private void logout() {
        browser.logout();
    }

    private List<String> nav() {
        return browser.nav();
    }

    // ---- the paths --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void adminLogsInAndSeesTheDashboardWithItsChart() throws IOException {
        open("/");
        assertTrue(driver.getCurrentUrl().endsWith("/login"), "logged out: the login page");
        shot("01-login");
        type("name", "admin");
        type("password", "wrong");
        clickAndWait(By.id("login"));
        assertTrue(text("error").contains("用户名或密码不正确"), text("error"));
        shot("02-login-wrong-password");
        login("admin", FakeOffice.ADMIN_PASSWORD);
        assertEquals("角色: 管理员", text("role"));
        assertEquals(List.of("首页", "政策管理", "救助对象名单", "医疗机构", "结算查询", "清算", "对账", "高额费用预警", "审计日志"), nav());
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "5".equals(js("return document.getElementById('chart').getAttribute('data-drawn')")));
        assertEquals("50000.00", text("today-total"));
        shot("03-dashboard-admin");
    }

    @Test
    @Order(2)
    void policiesAreListedViewedDiffedAndAnUploadWithAnErrorNamesTheField() throws IOException {
        open("/policies");
        assertTrue(driver.findElement(By.id("policies")).getText().contains("huangshan-2024"));
        shot("04-policies");
        open("/policies/huangshan-2024");
        assertTrue(text("yaml").startsWith("#") || text("yaml").contains("id: huangshan-2024"));
        shot("05-policy-view");
        clickAndWait(By.id("diff"));
        assertEquals("6", text("added"));
        shot("06-policy-diff");
        open("/policies/upload");
        String yaml = onestop.console.testing.ExampleFiles.policy("heyuan-2019").replace("id: heyuan-2019", "id: heyuan-2020")
                .replace("rate: \"0.85\"", "rate: \"1.5\"");
        js("document.getElementById('yaml').value = arguments[0];", yaml.contains("rate: \"1.5\"") ? yaml
                : yaml.replaceFirst("rate: \"[0-9.]+\"", "rate: \"1.5\""));
        type("file_name", "heyuan-2020.yaml");
        clickAndWait(By.id("upload"));
        assertTrue(text("error-yaml").contains("rate"), text("error-yaml"));
        assertTrue(driver.findElement(By.id("yaml")).getAttribute("class").contains("invalid"));
        shot("07-policy-upload-error");
    }

    @Test
    @Order(3)
    void billsAreTried() throws IOException {
        open("/policies/try?policy_id=huangshan-2024");
        driver.findElement(By.id("cat.MINIMUM_LIVING")).click();
        type("bill.0.date", "2024-03-01");
        type("bill.0.total", "10000.00");
        type("bill.0.out_of_scope", "1000");
        type("bill.1.date", "2024-05-01");
        type("bill.1.total", "2345.67");
        new Select(driver.findElement(By.id("bill.1.hospital_level"))).selectByValue("TERTIARY");
        shot("08-try-form");
        clickAndWait(By.id("try"));
        assertTrue(shown("tried"));
        assertTrue(text("lines-1").contains("5400.00"), text("lines-1"));
        shot("09-try-result");
    }

    @Test
    @Order(4)
    void aGbkRosterIsImportedWithItsProgressBarAndAppliedSkippingTheBadRow() throws IOException {
        StringBuilder csv = new StringBuilder("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\r\n");
        for (int i = 0; i < 6000; i++) {
            String id = i == 17 ? "341002195603121238" : FakeOffice.PERSON;
            csv.append("屯溪区,黎阳镇,张三,").append(FakeOffice.PERSON).append(",3,张秀英,").append(id).append(",新识别,2024-06-01,MINIMUM_LIVING\r\n");
        }
        Path file = Files.createTempFile("roster-gbk-", ".csv");
        Files.write(file, csv.toString().getBytes(Charset.forName("GBK")));
        fake.importPauseMillis = 700;
        try {
            open("/rosters");
            shot("10-rosters");
            driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
            clickAndWait(By.id("upload"));
            assertTrue(driver.getCurrentUrl().contains("/rosters/tasks/"), driver.getCurrentUrl());
            // htmx polls the bar every second: it moves while the server checks the rows
            browser.await(20, () -> shown("report")
                    || (shown("rows-total") && Integer.parseInt(text("rows-read")) > 0));
            if (!shown("report")) {
                assertTrue(driver.findElement(By.id("bar")).getAttribute("value").matches("[1-9][0-9]?"), "the bar moved");
                shot("11-roster-progress");
            }
            browser.await(30, () -> shown("report"));
        } finally {
            fake.importPauseMillis = 0;
            Files.deleteIfExists(file);
        }
        assertEquals("GBK", text("encoding"));
        assertEquals("6000", text("rows"));
        assertEquals("1", text("problem-count"));
        shot("12-roster-report");
        js("window.confirm = function () { return true; }");
        clickAndWait(By.id("apply-skipping"));
        browser.await(30, () -> shown("applied"));
        assertTrue(text("applied").contains("已应用 5999 行"), text("applied"));
        shot("13-roster-applied");
    }

    @Test
    @Order(5)
    void hospitalsAndAnAgentTokenShownOnce() throws IOException {
        open("/hospitals");
        shot("14-hospitals");
        js("window.confirm = function () { return true; }");
        clickAndWait(By.id("token-H341003001"));
        assertTrue(text("issued-token").startsWith("os1.hospital.H341003001"));
        shot("15-hospital-token");
    }

    @Test
    @Order(6)
    void aSettlementIsFoundOpenedAsTheStatementAndPrinted() throws IOException {
        open("/settlements");
        type("from", "");
        js("document.getElementById('from').value = '2024-06-01'; document.getElementById('to').value = '2024-06-30';");
        type("id_number", FakeOffice.PERSON);
        clickAndWait(By.id("search"));
        assertTrue(text("matched").startsWith("共"), text("matched"));
        assertFalse(driver.getCurrentUrl().contains(FakeOffice.PERSON), "the ID number is not in the address");
        shot("16-settlements");
        clickAndWait(By.linkText("JS20240610-001"));
        assertEquals("黄山市人民医院", text("st-hospital"));
        assertEquals(FakeOffice.PERSON_MASKED, text("st-masked"));
        shot("17-statement");
        type("reveal_reason", "核对患者身份");
        clickAndWait(By.id("reveal"));
        assertEquals(FakeOffice.PERSON, text("st-id-number"));
        shot("18-statement-revealed");
        media("print");
        assertTrue(shown("statement"));
        for (String hidden : List.of("top", "print", "reverse-form")) assertFalse(shown(hidden), hidden + " is not printed");
        shot("19-statement-print", 794);
        media("");
        double[] a4 = pdf("19-statement-a4");
        assertEquals(595.3, a4[0], 2, "A4 portrait, width in points");
        assertEquals(841.9, a4[1], 2);
    }

    @Test
    @Order(7)
    void clearingReconciliationAlertsAndAudit() throws IOException {
        open("/clearing?month=2024-06");
        assertTrue(text("totals").contains("1114111.11"), text("totals"));
        shot("20-clearing");
        media("print");
        assertFalse(shown("clearing-form"));
        shot("21-clearing-print", 1123);
        media("");
        double[] landscape = pdf("21-clearing-a4-landscape");
        assertEquals(841.9, landscape[0], 2, "a wide report prints on A4 landscape");
        open("/reconciliation?date=2024-06-10");
        shot("22-reconciliation");
        open("/alerts?quarter=2024-Q2");
        assertTrue(driver.findElement(By.id("alerts")).getText().contains(FakeOffice.PERSON));
        shot("23-alerts");
        media("print");
        shot("24-alerts-print", 794);
        media("");
        open("/audit");
        shot("25-audit");
        logout();
    }

    @Test
    @Order(8)
    void theAuditorReadsButCannotChange() throws IOException {
        login("auditor", FakeOffice.AUDITOR_PASSWORD);
        assertEquals("角色: 审计员", text("role"));
        assertEquals(List.of("首页", "政策管理", "结算查询", "清算", "对账", "审计日志"), nav());
        shot("26-dashboard-auditor");
        open("/settlements/H341002001/JS20240610-001");
        assertFalse(shown("reverse-form"));
        assertFalse(shown("reveal-form"));
        shot("27-statement-auditor");
        open("/hospitals");
        assertTrue(driver.getPageSource().contains("无权"));
        shot("28-auditor-refused");
        open("/");
        everyPage("auditor", 40);
        logout();
    }

    @Test
    @Order(9)
    void civilAffairsSeesItsThreePages() throws IOException {
        login("civil", FakeOffice.CIVIL_PASSWORD);
        assertEquals("角色: 民政", text("role"));
        assertEquals(List.of("首页", "救助对象名单", "高额费用预警"), nav());
        shot("29-dashboard-civil");
        open("/rosters");
        shot("30-rosters-civil");
        open("/alerts?quarter=2024-Q2");
        shot("31-alerts-civil");
        open("/settlements");
        assertTrue(driver.getPageSource().contains("无权"));
        open("/");
        everyPage("civil", 50);
        logout();
        open("/alerts");
        assertTrue(driver.getCurrentUrl().endsWith("/login"), "logged out reaches nothing");
        assertTrue(Files.size(ConsoleBrowser.SHOTS.resolve("03-dashboard-admin.png")) > 10_000);
        assertTrue(new String(Files.readAllBytes(ConsoleBrowser.SHOTS.resolve("01-login.png")), StandardCharsets.ISO_8859_1).startsWith("\u0089PNG"));
    }
}
