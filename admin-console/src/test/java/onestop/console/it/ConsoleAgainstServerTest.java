package onestop.console.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.CategoryPeriod;
import onestop.v1.GetPersonRequest;
import onestop.v1.GetSettlementRequest;
import onestop.v1.HospitalLevel;
import onestop.v1.ListPoliciesRequest;
import onestop.v1.OfficeServiceGrpc;
import onestop.v1.Person;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.Scheme;
import onestop.v1.SearchSettlementsRequest;
import onestop.v1.SearchSettlementsResponse;
import onestop.v1.SettleRequest;
import onestop.v1.Settlement;
import onestop.v1.SettlementResult;
import onestop.v1.SettlementServiceGrpc;
import onestop.v1.SettlementStatus;
import onestop.v1.UpsertPersonRequest;
import onestop.v1.Visit;
import onestop.v1.VisitType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import onestop.console.testing.ConsoleBrowser;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The console as deployed: the real central server process (TLS, --demo: its hospitals, persons and office users) and
 * the real console process trusting the server's certificate, driven by Debian's headless Chromium. Each role logs in
 * with its demo password; a policy with an error is refused at the field and nothing is stored; bills tried on the page
 * equal the server's own pre-settlement; a 100,000-row roster in GBK is imported with its progress and applied, and the
 * persons then hold the identity; a settlement made by a hospital is found and its statement shows the ledger's
 * amounts; the clearing CSV's sums equal the ledger; an auditor's forged reversal (with and without the CSRF token) is
 * refused and changes nothing; a logged-out browser reaches nothing. Screenshots in target/screenshots/real-*.png.
 * The server and console modules must be built ({@code mvn -o -q package -DskipTests}); Maven's verify has done so.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAgainstServerTest {
    static final String HOSPITAL = "H341002001";
    static final String PERSON = "341002195603121237"; // the demo's 张秀英: resident, 341002, 低保对象 since 2024-01-01
    static final int ROSTER_ROWS = 100_000;
    /** The demo logins a server started with --demo creates (DemoData.LOGINS; documented as demo-only). */
    static final Map<String, String> LOGINS = Map.of("admin", "admin-demo-2024", "auditor", "auditor-demo-2024", "civil", "civil-demo-2024");

    Path root;
    Path data;
    Process server;
    Process console;
    int grpcPort;
    int consolePort;
    ManagedChannel channel;
    String hospitalToken;
    String adminToken;
    ConsoleBrowser browser;
    ChromeDriver driver;
    final List<Settlement> settled = new ArrayList<>();

    // ---- processes ----------------------------------------------------------------------------------------------------

    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/policies")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no examples/policies above " + Path.of("").toAbsolutePath());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    String classpath(String module) throws IOException {
        Path classes = root.resolve(module + "/target/classes");
        Path list = root.resolve(module + "/target/runtime-classpath.txt");
        assertTrue(Files.isRegularFile(list), module + " is not built: mvn -o -q package -DskipTests");
        return classes + File.pathSeparator + Files.readString(list, StandardCharsets.UTF_8).strip();
    }

    ProcessBuilder java(String module, String main, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", classpath(module), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(data.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        return pb;
    }

    String token(String... who) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("token"));
        args.addAll(List.of(who));
        args.addAll(List.of("--days", "1", "--data", data.toString()));
        Path out = data.resolve("token.out");
        Process p = java("server", "onestop.server.ServerMain", out, args.toArray(String[]::new)).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, () -> read(out));
        List<String> lines = read(out).strip().lines().toList();
        String token = lines.get(lines.size() - 1).strip();
        assertTrue(token.startsWith("os1."), token);
        return token;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @BeforeAll
    void start() throws Exception {
        root = projectRoot();
        data = Files.createTempDirectory("console-real-");
        grpcPort = freePort();
        server = java("server", "onestop.server.ServerMain", data.resolve("server.log"), "--tls", "--demo", "--data", data.toString(),
                "--port", String.valueOf(grpcPort), "--policies", root.resolve("examples/policies").toString()).start();
        Path cert = data.resolve("tls/server.crt");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!listening(grpcPort) || !Files.isRegularFile(cert)) {
            assertTrue(server.isAlive(), () -> "server exited: " + read(data.resolve("server.log")));
            assertTrue(System.nanoTime() < until, () -> "server not listening: " + read(data.resolve("server.log")));
            Thread.sleep(200);
        }
        consolePort = freePort();
        ProcessBuilder pb = java("admin-console", "onestop.console.ConsoleMain", data.resolve("console.log"));
        pb.environment().put("ONESTOP_CONSOLE_SERVER", "localhost:" + grpcPort);
        pb.environment().put("ONESTOP_CONSOLE_CA_CERT", cert.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(consolePort));
        console = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue(console.isAlive(), () -> "console exited: " + read(data.resolve("console.log")));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (IOException notYet) {
                // not listening yet
            }
            assertTrue(System.nanoTime() < until, () -> "console not up: " + read(data.resolve("console.log")));
            Thread.sleep(200);
        }
        channel = NettyChannelBuilder.forAddress("localhost", grpcPort).sslContext(GrpcSslContexts.forClient().trustManager(cert.toFile()).build())
                .maxInboundMessageSize(32 << 20).build();
        hospitalToken = token("--hospital", HOSPITAL);
        adminToken = token("--office", "it-admin", "--role", "ADMIN");

        browser = ConsoleBrowser.start("http://127.0.0.1:" + consolePort, "chromedriver-console-real.log", Duration.ofSeconds(120));
        driver = browser.driver();
    }

    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (channel != null) channel.shutdownNow();
        for (Process p : new Process[] {console, server}) {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (data != null) {
            try (var walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- gRPC as a hospital and as the office -------------------------------------------------------------------------

    static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    static Visit visit(String id, String date, long totalFen, long outOfScopeFen) {
        return Visit.newBuilder().setSettlementId(id).setDate(date).setType(VisitType.INPATIENT).setHospitalLevel(HospitalLevel.TERTIARY)
                .setTotalFen(totalFen).setOutOfScopeFen(outOfScopeFen).build();
    }

    SettlementServiceGrpc.SettlementServiceBlockingStub settlements(String token) {
        return SettlementServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static String yuan(long fen) {
        return (fen < 0 ? "-" : "") + Math.abs(fen) / 100 + "." + String.format("%02d", Math.abs(fen) % 100);
    }

    // ---- the browser --------------------------------------------------------------------------------------------------

    String url(String path) {
        return "http://127.0.0.1:" + consolePort + path;
    }

    Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    void open(String path) {
        browser.open(path);
    }

    void clickAndWait(By by) {
        browser.clickAndWait(by);
    }

    String text(String id) {
        return browser.text(id);
    }

    void type(String id, String text) {
        browser.type(id, text);
    }

    boolean shown(String id) {
        return browser.shown(id);
    }

    void shot(String name) throws IOException {
        browser.shot("real-" + name);
    }

    void login(String name) {
        browser.login(name, LOGINS.get(name));
    }

    void logout() {
        browser.logout();
    }

    List<String> nav() {
        return browser.nav();
    }

    // ---- the paths ----------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void eachRoleLogsInWithItsDemoPasswordAndSeesItsPages() throws IOException {
        open("/");
        assertTrue(driver.getCurrentUrl().endsWith("/login"), "logged out: the login page");
        type("name", "admin");
        type("password", "not-the-password");
        clickAndWait(By.id("login"));
        assertTrue(driver.getPageSource().contains("用户名或密码不正确"), "a wrong password is said in Chinese");
        login("civil");
        assertEquals(List.of("首页", "救助对象名单", "高额费用预警"), nav());
        shot("01-dashboard-civil");
        logout();
        login("auditor");
        assertEquals(List.of("首页", "政策管理", "结算查询", "清算", "对账", "审计日志"), nav());
        shot("02-dashboard-auditor");
        logout();
        login("admin");
        assertEquals(List.of("首页", "政策管理", "救助对象名单", "医疗机构", "结算查询", "清算", "对账", "高额费用预警", "审计日志"), nav());
        shot("03-dashboard-admin");
    }

    @Test
    @Order(2)
    void aPolicyWithAnErrorIsRefusedAtTheFieldAndNothingIsStored() throws Exception {
        String yaml = Files.readString(root.resolve("examples/policies/heyuan-2019.yaml"), StandardCharsets.UTF_8)
                .replace("heyuan-2019", "heyuan-2030");
        String broken = yaml.replaceFirst("rate: \"?0\\.[0-9]+\"?", "rate: \"1.5\"");
        assertFalse(broken.equals(yaml), "the example has a rate to break");
        open("/policies/upload");
        js("document.getElementById('yaml').value = arguments[0];", broken);
        type("file_name", "heyuan-2030.yaml");
        clickAndWait(By.id("upload"));
        assertTrue(text("error-yaml").contains("rate"), text("error-yaml"));
        shot("04-policy-upload-error");
        var policies = AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(adminToken))
                .listPolicies(ListPoliciesRequest.getDefaultInstance()).getPoliciesList();
        assertTrue(policies.stream().noneMatch(p -> p.getPolicyId().contains("2030")), "nothing stored");
    }

    @Test
    @Order(3)
    void billsTriedOnThePageEqualTheServersPreSettlement() throws IOException {
        SettlementResult expected = settlements(hospitalToken).preSettle(SettleRequest.newBuilder().setRequestId("it-pre-1").setIdNumber(PERSON)
                .setVisit(visit("TRY-1", "2024-06-10", 1_200_000, 50_000)).build());
        open("/policies/try?policy_id=huangshan-2024");
        new Select(driver.findElement(By.id("scheme"))).selectByValue("RESIDENT");
        type("county", "341002");
        type("insured_years", "2024");
        driver.findElement(By.id("cat.MINIMUM_LIVING")).click();
        type("bill.0.date", "2024-06-10");
        new Select(driver.findElement(By.id("bill.0.hospital_level"))).selectByValue("TERTIARY");
        type("bill.0.total", "12000.00");
        type("bill.0.out_of_scope", "500.00");
        clickAndWait(By.id("try"));
        assertTrue(shown("tried"), driver.getPageSource());
        String lines = text("lines-1");
        for (long fen : new long[] {expected.getBasicPayFen(), expected.getCiPayFen(), expected.getAssistancePayFen(), expected.getFundPayFen(),
                expected.getPatientPayFen()}) {
            assertTrue(lines.contains(yuan(fen)), yuan(fen) + " in " + lines);
        }
        shot("05-try-a-bill");
    }

    /** GB 11643: 17 digits and the check character. */
    static String idNumber(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static String member(int i) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(i / 1000);
        return idNumber("341002" + birth.toString().replace("-", "") + String.format("%03d", i % 1000));
    }

    /** The persons the roster names, insured in 2024, by the office's UpsertPerson (many in flight). */
    void seedPersons(int count) throws InterruptedException {
        var stub = onestop.v1.AdminServiceGrpc.newStub(channel).withCallCredentials(bearer(adminToken));
        Semaphore inFlight = new Semaphore(256);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < count && failed.get() == null; i++) {
            inFlight.acquire();
            Person p = Person.newBuilder().setIdNumber(member(i)).setName("成员" + i).setScheme(Scheme.RESIDENT).setCounty("341002")
                    .addInsuredYears(2024).build();
            stub.withDeadlineAfter(120, TimeUnit.SECONDS).upsertPerson(UpsertPersonRequest.newBuilder().setRequestId("seed-" + i).setPerson(p).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(Person value) {}

                        @Override
                        public void onError(Throwable t) {
                            failed.compareAndSet(null, t);
                            inFlight.release();
                        }

                        @Override
                        public void onCompleted() {
                            inFlight.release();
                        }
                    });
        }
        assertTrue(inFlight.tryAcquire(256, 180, TimeUnit.SECONDS), "the seeding finished");
        assertEquals(null, failed.get());
    }

    @Test
    @Order(4)
    void aRosterOf100000RowsInGbkIsImportedWithItsProgressAndApplied() throws Exception {
        seedPersons(ROSTER_ROWS);
        StringBuilder csv = new StringBuilder("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\r\n");
        for (int i = 0; i < ROSTER_ROWS; i++) {
            csv.append("屯溪街道,老街社区,王建国,34100219800101004X,3,成员").append(i).append(',').append(member(i))
                    .append(",新识别,2024-03-01,低保对象\r\n");
        }
        Path file = data.resolve("roster-gbk.csv");
        Files.write(file, csv.toString().getBytes(Charset.forName("GBK")));
        open("/rosters");
        driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        clickAndWait(By.id("upload"));
        assertTrue(driver.getCurrentUrl().contains("/rosters/tasks/"), () -> driver.getCurrentUrl() + "\n" + driver.getPageSource());
        // htmx swaps the progress in place every second: an element read may be gone the next moment
        browser.await(120, () -> shown("report") || (shown("rows-read") && !text("rows-read").equals("0")));
        if (!shown("report")) shot("06-roster-progress");
        browser.await(300, () -> shown("report"));
        assertEquals("GBK", text("encoding"));
        assertEquals(String.valueOf(ROSTER_ROWS), text("rows").replace(",", ""));
        assertEquals("0", text("problem-count"), () -> driver.getPageSource());
        shot("07-roster-report");
        js("window.confirm = function () { return true; }");
        clickAndWait(By.id("apply"));
        browser.await(300, () -> shown("applied"));
        assertTrue(text("applied").replace(",", "").contains(String.valueOf(ROSTER_ROWS)), text("applied"));
        shot("08-roster-applied");
        var persons = PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(adminToken));
        for (int i : new int[] {0, 4_321, ROSTER_ROWS - 1}) {
            Person p = persons.getPerson(GetPersonRequest.newBuilder().setIdNumber(member(i)).build());
            List<CategoryPeriod> held = p.getCategoriesList();
            assertTrue(held.stream().anyMatch(c -> c.getCategory() == onestop.v1.Category.MINIMUM_LIVING && c.getFrom().equals("2024-03-01")),
                    member(i) + " holds 低保对象 from 2024-03-01: " + held);
        }
    }

    @Test
    @Order(6)
    void aSettlementIsFoundAndItsStatementShowsTheLedgersAmounts() throws IOException {
        long[][] bills = {{1_200_000, 50_000}, {345_678, 0}, {2_500_000, 120_000}};
        for (int i = 0; i < bills.length; i++) {
            settled.add(settlements(hospitalToken).settle(SettleRequest.newBuilder().setRequestId("it-settle-" + i).setIdNumber(PERSON)
                    .setVisit(visit("IT-" + i, "2024-06-1" + i, bills[i][0], bills[i][1])).build()));
        }
        open("/settlements");
        js("document.getElementById('from').value = '2024-06-01'; document.getElementById('to').value = '2024-06-30';");
        type("id_number", PERSON);
        clickAndWait(By.id("search"));
        assertTrue(text("matched").contains("3"), text("matched"));
        assertFalse(driver.getCurrentUrl().contains(PERSON), "the ID number is not in the address");
        shot("09-settlements");
        Settlement second = settled.get(1);
        clickAndWait(By.linkText("IT-1"));
        assertEquals("IT-1", text("st-id"));
        assertEquals("黄山市人民医院", text("st-hospital"));
        assertEquals("341002********1237", text("st-masked"));
        assertEquals(yuan(second.getResult().getPatientPayFen()), text("st-patient"));
        String lines = text("st-lines");
        for (long fen : new long[] {second.getResult().getTotalFen(), second.getResult().getBasicPayFen(), second.getResult().getFundPayFen()}) {
            assertTrue(lines.contains(yuan(fen)), yuan(fen) + " in " + lines);
        }
        shot("10-statement");
    }

    @Test
    @Order(5)
    void badUploadsGetAClearAnswerNothingIsAppliedAndTheConsoleStaysResponsive() throws Exception {
        // a roster with a column missing: the server's report names the header; nothing can be applied
        Path wrong = data.resolve("wrong-columns.csv");
        Files.write(wrong, ("乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,类别\r\n"
                + "屯溪街道,老街社区,王建国,34100219800101004X,3,成员0," + member(0) + ",新识别,低保对象\r\n").getBytes(StandardCharsets.UTF_8));
        open("/rosters");
        driver.findElement(By.id("file")).sendKeys(wrong.toAbsolutePath().toString());
        clickAndWait(By.id("upload"));
        browser.await(120, () -> shown("report"));
        assertFalse("0".equals(text("problem-count")), "the missing column is a problem");
        assertTrue(driver.getPageSource().contains("表头") || driver.getPageSource().contains("列"), "the header named");
        assertFalse(shown("apply"), "nothing to apply from a file with a bad header");
        shot("13-roster-wrong-columns");

        // a 50 MiB file: refused at the console's door, in Chinese
        Path big = data.resolve("big.csv");
        try (var out = Files.newOutputStream(big)) {
            byte[] line = ("屯溪街道,老街社区,王建国,34100219800101004X,3,成员0," + member(0) + ",新识别,2024-03-01,低保对象\r\n").getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 50L << 20; written += line.length) out.write(line);
        }
        open("/rosters");
        driver.findElement(By.id("file")).sendKeys(big.toAbsolutePath().toString());
        driver.findElement(By.id("upload")).click(); // refused in the page before anything is sent: no new page
        browser.await(30, () -> shown("error-file") && text("error-file").contains("上传的文件过大"));
        assertTrue(driver.getCurrentUrl().endsWith("/rosters"), driver.getCurrentUrl());
        shot("14-roster-too-large");
        // and at the door for a caller without the page's script: 413 in Chinese, the connection closed, nothing sent on
        String session = driver.manage().getCookieNamed("onestop_console").getValue();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/rosters/upload")))
                .header("Cookie", "onestop_console=" + session).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofFile(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode());
        assertTrue(refused.body().contains("上传的文件过大"), refused.body());

        // a YAML bomb as a policy: the server's bounded reader refuses it at the field, quickly
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char q = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, "*" + q))).append("]\n");
        }
        open("/policies/upload");
        js("document.getElementById('yaml').value = arguments[0];", bomb.toString());
        type("file_name", "bomb.yaml");
        long started = System.nanoTime();
        clickAndWait(By.id("upload"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(shown("error-yaml"), driver.getPageSource());
        assertTrue(millis < 20_000, "answered in " + millis + " ms");
        shot("15-policy-yaml-bomb");
        open("/");
        assertTrue(shown("today-total") || driver.getPageSource().contains("首页"), "still answering");
    }

    /** Every settlement of the month in the ledger (the office's search, another path than the clearing report). */
    Map<String, long[]> ledgerSums(String from, String to) {
        var office = OfficeServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(adminToken));
        Map<String, long[]> sums = new HashMap<>();
        String page = "";
        do {
            SearchSettlementsResponse r = office.searchSettlements(SearchSettlementsRequest.newBuilder().setFromDate(from).setToDate(to)
                    .setStatus(SettlementStatus.SETTLED).setPageSize(200).setPageToken(page).build());
            for (Settlement s : r.getSettlementsList()) {
                SettlementResult x = s.getResult();
                long supplementary = x.getSupplementaryList().stream().mapToLong(onestop.v1.SupplementaryPayment::getPayFen).sum();
                long[] a = sums.computeIfAbsent(s.getHospitalCode(), k -> new long[9]);
                long[] add = {1, x.getTotalFen(), x.getBasicPayFen(), x.getCiPayFen(), supplementary, x.getAssistancePayFen(), x.getFundPayFen(),
                    x.getHospitalAbsorbedFen(), x.getPatientPayFen()};
                for (int i = 0; i < a.length; i++) a[i] += add[i];
            }
            page = r.getNextPageToken();
        } while (!page.isEmpty());
        return sums;
    }

    @Test
    @Order(7)
    void theClearingCsvSumsEqualTheLedger() throws Exception {
        open("/clearing?month=2024-06");
        shot("11-clearing");
        String session = driver.manage().getCookieNamed("onestop_console").getValue();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/clearing.csv?month=2024-06")))
                .header("Cookie", "onestop_console=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF"), "a BOM for Excel");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(text.substring(1))).getRecords();
        Map<String, long[]> ledger = ledgerSums("2024-06-01", "2024-06-30");
        assertFalse(ledger.isEmpty());
        List<String> columns = List.of("结算笔数", "医疗费用总额", "基本医保统筹支付", "大病保险支付", "补充医疗保险支付", "医疗救助支付", "基金支付合计",
                "超限额部分 (医院承担)", "个人自付 (出院应缴)");
        long[] total = new long[9];
        int hospitals = 0;
        for (CSVRecord rec : records) {
            String code = rec.get("医疗机构编码");
            if (code.equals("合计")) {
                for (int i = 0; i < columns.size(); i++) assertEquals(total[i], amount(rec.get(columns.get(i)), i == 0), "合计 " + columns.get(i));
                continue;
            }
            long[] expected = ledger.get(code);
            assertTrue(expected != null, code + " is in the ledger");
            for (int i = 0; i < columns.size(); i++) {
                long got = amount(rec.get(columns.get(i)), i == 0);
                assertEquals(expected[i], got, code + " " + columns.get(i));
                total[i] += got;
            }
            hospitals++;
        }
        assertEquals(ledger.size(), hospitals, "one line per hospital with settlements");
    }

    /** A CSV cell: a count, or yuan with two decimals, as fen. */
    static long amount(String cell, boolean count) {
        if (count) return Long.parseLong(cell.strip());
        assertTrue(cell.matches("-?[0-9]+\\.[0-9]{2}"), "yuan with two decimals: " + cell);
        return Long.parseLong(cell.replace(".", ""));
    }

    @Test
    @Order(8)
    void anAuditorsForgedReversalIsRefusedWithOrWithoutTheCsrfTokenAndChangesNothing() throws Exception {
        logout();
        login("auditor");
        Settlement target = settled.get(0);
        open("/settlements/" + HOSPITAL + "/" + target.getSettlementId());
        assertFalse(shown("reverse-form"), "no reversal form for an auditor");
        String csrf = (String) js("return document.querySelector('meta[name=csrf-token]').content");
        assertFalse(csrf == null || csrf.isEmpty());
        String post = "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                + ".then(r => done(r.status)).catch(e => done(-1));";
        String path = url("/settlements/" + HOSPITAL + "/" + target.getSettlementId() + "/reverse");
        long withToken = ((Number) browser.asyncJs(post, path,
                "_csrf=" + csrf + "&request_id=forged-1&reason=forged&confirm=on")).longValue();
        long withoutToken = ((Number) browser.asyncJs(post, path,
                "request_id=forged-2&reason=forged&confirm=on")).longValue();
        assertEquals(403, withToken, "the auditor's role may not reverse");
        assertEquals(403, withoutToken, "no CSRF token");
        shot("12-auditor-statement");
        Settlement now = settlements(adminToken).getSettlement(GetSettlementRequest.newBuilder().setHospitalCode(HOSPITAL)
                .setSettlementId(target.getSettlementId()).build());
        assertEquals(SettlementStatus.SETTLED, now.getStatus(), "nothing changed");
        logout();
        for (String page : List.of("/", "/settlements", "/clearing?month=2024-06", "/rosters", "/audit")) {
            open(page);
            assertTrue(driver.getCurrentUrl().endsWith("/login"), page + " logged out: " + driver.getCurrentUrl());
        }
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/clearing.csv?month=2024-06"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(csv.statusCode() == 200 && csv.body().contains("合计"), "no session, no clearing file");
    }
}
