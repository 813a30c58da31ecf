package onestop.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client on one keep-alive socket, for the agent's loopback API: a request is one write, an answer is
 * read to its end (Content-Length or chunked), nothing else happens per call, so what is timed is the agent. Not
 * thread-safe: one per client thread. Limits: headers 16 KiB, a body 1 MiB, every read 10 s.
 */
final class LocalHttp implements Closeable {
    static final int TIMEOUT_MILLIS = 10_000;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 1 << 20;

    record Answer(int status, String body) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** What was read and not yet used: {@code buf[pos, lim)}; a line must fit (headers are limited anyway). */
    private final byte[] buf = new byte[MAX_HEADER_BYTES];
    private int pos;
    private int lim;

    LocalHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Answer get(String path, String apiKey) throws IOException {
        return exchange("GET", path, apiKey, null);
    }

    Answer post(String path, String apiKey, String json) throws IOException {
        return exchange("POST", path, apiKey, json);
    }

    private Answer exchange(String method, String path, String apiKey, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append(':').append(port).append("\r\n");
        if (apiKey != null) head.append("X-Api-Key: ").append(apiKey).append("\r\n");
        if (json != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        try {
            if (socket == null) connect();
            out.write(request);
            out.flush();
            return read();
        } catch (IOException | RuntimeException e) {
            close(); // the connection's state is unknown: the next call opens a new one
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = 0;
        lim = 0;
    }

    private Answer read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("not an HTTP/1.1 answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        int headerBytes = status.length();
        for (String line = line(); !line.isEmpty(); line = line()) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) throw new IOException("headers longer than " + MAX_HEADER_BYTES + " bytes");
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                if (b.size() + size > MAX_BODY_BYTES) throw new IOException("a body over " + MAX_BODY_BYTES + " bytes");
                b.write(exactly(size));
                line();
            }
            while (!line().isEmpty()) { } // trailers
            body = b.toByteArray();
        } else if (length >= 0) {
            if (length > MAX_BODY_BYTES) throw new IOException("a body over " + MAX_BODY_BYTES + " bytes");
            body = exactly(length);
        } else {
            throw new IOException("an answer without Content-Length or chunked encoding");
        }
        if (close) close();
        return new Answer(code, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads more into the buffer (keeping what is unread); false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) throw new IOException("a line longer than " + buf.length + " bytes");
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) return false;
        lim += n;
        return true;
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = new byte[n];
        int got = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, b, 0, got);
        pos += got;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) throw new IOException("the connection closed mid-answer");
            got += r;
        }
        return b;
    }

    /** One CRLF-ended line of US-ASCII, without its end. */
    private String line() throws IOException {
        for (int scanned = pos; ; ) {
            for (int i = scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buf, pos, end - pos, StandardCharsets.US_ASCII);
                    pos = i + 1;
                    return s;
                }
            }
            scanned = lim - pos; // what is unread moves to the buffer's start
            if (!fill()) throw new IOException("the connection closed mid-answer");
            scanned = Math.min(scanned, lim);
        }
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to save
        } finally {
            socket = null;
        }
    }
}
