package onestop.agent.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** An unreachable server is logged as one line per call that gave up, not with the cause's stack trace. */
class StatusLogLineTest {
    @Test
    void aStatusWithACauseIsOneLine() {
        Status refused = Status.UNAVAILABLE.withDescription("io exception").withCause(new ConnectException("Connection refused: /127.0.0.1:50051"));
        assertTrue(refused.toString().contains("\n"), "gRPC's own text carries the trace (what this guards against)");
        String line = GrpcCentralServer.describe(refused);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("UNAVAILABLE io exception"), line);
        assertTrue(line.contains("java.net.ConnectException: Connection refused: /127.0.0.1:50051"), line);
        assertEquals("DEADLINE_EXCEEDED", GrpcCentralServer.describe(Status.DEADLINE_EXCEEDED));
    }
}
