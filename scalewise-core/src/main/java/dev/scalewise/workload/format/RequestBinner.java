package dev.scalewise.workload.format;

import dev.scalewise.workload.Trace;
import java.util.Arrays;

/**
 * Bins per-request arrivals into one-second steps, summing prompt and output tokens per step. Arrival times are
 * offsets from the trace start in nanoseconds and must not decrease.
 */
final class RequestBinner {
    private final String source;
    private double[] counts = new double[1024];
    private double[] prompt = new double[1024];
    private double[] output = new double[1024];
    private int steps;
    private long lastNanos = Long.MIN_VALUE;
    private final boolean withTokens;

    RequestBinner(String source, boolean withTokens) {
        this.source = source;
        this.withTokens = withTokens;
    }

    /** Checks order without adding; throws {@link BadValue} when {@code offsetNanos} goes back in time. */
    void checkOrder(long offsetNanos) {
        if (offsetNanos < 0) {
            throw new BadValue("timestamp before the start of the trace");
        }
        if (offsetNanos < lastNanos) {
            throw new BadValue(String.format("non-monotonic timestamp: %.3f s after the start comes after %.3f s",
                    offsetNanos / 1e9, lastNanos / 1e9));
        }
    }

    /** Adds one request (the order must have been checked). */
    void add(long line, long offsetNanos, long promptTokens, long outputTokens) {
        long step = offsetNanos / 1_000_000_000L;
        Assembly.checkSteps(source, line, step + 1, 1);
        int s = (int) step;
        if (s >= counts.length) {
            int n = (int) Math.min(Limits.MAX_STEPS, Math.max((long) s + 1, 2L * counts.length));
            counts = Arrays.copyOf(counts, n);
            prompt = Arrays.copyOf(prompt, n);
            output = Arrays.copyOf(output, n);
        }
        counts[s]++;
        prompt[s] += promptTokens;
        output[s] += outputTokens;
        steps = Math.max(steps, s + 1);
        lastNanos = offsetNanos;
    }

    /** Requests per second of each one-second step. */
    double[] rates() {
        return Arrays.copyOf(counts, Math.max(steps, 1));
    }

    /** Token sums per step, or null when the format has no tokens. */
    Trace.TokenSeries tokens() {
        if (!withTokens) {
            return null;
        }
        int n = Math.max(steps, 1);
        return new Trace.TokenSeries(Arrays.copyOf(prompt, n), Arrays.copyOf(output, n));
    }
}
