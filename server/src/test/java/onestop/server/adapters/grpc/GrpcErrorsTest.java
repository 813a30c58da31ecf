package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import onestop.server.application.ports.StoreBusy;
import org.junit.jupiter.api.Test;

/** A store too busy to take a write is a limit the caller can retry on, not an internal error. */
class GrpcErrorsTest {
    @Test
    void aBusyStoreIsResourceExhaustedWithItsReason() {
        StatusRuntimeException e = GrpcErrors.failure(new StoreBusy("the write queue is full (4096 waiting)"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("RESOURCE_EXHAUSTED", GrpcErrors.reason(e));
        assertTrue(e.getStatus().getDescription().contains("same request_id"), e.getStatus().getDescription());
    }

    @Test
    void anythingElseIsInternalWithAnIncident() {
        StatusRuntimeException e = GrpcErrors.failure(new IllegalStateException("a bug"));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("incident"), e.getStatus().getDescription());
    }
}
