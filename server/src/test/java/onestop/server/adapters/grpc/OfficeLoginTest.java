package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.security.OfficeUsers;
import onestop.server.domain.Role;
import onestop.server.testing.TickingClock;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AuditEntry;
import onestop.v1.ListAuditRequest;
import onestop.v1.Hospital;
import onestop.v1.HospitalLevel;
import onestop.v1.UpsertHospitalRequest;
import onestop.v1.LoginRequest;
import onestop.v1.LoginResponse;
import onestop.v1.OfficeAuthServiceGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OfficeAuthService.Login in process: passwords checked against Argon2id hashes, tokens of the user's role that expire,
 * the limits per user name and per address that lift after the window (a test clock), every attempt audited without
 * the password, and Login the one OneStop call reachable without a token.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficeLoginTest implements TestPropertyProvider {
    static final TickingClock CLOCK = new TickingClock(Instant.parse("2024-06-10T08:00:00Z"));
    static final String PASSWORD = "correct horse battery";

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    OfficeUsers users;

    @Inject
    GrpcEmbeddedServer server;

    @Inject
    Database db;

    /** The test clock instead of the system's, in this test's context only (the property is set nowhere else). */
    @Factory
    @Requires(property = "test.office-login-clock", value = "true")
    static class TestClock {
        @Singleton
        @Replaces(Clock.class)
        Clock clock() {
            return CLOCK;
        }
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(onestop.server.testing.DemoServerProperties.fresh("office-login-test"));
        p.put("test.office-login-clock", "true");
        return p;
    }

    OfficeAuthServiceGrpc.OfficeAuthServiceBlockingStub auth() {
        return OfficeAuthServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    LoginResponse login(String name, String password, String address) {
        return auth().login(LoginRequest.newBuilder().setName(name).setPassword(password).setClientAddress(address).build());
    }

    void assertWrong(String name, String password, String address) {
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> login(name, password, address));
    }

    void assertLocked(String name, String password, String address) {
        assertRejected("LOGIN_LOCKED", Status.Code.RESOURCE_EXHAUSTED, null, () -> login(name, password, address));
    }

    void addUser(String name, Role role) {
        assertTrue(users.add("test", name, role, PASSWORD).isOk());
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin(String token) {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token));
    }

    List<AuditEntry> audit(String actor) {
        String token = login("admin", "admin-demo-2024", "10.9.9.9").getToken();
        return admin(token).listAudit(ListAuditRequest.newBuilder().setActor(actor).setPageSize(500).build()).getEntriesList();
    }

    @Test
    void theRightPasswordGivesATokenOfTheUsersRoleThatExpires() {
        addUser("li.auditor", Role.AUDITOR);
        LoginResponse r = login("li.auditor", PASSWORD, "10.0.0.1");
        assertEquals("li.auditor", r.getName());
        assertEquals("AUDITOR", r.getRole());
        assertEquals(Duration.ofMinutes(30).toMillis(), r.getTokenValidMillis());
        var auditor = admin(r.getToken());
        assertTrue(auditor.listAudit(ListAuditRequest.newBuilder().setPageSize(5).build()).getEntriesCount() > 0, "AUDITOR reads the audit");
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> auditor.upsertHospital(UpsertHospitalRequest.newBuilder()
                .setRequestId("r1").setHospital(Hospital.newBuilder().setCode("X1").setName("x").setLevel(HospitalLevel.PRIMARY).setCounty("341002")).build()));
        CLOCK.advance(Duration.ofMinutes(31));
        assertRejected("UNAUTHENTICATED", Status.Code.UNAUTHENTICATED, null, () -> auditor.listAudit(ListAuditRequest.getDefaultInstance()));
    }

    @Test
    void theDemoLoginsWork() {
        assertEquals("ADMIN", login("admin", "admin-demo-2024", "10.0.1.1").getRole());
        assertEquals("AUDITOR", login("auditor", "auditor-demo-2024", "10.0.1.1").getRole());
        assertEquals("CIVIL_AFFAIRS", login("civil", "civil-demo-2024", "10.0.1.1").getRole());
    }

    @Test
    void aWrongPasswordAnUnknownNameAndADisabledUserAreOneAndTheSameRefusal() {
        addUser("wang.civil", Role.CIVIL_AFFAIRS);
        String wrongPassword = assertMessage(() -> login("wang.civil", PASSWORD + "!", "10.0.2.1"));
        String unknownName = assertMessage(() -> login("nobody.here", PASSWORD, "10.0.2.1"));
        assertEquals(wrongPassword, unknownName);
        assertTrue(users.disable("test", "wang.civil").isOk());
        assertEquals(wrongPassword, assertMessage(() -> login("wang.civil", PASSWORD, "10.0.2.1")));
    }

    private static String assertMessage(Runnable call) {
        io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    @Test
    void fiveFailuresLockTheUserNameEvenWithTheRightPasswordUntilTheWindowPasses() {
        addUser("zhao.admin", Role.ADMIN);
        for (int i = 0; i < 5; i++) assertWrong("zhao.admin", "guess-" + i, "10.1.0." + i);
        assertLocked("zhao.admin", PASSWORD, "10.1.1.1");
        assertLocked("zhao.admin", "guess-again", "10.1.1.2");
        CLOCK.advance(Duration.ofMinutes(14));
        assertLocked("zhao.admin", PASSWORD, "10.1.1.3");
        CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1)); // the first failures are now older than 15 minutes
        assertEquals("ADMIN", login("zhao.admin", PASSWORD, "10.1.1.4").getRole());
        // the locked attempts were not counted: they did not push the lock on
        List<AuditEntry> trail = audit("zhao.admin");
        assertEquals(5, trail.stream().filter(e -> e.getAction().equals("login-failed")).count());
        assertEquals(3, trail.stream().filter(e -> e.getAction().equals("login-locked")).count());
        assertEquals(1, trail.stream().filter(e -> e.getAction().equals("login")).count());
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddressOnly() {
        addUser("sun.auditor", Role.AUDITOR);
        for (int i = 0; i < 20; i++) assertWrong("sprayed" + i, "guess", "192.0.2.7");
        assertLocked("sun.auditor", PASSWORD, "192.0.2.7");
        assertEquals("AUDITOR", login("sun.auditor", PASSWORD, "192.0.2.8").getRole());
        CLOCK.advance(Duration.ofMinutes(16));
        assertEquals("AUDITOR", login("sun.auditor", PASSWORD, "192.0.2.7").getRole());
    }

    @Test
    void everyAttemptIsAuditedUnderTheNameAndNeverWithThePassword() {
        addUser("qian.admin", Role.ADMIN);
        String secret = "s3cret-typed-wrong";
        assertWrong("qian.admin", secret, "203.0.113.5");
        login("qian.admin", PASSWORD, "203.0.113.5");
        List<AuditEntry> trail = audit("qian.admin");
        assertEquals(List.of("login", "login-failed"), trail.stream().map(AuditEntry::getAction).toList());
        assertTrue(trail.get(1).getDetail().contains("203.0.113.5"), trail.get(1).getDetail());
        List<String> everything = new ArrayList<>();
        db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT actor, action, target, detail FROM audit")) {
                while (rs.next()) everything.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
            return null;
        });
        assertFalse(everything.stream().anyMatch(l -> l.contains(secret) || l.contains(PASSWORD)), "a password reached the audit trail");
        String stored = db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT password_hash FROM office_users WHERE name = 'qian.admin'")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
    }

    @Test
    void badFieldsAreNamedAndNotAudited() {
        long before = auditCount();
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "name", () -> login("", PASSWORD, "10.0.3.1"));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "name", () -> login("a b", PASSWORD, "10.0.3.1"));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "name", () -> login("x".repeat(65), PASSWORD, "10.0.3.1"));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "password", () -> login("admin", "", "10.0.3.1"));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "password", () -> login("admin", "p".repeat(257), "10.0.3.1"));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "client_address", () -> login("admin", PASSWORD, "1".repeat(65)));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "client_address", () -> login("admin", PASSWORD, "10.0.3.1\n"));
        assertEquals(before, auditCount());
    }

    private long auditCount() {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every method of every OneStop service, called without a token with an empty request: only Login answers. */
    @Test
    void loginIsTheOnlyCallReachableWithoutAToken() throws Exception {
        String login = OfficeAuthServiceGrpc.getLoginMethod().getFullMethodName();
        int methods = 0;
        for (ServerServiceDefinition service : server.getServer().getServices()) {
            if (service.getServiceDescriptor().getName().startsWith("grpc.")) continue;
            for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
                String name = m.getMethodDescriptor().getFullMethodName();
                Status status = callWithoutToken(name, m.getMethodDescriptor().getType());
                if (name.equals(login)) {
                    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), name + ": " + status);
                } else {
                    assertEquals(Status.Code.UNAUTHENTICATED, status.getCode(), name + ": " + status);
                }
                methods++;
            }
        }
        assertTrue(methods > 20, "saw " + methods + " methods");
    }

    private Status callWithoutToken(String fullMethodName, MethodDescriptor.MethodType type) throws Exception {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder().setFullMethodName(fullMethodName)
                .setType(type).setRequestMarshaller(NonUtf8RequestsTest.RAW).setResponseMarshaller(NonUtf8RequestsTest.RAW).build();
        ClientCall<byte[], byte[]> call = channel.newCall(method, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        call.sendMessage(new byte[0]);
        call.halfClose();
        return closed.get(30, TimeUnit.SECONDS);
    }
}
