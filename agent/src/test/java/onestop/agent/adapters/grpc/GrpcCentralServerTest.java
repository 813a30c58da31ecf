package onestop.agent.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.ResultCode;
import onestop.v1.CheckEligibilityRequest;
import onestop.v1.EligibilityDecision;
import onestop.v1.Person;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.RosterDelta;
import onestop.v1.RosterRequest;
import onestop.v1.SyncServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's gRPC client: an outage answered at once, the link coming back by itself, the roster in batches. */
class GrpcCentralServerTest {
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
    }

    /** Counts the calls the client actually starts on the channel. */
    private static ClientInterceptor counting(AtomicInteger started) {
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                started.incrementAndGet();
                return next.newCall(method, options);
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anOutageIsAnsweredAtOnceAndTheLinkComesBackByItself() throws Exception {
        int port = freePort(); // nothing listens there yet
        AtomicInteger started = new AtomicInteger();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().intercept(counting(started)).build();
        channels.add(channel);
        GrpcCentralServer central = new GrpcCentralServer(channel, "os1.test-token", 2_000, 3, Clock.systemUTC());
        CheckEligibilityRequest ask = CheckEligibilityRequest.newBuilder().setIdNumber("341002195603121237").build();

        AgentException first = assertThrows(AgentException.class, () -> central.checkEligibility(ask));
        assertEquals(ResultCode.SERVER_UNREACHABLE, first.code());
        assertEquals(1, started.get(), "the connection was refused: not tried again while the channel waits to reconnect");
        assertEquals(ConnectivityState.TRANSIENT_FAILURE, channel.getState(false));

        AgentException second = assertThrows(AgentException.class, () -> central.checkEligibility(ask));
        assertEquals(ResultCode.SERVER_UNREACHABLE, second.code());
        assertEquals(1, started.get(), "no call while the channel is known down: the caller answers locally at once");
        assertTrue(!central.reachable());

        // The server comes back: the channel reconnects on its own backoff (about 1 s), without any call asking it to.
        servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(new PersonServiceGrpc.PersonServiceImplBase() {
            @Override
            public void checkEligibility(CheckEligibilityRequest r, StreamObserver<EligibilityDecision> out) {
                out.onNext(EligibilityDecision.newBuilder().setDepositWaiver(true).setPolicyId("huangshan-2024").build());
                out.onCompleted();
            }
        }).build().start());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (channel.getState(false) != ConnectivityState.READY && System.nanoTime() < until) Thread.sleep(20);
        assertEquals(ConnectivityState.READY, channel.getState(false), "the channel reconnected by itself");
        assertEquals("huangshan-2024", central.checkEligibility(ask).getPolicyId());
        assertTrue(central.reachable());
    }

    /** A SyncService streaming {@code count} persons from version since+1, only as fast as the client asks for them. */
    private static final class Roster extends SyncServiceGrpc.SyncServiceImplBase {
        final int count;
        final int breakAfter;
        final AtomicLong sent = new AtomicLong();

        Roster(int count, int breakAfter) {
            this.count = count;
            this.breakAfter = breakAfter;
        }

        @Override
        public void streamRoster(RosterRequest r, StreamObserver<RosterDelta> plain) {
            ServerCallStreamObserver<RosterDelta> out = (ServerCallStreamObserver<RosterDelta>) plain;
            long[] next = {r.getSinceVersion() + 1};
            out.setOnReadyHandler(() -> {
                while (out.isReady() && next[0] <= r.getSinceVersion() + count) {
                    if (sent.get() == breakAfter) {
                        out.onError(Status.UNAVAILABLE.withDescription("the link dropped").asRuntimeException());
                        next[0] = Long.MAX_VALUE;
                        return;
                    }
                    long v = next[0]++;
                    out.onNext(RosterDelta.newBuilder().setVersion(v).setPerson(Person.newBuilder().setIdNumber("P" + v).setCounty("341002")).build());
                    sent.incrementAndGet();
                }
                if (next[0] == r.getSinceVersion() + count + 1) {
                    next[0]++;
                    out.onCompleted();
                }
            });
        }
    }

    private GrpcCentralServer inProcess(Roster roster) throws IOException {
        String name = "roster-" + UUID.randomUUID();
        servers.add(InProcessServerBuilder.forName(name).directExecutor().addService(roster).build().start());
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        return new GrpcCentralServer(channel, "os1.test-token", 5_000, 3, Clock.systemUTC());
    }

    @Test
    void theRosterArrivesInBatchesInVersionOrderAndTheServerIsHeldBack() throws Exception {
        Roster roster = new Roster(25, -1);
        GrpcCentralServer central = inProcess(roster);
        List<Integer> sizes = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        long[] mostAhead = {0};
        central.streamRoster(RosterRequest.newBuilder().setSinceVersion(100).setMaxPersons(25).build(), 10, batch -> {
            sizes.add(batch.size());
            batch.forEach(d -> versions.add(d.version()));
            try {
                Thread.sleep(50); // a slow disk: the server must not run ahead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mostAhead[0] = Math.max(mostAhead[0], roster.sent.get() - versions.size());
        });
        assertEquals(List.of(10, 10, 5), sizes);
        List<Long> expected = new ArrayList<>();
        for (long v = 101; v <= 125; v++) expected.add(v);
        assertEquals(expected, versions);
        assertTrue(mostAhead[0] <= 10, "at most one batch asked for ahead of the one being applied, saw " + mostAhead[0]);
        assertTrue(central.reachable());
    }

    @Test
    void aBreakOffDeliversWhatArrivedThenSaysTheServerIsUnreachable() throws Exception {
        GrpcCentralServer central = inProcess(new Roster(25, 13));
        List<Long> versions = new ArrayList<>();
        AgentException e = assertThrows(AgentException.class, () -> central.streamRoster(
                RosterRequest.newBuilder().setSinceVersion(0).setMaxPersons(25).build(), 10, batch -> batch.forEach(d -> versions.add(d.version()))));
        assertEquals(ResultCode.SERVER_UNREACHABLE, e.code());
        assertEquals(13, versions.size(), "the 13 that arrived were delivered (a batch of 10, then the 3 before the break)");
        assertEquals(13L, versions.get(12));
    }

    @Test
    void aSinkThatFailsCancelsTheStream() throws Exception {
        Roster roster = new Roster(1_000, -1);
        GrpcCentralServer central = inProcess(roster);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> central.streamRoster(
                RosterRequest.newBuilder().setMaxPersons(1_000).build(), 10, batch -> {
                    throw new IllegalStateException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        Thread.sleep(100);
        assertTrue(roster.sent.get() <= 20, "the server stopped sending once the stream was given up, sent " + roster.sent.get());
    }
}
