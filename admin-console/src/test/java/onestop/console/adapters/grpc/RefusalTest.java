package onestop.console.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import onestop.console.application.ConsoleException;
import onestop.console.application.Messages;
import org.junit.jupiter.api.Test;

/** The server's refusals as the console reads them: the ErrorInfo reason and field first, else what the status says. */
class RefusalTest {
    @Test
    void reasonsAndFields() {
        var withInfo = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(Status.Code.FAILED_PRECONDITION.value())
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("ALREADY_REVERSED").setDomain("onestop.v1").build()))
                .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder().setField("settlement_id")).build()))
                .build());
        ConsoleException e = GrpcOfficeServer.refusal("Reverse", withInfo);
        assertEquals("ALREADY_REVERSED", e.reason());
        assertEquals("settlement_id", e.field());
        assertEquals("该结算单已撤销, 不能再次撤销", Messages.of(e, ""));

        assertEquals(Messages.SERVER_UNREACHABLE, GrpcOfficeServer.refusal("x", Status.DEADLINE_EXCEEDED.asRuntimeException()).reason());
        assertEquals(Messages.SERVER_UNREACHABLE, GrpcOfficeServer.refusal("x", Status.UNAVAILABLE.asRuntimeException()).reason());
        assertEquals("PERMISSION_DENIED", GrpcOfficeServer.refusal("x", Status.PERMISSION_DENIED.asRuntimeException()).reason());
        ConsoleException big = GrpcOfficeServer.refusal("ImportIdentitiesWithProgress",
                Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 4194304: 9000000").asRuntimeException());
        assertEquals(Messages.MESSAGE_TOO_LARGE, big.reason());
        assertEquals("RESOURCE_EXHAUSTED", GrpcOfficeServer.refusal("x", Status.RESOURCE_EXHAUSTED.asRuntimeException()).reason());
        ConsoleException old = GrpcOfficeServer.refusal("ListImports", Status.UNIMPLEMENTED.asRuntimeException());
        assertEquals("医保结算中心的版本尚不支持此项功能, 请联系信息科升级服务器", Messages.of(old, ""), "a server older than the console");
        ConsoleException masked = GrpcOfficeServer.refusal("x", Status.NOT_FOUND.withDescription("no person 341002195603121237").asRuntimeException());
        assertEquals("x: NOT_FOUND no person 341002********1237", masked.getMessage(), "ID numbers masked for the log");
    }
}
