package onestop.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A line between the agent and the server that the bench can cut and mend, as a county hospital's line to the city goes
 * down while the server runs on: {@link #cut} closes every connection through it and refuses new ones (accepted, then
 * closed at once, as a dead route looks to the agent); {@link #mend} lets them through again. Bytes are copied as they
 * come, one thread per direction.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    TcpProxy(int targetPort, boolean open) throws IOException {
        this.targetPort = targetPort;
        this.open = open;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName(ChildJvm.HOST));
        Thread t = new Thread(this::accept, "bench-line");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (!open) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(ChildJvm.HOST, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException refused) {
                closeQuietly(client); // the server is not there: the agent sees a dead route
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed or the line was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "bench-line-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The line goes down: every connection through it is closed, new ones are refused. */
    void cut() {
        open = false;
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
    }

    /** The line is back. */
    void mend() {
        open = true;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException ignored) {
            // going away
        }
    }
}
