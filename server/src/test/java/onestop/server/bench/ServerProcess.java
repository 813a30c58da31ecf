package onestop.server.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server as a child process on 127.0.0.1, started from the server module's build output as it is deployed:
 * TLS on (its self-signed certificate made in the data folder on first start, which the bench's clients trust) and
 * every call's bearer token checked.
 */
final class ServerProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private final Process process;
    private final int port;
    private final Path log;
    private final Path certificate;

    private ServerProcess(Process process, int port, Path log, Path certificate) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.certificate = certificate;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Starts {@code ServerMain --tls --data DIR --db jdbc:sqlite:DIR/onestop.db --port P} bound to 127.0.0.1; its output goes to
     * {@code DIR/server.log}. Extra JVM options (e.g. a JFR recording) come from {@code ONESTOP_BENCH_SERVER_OPTS}.
     */
    static ServerProcess start(Path projectRoot, Path dataDir) {
        Path classes = projectRoot.resolve("server/target/classes");
        Path cpFile = projectRoot.resolve("server/target/runtime-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(cpFile)) {
            throw new IllegalStateException("server module not built (no " + cpFile + "): run mvn -B -q -o package -DskipTests -pl server");
        }
        String cp;
        try {
            cp = classes + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("ONESTOP_BENCH_SERVER_OPTS");
        if (opts != null && !opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
        cmd.addAll(List.of("-Dgrpc.server.host=" + HOST, "-cp", cp, "onestop.server.ServerMain", "--tls",
                "--data", dataDir.toString(), "--db", "jdbc:sqlite:" + dataDir.resolve("onestop.db"), "--port", String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true);
        Path log = dataDir.resolve("server.log");
        pb.redirectOutput(log.toFile());
        // The server reads ONESTOP_*, GRPC_* and MICRONAUT_* from the environment: none of the caller's may leak in.
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ONESTOP_") || k.startsWith("GRPC_") || k.startsWith("MICRONAUT_"));
        try {
            return new ServerProcess(pb.start(), port, log, dataDir.resolve("tls/server.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /**
     * A TLS channel trusting only the server's certificate (made on its first start; valid for 127.0.0.1). Answers are
     * handled on the channel's event loop (direct executor): the bench's callbacks are short and never block.
     */
    ManagedChannel channel() {
        try {
            return NettyChannelBuilder.forAddress(HOST, port).sslContext(GrpcSslContexts.forClient().trustManager(certificate.toFile()).build())
                    .directExecutor().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot trust " + certificate + ": " + e.getMessage(), e);
        }
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
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with status " + process.exitValue() + " before serving:\n" + logTail(40));
                }
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
            throw new IllegalStateException("the server did not serve within " + timeoutMillis / 1000 + " s (last: " + last + "):\n" + logTail(40));
        } finally {
            if (ch != null) {
                ch.shutdownNow();
                ch.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, up to 15 s for a clean stop, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
