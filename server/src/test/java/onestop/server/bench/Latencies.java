package onestop.server.bench;

import java.util.Arrays;

/** Latencies in nanoseconds: a growable array, sorted once to read percentiles (no HdrHistogram on the classpath). */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) add(other.values[i]);
    }

    int size() {
        return size;
    }

    /** A sorted copy, for {@link #percentileMillis}. */
    long[] sorted() {
        long[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        return s;
    }

    /** The nearest-rank percentile ({@code q} in 0..1) of sorted nanos, in milliseconds; NaN when empty. */
    static double percentileMillis(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
