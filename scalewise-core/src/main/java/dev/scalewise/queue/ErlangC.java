package dev.scalewise.queue;

/**
 * M/M/c formulas: Erlang B and C, mean wait and response time, and response-time (sojourn) quantiles for
 * FCFS M/M/c.
 *
 * <p>Erlang B uses the stable recursion {@code E_0 = 1, E_k = a E_{k-1} / (k + a E_{k-1})} (no factorials),
 * so c = 10,000 works without overflow; Erlang C follows as {@code C = c E / (c - a (1 - E))}
 * (Kleinrock, <i>Queueing Systems</i> Vol. 1, 1975, eq. 3.40; Gross &amp; Harris, <i>Fundamentals of Queueing
 * Theory</i>). The sojourn tail for FCFS M/M/c with {@code d = c mu - lambda} is
 * {@code P(T > t) = e^{-mu t} + C mu/(d - mu) (e^{-mu t} - e^{-d t})}, and {@code e^{-mu t}(1 + C mu t)} when
 * {@code d = mu}; quantiles are found by safeguarded Newton iteration.
 */
public final class ErlangC {
    private ErlangC() {
    }

    /**
     * Erlang B blocking probability of an M/M/c/c loss system.
     *
     * @param c servers, &gt;= 0
     * @param a offered load in erlangs (lambda / mu), &gt;= 0
     */
    public static double erlangB(int c, double a) {
        if (c < 0) {
            throw new IllegalArgumentException("servers must be >= 0, got " + c);
        }
        if (!(a >= 0) || !Double.isFinite(a)) {
            throw new IllegalArgumentException("offered load must be a finite number >= 0, got " + a);
        }
        double e = 1.0;
        for (int k = 1; k <= c; k++) {
            double ae = a * e;
            e = ae / (k + ae);
        }
        return e;
    }

    /**
     * Erlang C: probability that an arriving request has to wait in a stable M/M/c queue.
     *
     * @param c servers, &gt;= 1
     * @param a offered load in erlangs, with {@code a < c}
     * @return P(wait); 1 when {@code a >= c} (every request waits)
     */
    public static double erlangC(int c, double a) {
        if (c < 1) {
            throw new IllegalArgumentException("servers must be >= 1, got " + c);
        }
        if (a >= c) {
            return 1.0;
        }
        double e = erlangB(c, a);
        return c * e / (c - a * (1 - e));
    }

    /** Mean wait in queue {@code Wq = C / (c mu - lambda)} in seconds (stable queue). */
    public static double meanWait(int c, double lambda, double mu) {
        checkStable(c, lambda, mu);
        return erlangC(c, lambda / mu) / (c * mu - lambda);
    }

    /** Mean response (sojourn) time {@code W = Wq + 1/mu} in seconds (stable queue). */
    public static double meanResponse(int c, double lambda, double mu) {
        return meanWait(c, lambda, mu) + 1.0 / mu;
    }

    /**
     * The response time t with {@code P(T > t) = 1 - q} for FCFS M/M/c.
     *
     * @param c      servers
     * @param lambda arrival rate (requests/s), {@code lambda < c mu}
     * @param mu     service rate of one server (requests/s)
     * @param q      quantile in (0, 1), e.g. 0.95
     */
    public static double responseQuantile(int c, double lambda, double mu, double q) {
        checkStable(c, lambda, mu);
        double pWait = erlangC(c, lambda / mu);
        return responseQuantile(pWait, c * mu - lambda, mu, q);
    }

    /**
     * Response-time quantile from precomputed Erlang C {@code pWait} and drain rate {@code d = c mu - lambda}.
     * Lets one step compute p50/p95/p99 with a single Erlang recursion.
     */
    public static double responseQuantile(double pWait, double d, double mu, double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + q);
        }
        double p = 1 - q;
        if (pWait <= 0) {
            return -Math.log(p) / mu;
        }
        // Bracket: S(t) is decreasing from 1 at t = 0 to 0.
        double rate = Math.min(mu, d);
        double lo = 0;
        double hi = -Math.log(p) / rate + 1.0 / rate;
        while (survival(pWait, d, mu, hi) > p) {
            lo = hi;
            hi *= 2;
        }
        // Initial guess: the larger of the two exponential quantiles clipped to the bracket.
        double t = Math.max(-Math.log(p) / mu, Math.min(hi, -Math.log(p / Math.max(pWait, p)) / d));
        if (t <= lo || t >= hi) {
            t = 0.5 * (lo + hi);
        }
        for (int iter = 0; iter < 100; iter++) {
            double f = survival(pWait, d, mu, t) - p;
            if (f > 0) {
                lo = t;
            } else {
                hi = t;
            }
            double slope = -density(pWait, d, mu, t);
            double next = slope < 0 ? t - f / slope : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - t) <= 1e-14 * Math.max(1.0, t)) {
                return next;
            }
            t = next;
        }
        return t;
    }

    /** {@code P(T > t)} for the FCFS M/M/c sojourn time. */
    public static double survival(double pWait, double d, double mu, double t) {
        double em = Math.exp(-mu * t);
        if (Math.abs(d - mu) <= 1e-12 * mu) {
            return em * (1 + pWait * mu * t);
        }
        return em + pWait * mu / (d - mu) * (em - Math.exp(-d * t));
    }

    private static double density(double pWait, double d, double mu, double t) {
        double em = Math.exp(-mu * t);
        if (Math.abs(d - mu) <= 1e-12 * mu) {
            // d/dt of e^{-mu t}(1 + C mu t) = -mu e^{-mu t}(1 + C mu t) + C mu e^{-mu t}
            return mu * em * (1 + pWait * mu * t) - pWait * mu * em;
        }
        return mu * em + pWait * mu / (d - mu) * (mu * em - d * Math.exp(-d * t));
    }

    private static void checkStable(int c, double lambda, double mu) {
        if (c < 1) {
            throw new IllegalArgumentException("servers must be >= 1, got " + c);
        }
        if (!(mu > 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("service rate must be a positive finite number, got " + mu);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("arrival rate must be a finite number >= 0, got " + lambda);
        }
        if (lambda >= c * mu) {
            throw new IllegalArgumentException("queue is unstable: arrival rate " + lambda + " >= c * mu = " + c * mu);
        }
    }

    /**
     * M/M/c/K blocking probability (K = total places, servers plus waiting room), computed from Erlang B and a
     * geometric tail, O(c) time and overflow-free:
     * {@code P_K = rho^{K-c} / (1/E_B - 1 + sum_{j=0}^{K-c} rho^j)} with {@code rho = a / c}.
     *
     * @param c servers, &gt;= 1
     * @param k total places, &gt;= c
     * @param a offered load in erlangs
     */
    public static double blockingProbability(int c, long k, double a) {
        if (c < 1) {
            throw new IllegalArgumentException("servers must be >= 1, got " + c);
        }
        if (k < c) {
            throw new IllegalArgumentException("K (servers + waiting places) must be >= c = " + c + ", got " + k);
        }
        if (a == 0) {
            return 0;
        }
        return blockingFromErlangB(erlangB(c, a), c, k, a);
    }

    /** As {@link #blockingProbability(int, long, double)} with a precomputed Erlang B value. */
    public static double blockingFromErlangB(double erlangB, int c, long k, double a) {
        if (a == 0) {
            return 0;
        }
        double rho = a / c;
        long n = k - c;
        double invB = 1.0 / erlangB - 1.0;
        if (Math.abs(rho - 1) < 1e-12) {
            return 1.0 / (invB + n + 1);
        }
        if (rho < 1) {
            double rn = Math.pow(rho, n);
            double geo = (1 - rn * rho) / (1 - rho);
            return rn / (invB + geo);
        }
        // rho > 1: divide through by rho^n to stay finite.
        double ir = 1.0 / rho;
        double irn = Math.pow(ir, n);
        double geo = (1 - irn * ir) / (1 - ir);
        return 1.0 / (irn * invB + geo);
    }
}
