package onestop.console.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium on the console, for the browser tests (against the fake server and against the real
 * processes): a fresh profile, the flags these machines need, and what the tests do with a page — open, click and wait
 * for the next page, read and type by id, screenshots and PDFs under target/screenshots/. Chromium missing is a
 * failure, not a skip.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SHOTS = Path.of("target", "screenshots");
    public static final int WIDTH = 1366;

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;
    private final Duration patience;

    private ConsoleBrowser(ChromeDriver driver, Path profile, String base, Duration patience) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
        this.patience = patience;
    }

    /** Chromium on the console at {@code base} (http://127.0.0.1:PORT); {@code patience} bounds each wait for a page. */
    public static ConsoleBrowser start(String base, String driverLog, Duration patience) throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium chromium-driver (./onestop test does)");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: apt-get install chromium-driver (./onestop test does)");
        Files.createDirectories(SHOTS);
        Path profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900", "--lang=zh-CN", "--font-render-hinting=none");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/" + driverLog)).build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(patience);
        return new ConsoleBrowser(driver, profile, base, patience);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public String url(String path) {
        return base + path;
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    public void open(String path) {
        driver.get(url(path));
        waitLoaded();
    }

    public void waitLoaded() {
        new WebDriverWait(driver, patience).until(d -> "complete".equals(js("return document.readyState")));
    }

    /** Clicks and waits for the page it leads to. */
    public void clickAndWait(By by) {
        js("window.consoleOldPage = true");
        driver.findElement(by).click();
        new WebDriverWait(driver, patience).until(d -> {
            try {
                return Boolean.TRUE.equals(js("return window.consoleOldPage === undefined && document.readyState === 'complete'"));
            } catch (WebDriverException navigating) {
                return false;
            }
        });
    }

    /** Waits up to {@code seconds} for {@code condition}, through htmx swapping the elements it reads. */
    public void await(long seconds, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class).until(d -> condition.getAsBoolean());
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText().strip();
    }

    public void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    public boolean shown(String id) {
        List<WebElement> e = driver.findElements(By.id(id));
        return !e.isEmpty() && e.get(0).isDisplayed();
    }

    /** The navigation's entries, as the role sees them. */
    public List<String> nav() {
        return driver.findElements(By.cssSelector("#nav a")).stream().map(e -> e.getText().strip()).toList();
    }

    public void login(String name, String password) {
        open("/login");
        type("name", name);
        type("password", password);
        clickAndWait(By.id("login"));
        assertTrue(driver.getCurrentUrl().endsWith("/"), () -> name + ": " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
    }

    public void logout() {
        clickAndWait(By.id("logout"));
        assertTrue(driver.getCurrentUrl().endsWith("/login"), driver.getCurrentUrl());
    }

    /** A PNG of the whole page at {@code width} CSS pixels, once its fonts are in. */
    public void shot(String name, int width) throws IOException {
        asyncJs("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));");
        long height = pageHeight();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        height = pageHeight();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", Math.min(height, 4000), "deviceScaleFactor", 1,
                "mobile", false));
        Map<String, Object> png = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) png.get("data")));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    public void shot(String name) throws IOException {
        shot(name, WIDTH);
    }

    private long pageHeight() {
        return Math.max(600, ((Number) js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue());
    }

    public void media(String media) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", media));
    }

    /** The page as Chromium prints it (its own @page sizes), saved as a PDF; the first page's size in PDF points. */
    public double[] pdf(String name) throws IOException {
        asyncJs("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));");
        Map<String, Object> r = driver.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
        byte[] bytes = Base64.getDecoder().decode((String) r.get("data"));
        Files.write(SHOTS.resolve(name + ".pdf"), bytes);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]")
                .matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "a MediaBox in " + name);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    /** On a failure: the page as it was, picture and HTML, beside the others. */
    public void keepFailure(String name) {
        try {
            Files.writeString(SHOTS.resolve(name + ".html"), driver.getPageSource());
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // the failure itself is what matters
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
