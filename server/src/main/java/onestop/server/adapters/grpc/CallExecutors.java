package onestop.server.adapters.grpc;

import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import onestop.server.application.settlement.LedgerService;
import onestop.v1.DiagnosticsServiceGrpc;
import onestop.v1.SettlementServiceGrpc;

/**
 * Which thread runs a call. By default gRPC hands every call from its network thread to the I/O pool, and a settling
 * handler then parks until the store's writer commits: two thread hand-offs per settlement, measured at about an
 * eighth of the server's CPU. Calls that never block run on the network thread instead: Settle when the store queues
 * its writes (its handler only checks the request and queues it; the writer answers after the commit), and Echo, so
 * that the floor it measures is the path Settle takes. Everything else may block on the database and goes to the I/O
 * pool. The server's default is the network thread, because gRPC looks a call's method up on the default executor
 * before it asks which executor the call gets: a pool as default would cost a hand-off for every call.
 */
@Singleton
final class CallExecutors implements BeanCreatedEventListener<ServerBuilder<?>> {
    private static final String SETTLE = SettlementServiceGrpc.getSettleMethod().getFullMethodName();
    private static final String ECHO = DiagnosticsServiceGrpc.getEchoMethod().getFullMethodName();
    private static final Set<String> NEVER_BLOCKING = Set.of(SETTLE, ECHO);

    private final Provider<LedgerService> ledger;
    private final ExecutorService blockingPool;
    private volatile Boolean settleQueued; // known once the store is open, at the first call

    CallExecutors(Provider<LedgerService> ledger, @Named(TaskExecutors.IO) ExecutorService blockingPool) {
        this.ledger = ledger;
        this.blockingPool = blockingPool;
    }

    @Override
    public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
        ServerBuilder<?> builder = event.getBean();
        builder.directExecutor();
        builder.callExecutor(new ServerCallExecutorSupplier() {
            @Override
            public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                return executorFor(call.getMethodDescriptor().getFullMethodName());
            }
        });
        return builder;
    }

    /** The I/O pool for a call that may block; null (the network thread) for one that never does. */
    Executor executorFor(String fullMethodName) {
        if (!NEVER_BLOCKING.contains(fullMethodName)) return blockingPool;
        if (fullMethodName.equals(SETTLE) && !settleQueued()) return blockingPool;
        return null;
    }

    private boolean settleQueued() {
        Boolean known = settleQueued;
        if (known == null) settleQueued = known = ledger.get().settlesWithoutWaiting();
        return known;
    }
}
