package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.AdminServiceGrpc;
import onestop.v1.AlertReportRequest;
import onestop.v1.AuditEntry;
import onestop.v1.GetPersonRequest;
import onestop.v1.ListAuditRequest;
import onestop.v1.Person;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.Scheme;
import onestop.v1.SyncServiceGrpc;
import onestop.v1.UpsertPersonRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A hospital sees persons of its own region only (persons.proto): every RPC that can return a person — GetPerson,
 * StreamRoster, and the admin calls that carry persons — asked by a hospital of another region.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionPrivacyTest implements TestPropertyProvider {
    static final String HUANGSHAN = "H341002001";    // region 3410
    static final String HEYUAN = "H441602001";       // region 4416
    static final String TAIYUAN = "H140105001";      // region 1401
    static final String HUANGSHAN_PERSON = "341002195603121237";
    static final String HEYUAN_PERSON = "441622200112310047"; // insured in county 441602

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("privacy-test");
    }

    PersonServiceGrpc.PersonServiceBlockingStub persons(Caller c) {
        return PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(c, 60_000)));
    }

    SyncServiceGrpc.SyncServiceBlockingStub sync(Caller c) {
        return SyncServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(c, 60_000)));
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin(Caller c) {
        return AdminServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(c, 60_000)));
    }

    static GetPersonRequest person(String id) {
        return GetPersonRequest.newBuilder().setIdNumber(id).build();
    }

    static List<RosterDelta> roster(SyncServiceGrpc.SyncServiceBlockingStub stub, String area) {
        List<RosterDelta> out = new ArrayList<>();
        stub.streamRoster(RosterRequest.newBuilder().setArea(area).build()).forEachRemaining(out::add);
        return out;
    }

    @Test
    void getPersonOfAnotherRegionIsRefused() {
        assertEquals("张秀英", persons(Caller.hospital(HUANGSHAN)).getPerson(person(HUANGSHAN_PERSON)).getName());
        for (String other : List.of(HEYUAN, TAIYUAN)) {
            assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "id_number",
                    () -> persons(Caller.hospital(other)).getPerson(person(HUANGSHAN_PERSON)));
        }
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "id_number",
                () -> persons(Caller.hospital(HUANGSHAN)).getPerson(person(HEYUAN_PERSON)));
        // the refusal names neither the person's name nor the full number
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                () -> persons(Caller.hospital(HEYUAN)).getPerson(person(HUANGSHAN_PERSON)));
        assertFalse(e.getStatus().getDescription().contains(HUANGSHAN_PERSON), e.getStatus().getDescription());
        assertFalse(e.getStatus().getDescription().contains("张秀英"), e.getStatus().getDescription());
        // office roles keep their reach
        for (Role role : List.of(Role.ADMIN, Role.AUDITOR, Role.CIVIL_AFFAIRS)) {
            Person p = persons(Caller.office("office-" + role, role)).getPerson(person(HEYUAN_PERSON));
            assertEquals("李小红", p.getName(), role.toString());
        }
    }

    @Test
    void rosterOfAnotherRegionOrAWiderAreaIsRefused() {
        var heyuan = sync(Caller.hospital(HEYUAN));
        for (String area : List.of("3410", "341002", "34", "44", "4417", "441702", "14")) {
            assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, "area", () -> roster(heyuan, area));
        }
        // its own region, or a county inside it, streams only persons of that region
        List<RosterDelta> own = roster(heyuan, "");
        assertEquals(2, own.size(), "the demo roster has two persons insured in Heyuan (4416)");
        assertTrue(own.stream().allMatch(d -> d.getPerson().getCounty().startsWith("4416")));
        assertEquals(own, roster(heyuan, "4416"));
        assertEquals(own, roster(heyuan, "441602"));
        // office roles name any area, a whole province included
        var civil = sync(Caller.office("civil1", Role.CIVIL_AFFAIRS));
        assertTrue(roster(civil, "34").stream().anyMatch(d -> d.getPerson().getIdNumber().equals(HUANGSHAN_PERSON)));
    }

    @Test
    void everyRosterStreamIsAudited() {
        var taiyuan = sync(Caller.hospital(TAIYUAN));
        int n = roster(taiyuan, "").size();
        assertTrue(n > 0);
        List<AuditEntry> audit = admin(Caller.office("aud", Role.AUDITOR)).listAudit(ListAuditRequest.newBuilder().setPageSize(50).build())
                .getEntriesList();
        AuditEntry entry = audit.stream().filter(a -> a.getAction().equals("stream-roster") && a.getActor().equals(TAIYUAN))
                .findFirst().orElseThrow(() -> new AssertionError("no stream-roster audit row: " + audit));
        assertEquals("area 1401", entry.getTarget());
        assertTrue(entry.getDetail().contains(n + " persons"), entry.getDetail());
    }

    @Test
    void adminCallsThatCarryPersonsAreNotForHospitals() {
        var hospital = admin(Caller.hospital(HEYUAN));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null,
                () -> hospital.getAlertReport(AlertReportRequest.newBuilder().setQuarter("2024-Q2").build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> hospital.upsertPerson(UpsertPersonRequest.newBuilder()
                .setRequestId("p1").setPerson(Person.newBuilder().setIdNumber(HUANGSHAN_PERSON).setName("x").setScheme(Scheme.RESIDENT)
                        .setCounty("341002")).build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null,
                () -> hospital.listAudit(ListAuditRequest.getDefaultInstance()));
    }
}
