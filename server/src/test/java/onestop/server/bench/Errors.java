package onestop.server.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Failed calls of a phase: how many, and the first few distinct messages with their counts. */
final class Errors {
    private static final int MAX_DISTINCT = 20;
    private final AtomicLong count = new AtomicLong();
    private final Map<String, AtomicLong> byMessage = new ConcurrentHashMap<>();
    private final String bench;

    Errors() {
        this("bench server");
    }

    /** @param bench the name the printed lines start with, e.g. "bench agent" */
    Errors(String bench) {
        this.bench = bench;
    }

    void record(String message) {
        count.incrementAndGet();
        String m = message == null ? "(no message)" : message.length() > 300 ? message.substring(0, 300) + "…" : message;
        AtomicLong n = byMessage.get(m);
        if (n == null && byMessage.size() < MAX_DISTINCT) n = byMessage.computeIfAbsent(m, k -> new AtomicLong());
        if (n != null) n.incrementAndGet();
    }

    long count() {
        return count.get();
    }

    /** Prints each distinct message with its count, to stderr. */
    void print(String phase) {
        if (count() == 0) return;
        System.err.println(bench + ": " + phase + ": " + count() + " failed calls");
        byMessage.forEach((m, n) -> System.err.println("  " + n.get() + " × " + m));
    }
}
