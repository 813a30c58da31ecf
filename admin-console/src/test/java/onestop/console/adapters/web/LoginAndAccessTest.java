package onestop.console.adapters.web;

import static onestop.console.adapters.web.PageSession.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import onestop.console.application.Sessions;
import onestop.console.testing.FakeOffice;
import onestop.console.testing.Fakes;
import onestop.v1.LoginRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Logging in and out, the session's cookie, CSRF on every form, and each role's reach: by the navigation, by a direct
 * URL and by a forged post (with and without the token); a logged-out browser reaches nothing but the login page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAndAccessTest implements TestPropertyProvider {
    /** Every POST of the console with a form body that would do something. */
    static final List<String> POSTS = List.of("/logout", "/policies/upload", "/rosters/upload", "/policies/try", "/settlements/search", "/hospitals", "/hospitals/H341002001/token",
            "/settlements/H341002001/JS20240610-001/reverse", "/settlements/H341002001/JS20240610-001/reveal", "/rosters/tasks/x/apply");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Sessions sessions;

    final FakeOffice fake = Fakes.office();

    @Override
    public Map<String, String> getProperties() {
        return Fakes.consoleProperties();
    }

    private PageSession as(String name, String password) {
        return PageSession.loggedIn(client, name, password);
    }

    PageSession admin() {
        return as("admin", FakeOffice.ADMIN_PASSWORD);
    }

    PageSession auditor() {
        return as("auditor", FakeOffice.AUDITOR_PASSWORD);
    }

    PageSession civil() {
        return as("civil", FakeOffice.CIVIL_PASSWORD);
    }

    @Test
    void loginKeepsTheTokenOnTheServerAndGivesTheBrowserAStrictHttpOnlyCookie() {
        PageSession s = new PageSession(client);
        PageSession.Page login = s.get("/login");
        assertEquals(200, login.status());
        assertTrue(login.text().contains("用户名") && login.text().contains("密码"), login.text());
        PageSession.Page in = s.post("/login", form("name", "admin", "password", FakeOffice.ADMIN_PASSWORD));
        assertEquals(303, in.status());
        String setCookie = in.response().getHeaders().getAll("Set-Cookie").stream().filter(c -> c.startsWith(Guard.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Secure"), "served over plain HTTP here: " + setCookie);
        String sessionId = s.cookies.get(Guard.COOKIE);
        assertFalse(sessionId.contains("os1."), "the browser never sees the server's token");
        LoginRequest sent = fake.last("Login");
        assertEquals("127.0.0.1", sent.getClientAddress(), "the browser's address for the server's per-address limit");
        PageSession.Page home = s.get("/");
        assertEquals(200, home.status());
        assertEquals("角色: 管理员", home.byId("role"));
        assertFalse(home.html().contains("os1.office"), "no token on the page");
    }

    @Test
    void aLoginMakesANewSessionIdAndLogoutEndsIt() {
        PageSession s = admin();
        String first = s.cookies.get(Guard.COOKIE);
        // log in again from the same browser (its old cookie sent along): a new id, the old one dead
        s.get("/login");
        s.post("/login", form("name", "admin", "password", FakeOffice.ADMIN_PASSWORD));
        String second = s.cookies.get(Guard.COOKIE);
        assertNotEquals(first, second);
        assertTrue(sessions.find(first).isEmpty(), "the session id from before the login is gone");
        // a planted id is not adopted either
        PageSession planted = new PageSession(client);
        planted.cookies.put(Guard.COOKIE, "A".repeat(43));
        planted.login("admin", FakeOffice.ADMIN_PASSWORD);
        assertNotEquals("A".repeat(43), planted.cookies.get(Guard.COOKIE));

        s.get("/");
        PageSession.Page out = s.post("/logout", Map.of());
        assertEquals(303, out.status());
        assertEquals("/login", out.location());
        assertTrue(sessions.find(second).isEmpty());
        s.cookies.put(Guard.COOKIE, second);
        PageSession.Page after = s.get("/");
        assertEquals(303, after.status(), "the ended session reaches nothing");
        assertTrue(after.location().startsWith("/login"));
    }

    @Test
    void wrongPasswordAndLockedAreSaidInChinese() {
        PageSession s = new PageSession(client);
        s.get("/login");
        PageSession.Page wrong = s.post("/login", form("name", "admin", "password", "nope"));
        assertEquals(401, wrong.status());
        assertTrue(wrong.byId("error").contains("用户名或密码不正确"), wrong.byId("error"));
        assertEquals("admin", wrong.value("name"), "the name stays in its box");
        assertFalse(s.cookies.containsKey(Guard.COOKIE));
        PageSession.Page locked = s.post("/login", form("name", "locked", "password", "x"));
        assertEquals(429, locked.status());
        assertTrue(locked.byId("error").contains("登录失败次数过多"), locked.byId("error"));
        PageSession.Page empty = s.post("/login", form("name", "admin", "password", ""));
        assertTrue(empty.byId("error").contains("请填写密码"), empty.byId("error"));
    }

    @Test
    void theLoginFormNeedsItsTokenToo() {
        PageSession s = new PageSession(client);
        s.get("/login");
        int before = fake.calls("Login").size();
        PageSession.Page p = s.postRaw("/login", form("name", "admin", "password", FakeOffice.ADMIN_PASSWORD));
        assertEquals(403, p.status());
        assertEquals(before, fake.calls("Login").size(), "nothing sent to the server");
    }

    @Test
    void loggedOutReachesNothingButTheLoginPage() {
        PageSession s = new PageSession(client);
        for (String path : List.of("/", "/policies", "/rosters", "/hospitals", "/settlements", "/clearing", "/reconciliation", "/alerts",
                "/audit", "/clearing.csv?month=2024-06", "/settlements/H341002001/JS20240610-001", "/no-such-page")) {
            PageSession.Page p = s.get(path);
            assertEquals(303, p.status(), path);
            assertEquals("/login", p.location(), path);
        }
        PageSession.Page htmx = s.getWith("/rosters/tasks/x/progress", "HX-Request", "true");
        assertEquals(401, htmx.status(), "an htmx call is told, not redirected");
        for (String path : POSTS) {
            PageSession.Page p = s.postAny(path, form("_csrf", "x"));
            assertTrue(p.status() == 303 || p.status() == 401, path + " " + p.status());
        }
        assertEquals(200, s.get("/login").status());
        assertEquals(200, s.get("/health").status());
        assertEquals(200, s.get("/assets/console.css").status());
        assertEquals(200, s.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").status());
        assertEquals(200, s.get("/webjars/chart.js/4.4.7/dist/chart.umd.js").status());
    }

    @Test
    void anExpiredSessionGoesBackToTheLogin() {
        long before = fake.tokenValidMillis;
        fake.tokenValidMillis = 1;
        try {
            PageSession s = new PageSession(client);
            s.login("auditor", FakeOffice.AUDITOR_PASSWORD);
            PageSession.Page p = s.get("/");
            assertEquals(303, p.status());
            assertEquals("/login?expired=1", p.location());
            assertTrue(s.get(p.location()).byId("error").contains("登录已过期"));
        } finally {
            fake.tokenValidMillis = before;
        }
        // the server no longer takes the token (revoked): the session ends at the next page
        PageSession s = auditor();
        fake.revoked.add(fake.lastIssuedToken);
        PageSession.Page p = s.get("/audit");
        assertEquals(303, p.status());
        assertTrue(p.location().startsWith("/login"));
    }

    @Test
    void everyPostNeedsTheSessionsToken() {
        PageSession s = admin();
        PageSession other = admin();
        int calls = fake.calls.size();
        for (String path : POSTS) {
            PageSession.Page none = s.postAny(path, form("reason", "x", "confirm", "on"));
            assertEquals(403, none.status(), path + " without a token: " + none.text());
            assertTrue(none.text().contains("请求未通过安全校验"), path);
            PageSession.Page wrong = s.postAny(path, form("_csrf", Sessions.randomToken(), "reason", "x", "confirm", "on"));
            assertEquals(403, wrong.status(), path + " with another token");
        }
        // another session's token is as wrong as none
        PageSession.Page foreign = s.postRaw("/logout", form("_csrf", other.csrf));
        assertEquals(403, foreign.status());
        assertEquals(calls, fake.calls.size(), "nothing reached the server");
    }

    @Test
    void eachRoleSeesItsOwnNavigation() {
        assertEquals(List.of("首页", "政策管理", "救助对象名单", "医疗机构", "结算查询", "清算", "对账", "高额费用预警", "审计日志"), nav(admin()));
        assertEquals(List.of("首页", "政策管理", "结算查询", "清算", "对账", "审计日志"), nav(auditor()));
        assertEquals(List.of("首页", "救助对象名单", "高额费用预警"), nav(civil()));
        assertEquals("角色: 审计员", auditor().get("/").byId("role"));
        assertEquals("角色: 民政", civil().get("/").byId("role"));
    }

    private static List<String> nav(PageSession s) {
        PageSession.Page p = s.get("/");
        var m = java.util.regex.Pattern.compile("(?s)<nav id=\"nav\">(.*?)</nav>").matcher(p.html());
        assertTrue(m.find());
        return java.util.Arrays.stream(m.group(1).replaceAll("<[^>]+>", "\n").split("\n")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    @Test
    void aRoleCannotReachAnotherRolesPagesByUrl() {
        PageSession civil = civil();
        int calls = fake.calls.size();
        for (String path : List.of("/policies", "/policies/huangshan-2024", "/policies/try", "/hospitals", "/settlements",
                "/settlements/H341002001/JS20240610-001", "/clearing?month=2024-06", "/clearing.csv?month=2024-06", "/reconciliation", "/audit")) {
            PageSession.Page p = civil.get(path);
            assertEquals(403, p.status(), path);
            assertTrue(p.text().contains("无权"), path + ": " + p.text());
        }
        PageSession auditor = auditor();
        for (String path : List.of("/rosters", "/hospitals", "/alerts", "/alerts.csv?quarter=2024-Q2", "/policies/upload")) {
            assertEquals(403, auditor.get(path).status(), path);
        }
        assertEquals(calls + 2, fake.calls.size(), "only the two logins and dashboards reached the server: " + fake.calls.subList(calls, fake.calls.size()));
    }

    @Test
    void aForgedPostOfAnotherRoleIsRefusedWithOrWithoutTheToken() {
        PageSession auditor = auditor();
        int calls = fake.calls.size();
        for (String path : List.of("/settlements/H341002001/JS20240610-001/reverse", "/settlements/H341002001/JS20240610-001/reveal",
                "/policies/upload", "/hospitals", "/hospitals/H341002001/token", "/rosters/tasks/x/apply")) {
            PageSession.Page with = auditor.postAny(path, form("_csrf", auditor.csrf, "reason", "试一试", "confirm", "on", "request_id", "forged-1"));
            assertEquals(403, with.status(), path + " with the token");
            PageSession.Page without = auditor.postAny(path, form("reason", "试一试", "confirm", "on"));
            assertEquals(403, without.status(), path + " without the token");
        }
        assertEquals(calls, fake.calls.size(), "nothing reached the server");
    }

    @Test
    void theServersPermissionDeniedIsA403PageInChinese() {
        // a role the console lets through but the server refuses: the console says so, in Chinese
        PageSession civil = civil();
        fake.denyNext("GetDashboard");
        PageSession.Page p = civil.get("/");
        assertEquals(403, p.status());
        assertTrue(p.text().contains("您的角色无权进行此项操作"), p.text());
        assertFalse(p.html().contains("Exception"), "no stack trace");
    }

    @Test
    void sessionsAreBoundedAndExpireWithTheirToken() {
        long[] now = {0};
        Sessions small = new Sessions(2, () -> now[0]);
        var a = small.start("a", "ADMIN", "t1", 1_000);
        assertTrue(small.find(a.id()).isPresent());
        now[0] = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1_001);
        assertTrue(small.find(a.id()).isEmpty(), "gone with its token's validity");
        for (int i = 0; i < 50; i++) small.start("u" + i, "ADMIN", "t", 60_000);
        assertTrue(small.size() <= 2, "bounded: " + small.size());
        assertNotNull(Sessions.randomToken());
    }
}
