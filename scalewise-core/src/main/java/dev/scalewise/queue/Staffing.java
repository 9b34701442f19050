package dev.scalewise.queue;

import java.util.Locale;

/**
 * Staffing an M/M/c queue for a p95 response-time objective: the search {@code scalewise queue --slo-p95-ms} and the
 * dashboard's capacity planner share (the same numbers in both).
 */
public final class Staffing {
    private Staffing() {
    }

    /**
     * The fewest servers c with a stable queue and p95 response time within {@code sloSeconds}. The p95 falls as c
     * grows, so the answer is bracketed from the first stable c by steps that double from {@code sqrt(a)} (the
     * square-root staffing scale: the answer lies a few {@code sqrt(a)} above the load a; Halfin and Whitt, Operations
     * Research 29(3), 1981), then found by bisection: O(log sqrt(a)) evaluations instead of O(sqrt(a)).
     */
    public static int minServers(double lambda, double mu, double sloSeconds) {
        if (!(sloSeconds > 0)) {
            throw new IllegalArgumentException("--slo-p95-ms must be > 0, got " + sloSeconds * 1000);
        }
        double serviceP95 = Math.log(20) / mu;
        if (sloSeconds <= serviceP95) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no number of servers can meet a p95 of %.6g ms: the service time alone has p95 %.6g ms",
                    sloSeconds * 1000, serviceP95 * 1000));
        }
        double a = lambda / mu;
        if (a >= Integer.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "an offered load of %.6g servers is beyond "
                    + "this command (at most %d)", a, Integer.MAX_VALUE / 2));
        }
        long lo = Math.max(1, (long) Math.floor(a) + 1);
        if (meets(lo, lambda, mu, sloSeconds)) {
            return (int) lo;
        }
        long step = Math.max(1, (long) Math.ceil(Math.sqrt(a)));
        long hi = lo + step;
        while (!meets(hi, lambda, mu, sloSeconds)) {
            lo = hi;
            step *= 2;
            hi = lo + step;
            if (hi > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("no number of servers up to " + Integer.MAX_VALUE + " meets the p95");
            }
        }
        // f(lo) misses, f(hi) meets
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (meets(mid, lambda, mu, sloSeconds)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (int) hi;
    }

    private static boolean meets(long c, double lambda, double mu, double sloSeconds) {
        return ErlangC.responseQuantile(erlangC(c, lambda / mu), c * mu - lambda, mu, 0.95) <= sloSeconds;
    }

    /**
     * Erlang C for {@code c > a} servers in O(sqrt(a)) steps rather than O(c): the Erlang B recursion
     * {@code 1/B_k = 1 + (k/a) / B_{k-1}} damps an error in its start by the product of {@code k/a}, about
     * {@code exp(-(a-k0)^2 / 2a)} up to k = a and at most {@code exp((c-a)^2 / 2a)} after it, so starting at
     * {@code k0 = a - sqrt(beta^2 + 150) sqrt(a)} (beta = (c-a)/sqrt(a)) from the fluid value
     * {@code B_k0 = 1 - k0/a} leaves a relative error below e^-75. Small loads run the exact recursion
     * ({@link ErlangC#erlangC}). (A helper for {@link #minServers}.)
     */
    public static double erlangC(long c, double a) {
        double root = Math.sqrt(a);
        double beta = (c - a) / root;
        long k0 = (long) Math.floor(a - Math.sqrt(beta * beta + 150) * root);
        if (k0 <= 0 || c - k0 > c / 2) {
            return ErlangC.erlangC((int) c, a);
        }
        double inv = 1 / (1 - k0 / a);
        for (long k = k0 + 1; k <= c; k++) {
            inv = 1 + (k / a) * inv;
        }
        double b = 1 / inv;
        return c * b / (c - a * (1 - b));
    }

    /** p95 response time in seconds of c servers (stable: {@code c * mu > lambda}). */
    public static double p95(long c, double lambda, double mu) {
        return ErlangC.responseQuantile(erlangC(c, lambda / mu), c * mu - lambda, mu, 0.95);
    }
}
