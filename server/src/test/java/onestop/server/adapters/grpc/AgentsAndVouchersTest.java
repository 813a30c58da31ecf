package onestop.server.adapters.grpc;

import static onestop.server.adapters.grpc.GrpcApiTest.assertRejected;
import static onestop.server.adapters.grpc.GrpcApiTest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.AgentReport;
import onestop.v1.AgentServiceGrpc;
import onestop.v1.AgentStatus;
import onestop.v1.IssueVoucherCodeRequest;
import onestop.v1.ListAgentsRequest;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.ResolveVoucherCodeRequest;
import onestop.v1.VoucherCode;
import onestop.v1.VoucherHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Counter agents report themselves and the office lists them; e-voucher codes are issued and resolved. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsAndVouchersTest implements TestPropertyProvider {
    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("agents-test");
    }

    AgentServiceGrpc.AgentServiceBlockingStub agent(Caller c) {
        return AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(c, 60_000)));
    }

    PersonServiceGrpc.PersonServiceBlockingStub persons(Caller c) {
        return PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(tokens.issue(c, 60_000)));
    }

    @Test
    void agentsReportAndTheOfficeSeesTheLastReportOfEach() {
        long before = System.currentTimeMillis();
        AgentReport first = AgentReport.newBuilder().setAgentId("pc-01").setCounterName("出院结算1号窗口").setVersion("0.1.0")
                .setRosterVersion(3).setLastSyncMillis(before - 1000).setPending(0).build();
        var ack = agent(Caller.hospital("H341002001")).report(first);
        assertTrue(ack.getServerTimeMillis() >= before);
        assertEquals("341002", ack.getHospital().getCounty(), "the agent learns its hospital as registered");
        assertEquals(onestop.v1.HospitalLevel.TERTIARY, ack.getHospital().getLevel());
        agent(Caller.hospital("H341002001")).report(first.toBuilder().setRosterVersion(7).setPending(2).build());
        agent(Caller.hospital("H441602001")).report(first.toBuilder().setCounterName("入院登记处").build());

        var list = agent(Caller.office("aud", Role.AUDITOR)).listAgents(ListAgentsRequest.getDefaultInstance());
        assertEquals(2, list.getAgentsCount(), "the last report per hospital and agent");
        AgentStatus huangshan = list.getAgents(0);
        assertEquals("H341002001", huangshan.getHospitalCode());
        assertEquals(7, huangshan.getReport().getRosterVersion());
        assertEquals(2, huangshan.getReport().getPending());
        assertTrue(huangshan.getOnline());
        var paged = agent(Caller.office("admin1", Role.ADMIN)).listAgents(ListAgentsRequest.newBuilder().setPageSize(1).build());
        assertEquals(1, paged.getAgentsCount());
        assertEquals("H441602001", agent(Caller.office("admin1", Role.ADMIN)).listAgents(ListAgentsRequest.newBuilder().setPageSize(1)
                .setPageToken(paged.getNextPageToken()).build()).getAgents(0).getHospitalCode());

        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null,
                () -> agent(Caller.hospital("H341002001")).listAgents(ListAgentsRequest.getDefaultInstance()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> agent(Caller.office("admin1", Role.ADMIN)).report(first));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "agent_id",
                () -> agent(Caller.hospital("H341002001")).report(first.toBuilder().setAgentId("").build()));
        assertRejected("INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "pending",
                () -> agent(Caller.hospital("H341002001")).report(first.toBuilder().setPending(-1).build()));
    }

    @Test
    void eVoucherCodesResolveToTheirPersonForAnyHospital() {
        VoucherCode code = persons(Caller.office("admin1", Role.ADMIN)).issueVoucherCode(IssueVoucherCodeRequest.newBuilder()
                .setIdNumber("341002195603121237").build());
        for (String hospital : new String[] {"H341002001", "H441602001"}) {
            VoucherHolder h = persons(Caller.hospital(hospital)).resolveVoucherCode(ResolveVoucherCodeRequest.newBuilder()
                    .setCode(code.getCode()).build());
            assertEquals("341002195603121237", h.getIdNumber());
            assertEquals("张秀英", h.getName());
            assertEquals(code.getExpiresAtMillis(), h.getExpiresAtMillis());
        }
        String forged = code.getCode().substring(0, code.getCode().length() - 3) + "AAA";
        assertRejected("VOUCHER_INVALID", Status.Code.INVALID_ARGUMENT, "code", () -> persons(Caller.hospital("H341002001"))
                .resolveVoucherCode(ResolveVoucherCodeRequest.newBuilder().setCode(forged).build()));
        assertRejected("PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, null, () -> persons(Caller.hospital("H341002001"))
                .issueVoucherCode(IssueVoucherCodeRequest.newBuilder().setIdNumber("341002195603121237").build()));
        assertRejected("PERSON_NOT_FOUND", Status.Code.NOT_FOUND, "id_number", () -> persons(Caller.office("admin1", Role.ADMIN))
                .issueVoucherCode(IssueVoucherCodeRequest.newBuilder().setIdNumber("11010520000229003X").build()));
    }
}
