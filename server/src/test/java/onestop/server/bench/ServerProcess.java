package onestop.server.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import javax.net.ssl.SSLException;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server as a child process on 127.0.0.1, started from the server module's build output as it is deployed:
 * TLS on (its self-signed certificate made in the data folder on first start, which the bench's clients trust) and
 * every call's bearer token checked.
 */
final class ServerProcess implements AutoCloseable {
    static final String HOST = ChildJvm.HOST;
    private final ChildJvm jvm;
    private final int port;
    private final Path certificate;
    private final Path dataDir;

    private ServerProcess(ChildJvm jvm, int port, Path dataDir) {
        this.jvm = jvm;
        this.port = port;
        this.dataDir = dataDir;
        this.certificate = dataDir.resolve("tls/server.crt");
    }

    int port() {
        return port;
    }

    long pid() {
        return jvm.pid();
    }

    /** The server's self-signed certificate (made in the data folder on its first start), which its clients trust. */
    Path certificate() {
        return certificate;
    }

    /**
     * Starts {@code ServerMain --tls --data DIR --db jdbc:sqlite:DIR/onestop.db --port P} bound to 127.0.0.1; its output goes to
     * {@code DIR/server.log}. Extra JVM options (e.g. a JFR recording) come from {@code ONESTOP_BENCH_SERVER_OPTS}.
     */
    static ServerProcess start(Path projectRoot, Path dataDir) {
        return start(projectRoot, dataDir, ChildJvm.freePort());
    }

    /** Started again on the port its agents know (after it was stopped): the outage is over for them. */
    static ServerProcess start(Path projectRoot, Path dataDir, int port) {
        ChildJvm jvm = ChildJvm.start("server", projectRoot, "server", List.of("-Dgrpc.server.host=" + HOST), "ONESTOP_BENCH_SERVER_OPTS",
                "onestop.server.ServerMain", List.of("--tls", "--data", dataDir.toString(), "--db", "jdbc:sqlite:" + dataDir.resolve("onestop.db"),
                        "--port", String.valueOf(port)), dataDir, Map.of());
        return new ServerProcess(jvm, port, dataDir);
    }

    /**
     * A TLS channel trusting only the server's certificate (made on its first start; valid for 127.0.0.1). Answers are
     * handled on the channel's event loop (direct executor): the bench's callbacks are short and never block.
     */
    ManagedChannel channel() {
        return tlsChannel().build();
    }

    /**
     * {@link #channel()} on {@code loop}, a group of one event loop made by {@link #oneEventLoop}: several channels may
     * share it with a task that paces their calls ({@link GrpcLoad#openLoop}).
     */
    ManagedChannel channel(io.netty.channel.EventLoopGroup loop) {
        return tlsChannel().eventLoopGroup(loop).channelType(io.netty.channel.epoll.Epoll.isAvailable()
                ? io.netty.channel.epoll.EpollSocketChannel.class : io.netty.channel.socket.nio.NioSocketChannel.class).build();
    }

    private NettyChannelBuilder tlsChannel() {
        try {
            return NettyChannelBuilder.forAddress(HOST, port).sslContext(GrpcSslContexts.forClient().trustManager(certificate.toFile()).build())
                    .directExecutor();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot trust " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** One event loop thread (epoll where Linux has it, as gRPC's own), for {@link #channel(io.netty.channel.EventLoopGroup)}. */
    static io.netty.channel.EventLoopGroup oneEventLoop(String name) {
        return new io.netty.channel.MultiThreadIoEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory(name, true),
                io.netty.channel.epoll.Epoll.isAvailable() ? io.netty.channel.epoll.EpollIoHandler.newFactory()
                        : io.netty.channel.nio.NioIoHandler.newFactory());
    }

    /** A plaintext channel: the server must refuse it. */
    ManagedChannel plaintextChannel() {
        return NettyChannelBuilder.forAddress(HOST, port).usePlaintext().directExecutor().build();
    }

    /** Waits until gRPC health answers SERVING; fails when the process ends or {@code timeoutMillis} pass. */
    void awaitServing(long timeoutMillis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ManagedChannel ch = null;
        try {
            String last = "no answer";
            while (System.nanoTime() < until) {
                jvm.checkAlive("before serving");
                if (ch == null) { // the certificate is written before the server listens
                    if (Files.isRegularFile(certificate)) ch = channel();
                    else {
                        Thread.sleep(200);
                        continue;
                    }
                }
                try {
                    HealthCheckResponse r = HealthGrpc.newBlockingStub(ch).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.newBuilder().setService("").build());
                    if (r.getStatus() == HealthCheckResponse.ServingStatus.SERVING) return;
                    last = r.getStatus().name();
                } catch (StatusRuntimeException e) {
                    last = e.getStatus().toString();
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the server did not serve within " + timeoutMillis / 1000 + " s (last: " + last + "):\n" + jvm.logTail(40));
        } finally {
            if (ch != null) {
                ch.shutdownNow();
                ch.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A bearer token for {@code caller}, valid 6 hours, signed with the secret the server wrote on its first start. */
    String token(Caller caller) throws IOException {
        Path keyFile = dataDir.resolve("auth.key");
        if (!Files.isRegularFile(keyFile)) throw new IllegalStateException("the server wrote no token secret " + keyFile);
        byte[] secret = HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.UTF_8).strip());
        return new TokenService(secret, Clock.systemUTC()).issue(caller, TimeUnit.HOURS.toMillis(6));
    }

    /** SIGTERM, up to 15 s for a clean stop, then SIGKILL. */
    @Override
    public void close() {
        jvm.close();
    }
}
