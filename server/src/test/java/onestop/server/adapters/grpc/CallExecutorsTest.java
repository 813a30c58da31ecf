package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import onestop.server.application.ports.Store;
import onestop.server.application.ports.StoreTx;
import onestop.server.application.settlement.LedgerService;
import onestop.v1.DiagnosticsServiceGrpc;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.SettlementServiceGrpc;
import org.junit.jupiter.api.Test;

/** Only calls that never block stay on the network thread; the rest go to the pool. */
class CallExecutorsTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    /** A ledger over a store that only says whether its writes queue (nothing here runs a unit). */
    private static LedgerService ledger(boolean queued) {
        Store store = new Store() {
            @Override
            public <T> T write(Function<StoreTx, T> work) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T read(Function<StoreTx, T> work) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean writesQueued() {
                return queued;
            }
        };
        return new LedgerService(store, null, null, Clock.systemUTC());
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void settleStaysOnTheNetworkThreadOnlyWhenTheStoreQueuesItsWrites() {
        LedgerService ledger = ledger(true);
        CallExecutors queued = new CallExecutors(() -> ledger, pool);
        assertNull(queued.executorFor(SettlementServiceGrpc.getSettleMethod().getFullMethodName()));
        assertNull(queued.executorFor(DiagnosticsServiceGrpc.getEchoMethod().getFullMethodName()));
        assertSame(pool, queued.executorFor(SettlementServiceGrpc.getPreSettleMethod().getFullMethodName()), "pre-settle reads the store");
        assertSame(pool, queued.executorFor(SettlementServiceGrpc.getReverseMethod().getFullMethodName()), "reverse waits for its commit");
        assertSame(pool, queued.executorFor(PersonServiceGrpc.getGetPersonMethod().getFullMethodName()));
        assertSame(pool, queued.executorFor("grpc.health.v1.Health/Check"));

        LedgerService blocking = ledger(false); // PostgreSQL: settle runs its transaction on the caller's thread
        CallExecutors pooled = new CallExecutors(() -> blocking, pool);
        assertSame(pool, pooled.executorFor(SettlementServiceGrpc.getSettleMethod().getFullMethodName()));
        assertNull(pooled.executorFor(DiagnosticsServiceGrpc.getEchoMethod().getFullMethodName()));
    }
}
