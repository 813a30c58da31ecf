package onestop.agent.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.EngineServer;
import onestop.agent.testing.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cashier page in Debian's headless Chromium, driven by the keyboard only (typing and keys, never a click): a
 * patient admitted with the signed agreement; one who does not qualify, with the printed notice; a discharge from the
 * bill through 预结算 and 结算 to the statement, printed on A4 and on an 80 mm receipt, then reversed with a reason
 * and a confirmation; the status bar during an outage. Every page and state is saved as a PNG under
 * target/screenshots/. Chromium missing is a failure, not a skip.
 */
@Tag("slow")
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CashierPageBrowserTest implements TestPropertyProvider {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");
    static final int WIDTH = 1280;

    @Inject
    EmbeddedServer embedded;

    @Inject
    EngineServer server;

    @Inject
    onestop.agent.application.Forwarder forwarder;

    ChromeDriver driver;
    Path profile;

    /** On a failure: the page as it was, picture and HTML, beside the others. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher keepFailures = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (driver == null) return;
            try {
                String name = "FAILED-" + context.getRequiredTestMethod().getName();
                Files.writeString(SHOTS.resolve(name + ".html"), driver.getPageSource());
                Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            } catch (IOException | RuntimeException e) {
                // the failure itself is what matters
            }
        }
    };

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AgentTestProperties.withEngine();
        p.put("onestop.agent.counter-name", "出院结算1号窗口");
        return p;
    }

    @BeforeAll
    void startChromium() throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium chromium-driver (./onestop test does)");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: apt-get install chromium-driver (./onestop test does)");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("cashier-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900", "--lang=zh-CN", "--font-render-hinting=none");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // a headless window never has the system's focus: behave as the counter's focused window (focus rings drawn)
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
    }

    @AfterAll
    void stopChromium() throws IOException {
        if (driver != null) driver.quit();
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- the keyboard, and nothing else ---------------------------------------------------------------------------

    private String url(String path) {
        return "http://127.0.0.1:" + embedded.getPort() + path;
    }

    private WebElement active() {
        return driver.switchTo().activeElement();
    }

    /** Types into whatever has the focus, as a person does. */
    private void type(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private void chord(Keys modifier, CharSequence key) {
        new Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }

    /** Does {@code keys} and waits for the page they lead to. */
    private void andWait(Runnable keys) {
        // a mark on the old page's window: a new document has a new window object without it. (Selenium's stalenessOf
        // asks the old element, which Chromium may answer mid-navigation with an error that is not "stale".)
        js("window.onestopOldPage = true");
        keys.run();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                return Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return window.onestopOldPage === undefined && document.readyState === 'complete'"));
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false; // the document is being replaced: ask again
            }
        });
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().strip();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String activeId() {
        return active().getAttribute("id");
    }

    // ---- pictures -------------------------------------------------------------------------------------------------

    /** A PNG of the whole page at {@code width} CSS pixels. */
    private void shot(String name, int width) throws IOException {
        long height = Math.max(600, ((Number) js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue());
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        height = Math.max(600, ((Number) js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue());
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Map<String, Object> png = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) png.get("data")));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private void shot(String name) throws IOException {
        shot(name, WIDTH);
    }

    private void media(String media) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", media));
    }

    private boolean shown(String id) {
        List<WebElement> e = driver.findElements(By.id(id));
        return !e.isEmpty() && e.get(0).isDisplayed();
    }

    /** window.print() recorded instead of opening a dialog: the body's classes at each call. */
    private void recordPrints() {
        js("window.__printed = []; window.print = function () { window.__printed.push(document.body.className); };");
    }

    @SuppressWarnings("unchecked")
    private List<String> prints() {
        return (List<String>) js("return window.__printed;");
    }

    /** The page as Chromium prints it (its own @page sizes), saved; the first page's size in PDF points. */
    private double[] pdf(String name) throws IOException {
        // the page's fonts laid out first; Chromium now and then answers "Printing failed" to a print made meanwhile
        ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));");
        Map<String, Object> r = null;
        for (int attempt = 1; r == null; attempt++) {
            try {
                r = driver.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
            } catch (org.openqa.selenium.WebDriverException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Printing failed")) throw e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        byte[] bytes = Base64.getDecoder().decode((String) r.get("data"));
        Files.write(SHOTS.resolve(name + ".pdf"), bytes);
        Matcher m = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]").matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "a MediaBox in " + name);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    // ---- the paths ------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void anEligiblePatientIsAdmittedWithTheKeyboardOnly() throws IOException {
        driver.get(url("/"));
        assertTrue(driver.getCurrentUrl().endsWith("/admission"), driver.getCurrentUrl());
        assertEquals("id_number", activeId(), "the cursor starts in the ID field");
        assertEquals("医保结算中心: 在线", text("link"));
        shot("01-admission");

        type(EngineServer.MINIMUM_LIVING);
        andWait(() -> type(Keys.ENTER));
        assertEquals("免交住院押金", text("deposit"));
        assertEquals("可先诊疗后付费", text("pay-after"));
        assertEquals("低保对象", text("category"));
        assertEquals("agreement_signed", activeId(), "the cursor waits on the agreement");
        shot("02-admission-eligible");

        type(Keys.SPACE);
        assertTrue(driver.findElement(By.id("agreement_signed")).isSelected());
        andWait(() -> type(Keys.ENTER));
        assertTrue(driver.getCurrentUrl().matches(".*/admissions/[0-9]+"), driver.getCurrentUrl());
        assertTrue(text("agreement").contains("已签署"), text("agreement"));
        assertEquals("免交住院押金", text("deposit"));
        shot("03-admitted");
    }

    @Test
    @Order(2)
    void aPatientWhoDoesNotQualifyGetsThePrintedNotice() throws IOException {
        andWait(() -> chord(Keys.ALT, "r"));
        assertTrue(driver.getCurrentUrl().endsWith("/admission"), "Alt+R: " + driver.getCurrentUrl());
        assertEquals("id_number", activeId());
        type(EngineServer.NO_IDENTITY);
        andWait(() -> type(Keys.ENTER));
        assertEquals("需交住院押金", text("deposit"));
        assertEquals("不适用先诊疗后付费", text("pay-after"));
        assertTrue(text("reasons").contains("不属于免押金救助对象 (不在名单内或身份已到期)"), text("reasons"));
        assertEquals("admit", activeId());
        shot("04-admission-not-eligible");

        recordPrints();
        type(Keys.F9);
        assertEquals(1, prints().size(), "F9 prints");
        assertEquals("admit", activeId());
        andWait(() -> type(Keys.ENTER));
        assertEquals("需交住院押金", text("deposit"));
        assertTrue(shown("notice"));
        noticePage = driver.getCurrentUrl();
        shot("05-admitted-with-notice");
        // on paper (print media hides what has the focus, so this comes last)
        media("print");
        assertTrue(shown("notice"), "the notice is printed");
        for (String hidden : List.of("nav", "status", "admitted", "print-notice")) assertFalse(shown(hidden), hidden + " is not printed");
        shot("06-notice-print-a4", 794);
        media("");
    }

    @Test
    @Order(3)
    void aDischargeIsPreSettledSettledPrintedAndReversedWithTheKeyboardOnly() throws IOException {
        Vectors.Step v = Vectors.firstSettle("settlement-huangshan.json", "ci-tilt-minimum-living-halves-threshold-adds-5-points");
        andWait(() -> chord(Keys.ALT, "j"));
        assertTrue(driver.getCurrentUrl().endsWith("/discharge"), "Alt+J: " + driver.getCurrentUrl());
        assertEquals("id_number", activeId());
        String settlementId = driver.findElement(By.id("visit.settlement_id")).getAttribute("value");
        shot("07-discharge");

        type(EngineServer.MINIMUM_LIVING, Keys.TAB, v.bill("total"), Keys.TAB, v.bill("outOfScope"), Keys.TAB, v.bill("priorSelfPay"));
        andWait(() -> type(Keys.F4));
        assertEquals(v.expect().get("patientPay"), text("pre-patient"));
        assertEquals(v.expect().get("basicPay"), driver.findElement(By.cssSelector("#pre-lines tr.line-basic td.amount")).getText());
        assertEquals(v.expect().get("assistancePay"), driver.findElement(By.cssSelector("#pre-lines tr.line-assistance td.amount")).getText());
        assertEquals("settle", activeId(), "the cursor waits on 结算");
        assertEquals(0, server.settlementCount() - before, "预结算 settles nothing");
        shot("08-pre-settled");

        andWait(() -> type(Keys.F8));
        assertTrue(driver.getCurrentUrl().endsWith("/settlements/" + settlementId), driver.getCurrentUrl());
        assertEquals(v.expect().get("patientPay"), text("st-patient"));
        assertEquals(v.expect().get("ciPay"), driver.findElement(By.cssSelector("#st-lines tr.line-critical_illness td.amount")).getText());
        assertEquals("341002********1237", text("st-masked"));
        assertEquals("张秀英", text("st-name"));
        assertEquals("print", activeId());
        shot("09-statement");

        recordPrints();
        type(Keys.F9);
        chord(Keys.SHIFT, Keys.F9);
        assertEquals(2, prints().size(), "F9 and Shift+F9 print");
        assertFalse(prints().get(0).contains("receipt"), "F9: A4");
        assertTrue(prints().get(1).contains("receipt"), "Shift+F9: the 80 mm receipt");
        assertFalse((Boolean) js("return document.body.classList.contains('receipt')"), "back to A4 after printing");

        media("print");
        assertTrue(shown("statement"));
        for (String hidden : List.of("nav", "status", "print", "reverse-form")) assertFalse(shown(hidden), hidden + " is not printed");
        shot("10-statement-print-a4", 794);
        js("document.body.classList.add('receipt')");
        assertTrue(shown("statement"));
        assertFalse(shown("status"));
        shot("11-statement-print-receipt-80mm", 302);
        js("document.body.classList.remove('receipt')");
        media("");
        statementPage = driver.getCurrentUrl();

        chord(Keys.ALT, "x");
        assertEquals("reason", activeId(), "Alt+X: the reversal's reason");
        type("费用录入错误");
        andWait(() -> type(Keys.ENTER));
        assertEquals("confirm", activeId(), "the cursor waits on 确认撤销");
        assertEquals("费用录入错误", text("confirm-reason"));
        assertEquals("SETTLED", server.getSettlement(onestop.v1.GetSettlementRequest.newBuilder().setSettlementId(settlementId).build())
                .getStatus().name(), "not reversed before the confirmation");
        shot("12-reversal-confirm");
        andWait(() -> type(Keys.ENTER));
        assertTrue(text("reversed").contains("已撤销"), text("reversed"));
        assertEquals("REVERSED", server.getSettlement(onestop.v1.GetSettlementRequest.newBuilder().setSettlementId(settlementId).build())
                .getStatus().name());
        shot("13-statement-reversed");
    }

    private int before;
    private String noticePage;
    private String statementPage;

    @BeforeAll
    void count() {
        before = server.settlementCount();
    }

    @Test
    @Order(4)
    void badInputIsNamedAndTheFormKept() throws IOException {
        andWait(() -> chord(Keys.ALT, "j"));
        type(EngineServer.MINIMUM_LIVING, Keys.TAB, "12.345");
        andWait(() -> type(Keys.ENTER));
        assertTrue(text("error").contains("医疗费用总额"), text("error"));
        assertEquals("visit.total", activeId(), "the cursor is on the field to correct");
        assertEquals("12.345", active().getAttribute("value"));
        shot("14-discharge-error");
    }

    /** Chromium's own printing (Page.printToPDF with the page's @page sizes): A4 for the notice and the statement, 80 mm for the receipt. */
    @Test
    @Order(6)
    void pagesPrintOnA4AndOnAnEightyMillimetreReceipt() throws IOException {
        assertTrue(noticePage != null && statementPage != null, "the paths above ran");
        driver.get(noticePage);
        double[] notice = pdf("16-notice-a4");
        assertEquals(595.3, notice[0], 2, "A4 width in points");
        assertEquals(841.9, notice[1], 2, "A4 height in points");
        driver.get(statementPage);
        double[] a4 = pdf("17-statement-a4");
        assertEquals(595.3, a4[0], 2, "A4 width in points");
        driver.get(statementPage + "?format=receipt");
        shot("18-statement-receipt-screen");
        double[] receipt = pdf("19-statement-receipt-80mm");
        assertEquals(226.8, receipt[0], 2, "80 mm wide in points");
    }

    @Test
    @Order(5)
    void theStatusBarSaysConnectionLost() throws IOException {
        server.down.set(true);
        try {
            andWait(() -> chord(Keys.ALT, "r"));
            assertEquals("医保结算中心: 连接中断", text("link"));
            assertTrue(text("offline-line").startsWith("与医保结算中心的连接中断: 资格按本机名单判断"), text("offline-line"));
            type(EngineServer.MINIMUM_LIVING);
            andWait(() -> type(Keys.ENTER));
            assertEquals("免交住院押金", text("deposit"), "decided from the local roster");
            shot("15-offline-admission");
        } finally {
            server.down.set(false);
        }
    }

    @Test
    @Order(6)
    void anOutageDischargeIsAProvisionalStatementAndItsConfirmationShowsTheDifference() throws IOException {
        server.down.set(true);
        String settlementId;
        String date;
        try {
            andWait(() -> chord(Keys.ALT, "j"));
            settlementId = driver.findElement(By.id("visit.settlement_id")).getAttribute("value");
            date = driver.findElement(By.id("visit.date")).getAttribute("value");
            // over the offline limit per bill (¥50,000 by default): refused in words, nothing recorded
            type(EngineServer.MINIMUM_LIVING, Keys.TAB, "60000.00", Keys.TAB, "2000.00", Keys.TAB, "0");
            andWait(() -> type(Keys.F4));
            andWait(() -> type(Keys.F8));
            assertTrue(text("error").contains("临时结算限额"), text("error"));
            shot("20-offline-limit");
            // the request stays pending for the server (it may have reached it); another bill is a new page: Alt+J
            andWait(() -> chord(Keys.ALT, "j"));
            settlementId = driver.findElement(By.id("visit.settlement_id")).getAttribute("value");
            type(EngineServer.MINIMUM_LIVING, Keys.TAB, "30000.00", Keys.TAB, "2000.00", Keys.TAB, "0");
            andWait(() -> type(Keys.F4));
            String prePatient = text("pre-patient");
            assertFalse(prePatient.isEmpty(), "预结算 offline: the same engine from the local roster and policy");
            andWait(() -> type(Keys.F8));
            assertTrue(driver.getCurrentUrl().endsWith("/settlements/" + settlementId), driver.getCurrentUrl());
            assertEquals("临时结算 (待中心确认)", text("st-status"));
            assertEquals(prePatient, text("st-patient"), "what the pre-settlement showed");
            assertTrue(text("provisional").contains("临时结算"), text("provisional"));
            assertTrue(text("journal-pending").contains("1"), text("journal-pending"));
            shot("21-statement-provisional");
            media("print");
            assertTrue(shown("provisional"), "the provisional stamp is printed on the patient's bill");
            shot("22-statement-provisional-print-a4", 794);
            media("");
            // meanwhile another counter settled for the same person at the server: the year there is further along
            server.down.set(false);
            server.settle(onestop.v1.SettleRequest.newBuilder().setRequestId("browser-other-counter").setIdNumber(EngineServer.MINIMUM_LIVING)
                    .setVisit(onestop.v1.Visit.newBuilder().setSettlementId("OTHER-COUNTER-1").setDate(date).setType(onestop.v1.VisitType.INPATIENT).setTotalFen(5_000_000)).build());
        } finally {
            server.down.set(false);
        }
        assertEquals(1, forwarder.forward().forwarded());
        driver.navigate().refresh();
        assertEquals("已结算 (联网)", text("st-status"));
        String difference = text("difference");
        assertTrue(difference.contains("应补") || difference.contains("应退") || difference.contains("无差额"), difference);
        shot("23-statement-confirmed-difference");
    }
}
