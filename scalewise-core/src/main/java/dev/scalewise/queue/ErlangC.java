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
        if (c == 0) {
            return 1.0;
        }
        if (a == 0) {
            return 0.0;
        }
        // Reciprocal form of the recursion, 1/E_k = 1 + x_k / E_{k-1} with x_k = k/a: additions of positive terms
        // only (stable) and no division in the loop. Four steps per iteration, unrolled so that one multiply-add
        // sits on the critical path: 1/E_{k+3} = alpha + beta / E_{k-1}, with
        // alpha = 1 + x3 (1 + x2 (1 + x1)) and beta = x3 x2 x1 x0 computed off that path. The k's are counted in a
        // double (exact below 2^53, so the same values as converting the int) to keep int-to-double conversions off
        // the loop's throughput.
        double ia = 1.0 / a;
        double inv = 1.0;
        int k = 1;
        double kd = 1;
        for (; k + 3 <= c; k += 4, kd += 4) {
            double x0 = kd * ia;
            double x1 = (kd + 1) * ia;
            double x2 = (kd + 2) * ia;
            double x3 = (kd + 3) * ia;
            double alpha = 1 + x3 * (1 + x2 * (1 + x1));
            double beta = (x3 * x2) * (x1 * x0);
            inv = alpha + beta * inv;
        }
        for (; k <= c; k++, kd++) {
            inv = 1 + kd * ia * inv;
        }
        return 1.0 / inv;
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
        return quantile(pWait, d, mu, p, Math.log(p), startLog(pWait, d, mu));
    }

    /**
     * Quantile levels with the logarithms of their tail probabilities computed once, for
     * {@link #responseQuantiles} and {@link #responseQuantile(double, double, double, Levels, int)}.
     */
    public static final class Levels {
        private final double[] q;
        private final double[] tail;
        private final double[] logTail;

        /** @param q levels in (0, 1), e.g. 0.50, 0.95, 0.99 */
        public Levels(double... q) {
            this.q = q.clone();
            this.tail = new double[q.length];
            this.logTail = new double[q.length];
            for (int i = 0; i < q.length; i++) {
                if (!(q[i] > 0 && q[i] < 1)) {
                    throw new IllegalArgumentException("quantile must be in (0, 1), got " + q[i]);
                }
                tail[i] = 1 - q[i];
                logTail[i] = Math.log(tail[i]);
            }
        }

        public int size() {
            return q.length;
        }

        public double level(int i) {
            return q[i];
        }
    }

    /**
     * {@link #responseQuantile(double, double, double, double)} at every level into {@code out}, the same values bit
     * for bit, with the work that does not depend on the level (the Newton start's logarithm) done once.
     */
    public static void responseQuantiles(double pWait, double d, double mu, Levels levels, double[] out) {
        double start = startLog(pWait, d, mu);
        int n = levels.q.length;
        if (pWait <= 0 || Math.abs(d - mu) <= 1e-12 * mu || n > 64) {
            for (int i = 0; i < n; i++) {
                out[i] = quantile(pWait, d, mu, levels.tail[i], levels.logTail[i], start);
            }
            return;
        }
        newtonInLockstep(pWait, d, mu, levels, out, start);
    }

    /**
     * {@link #quantile}'s Newton solves of every level in lockstep: each level's is a chain of dependent exp, log and
     * division latencies, and interleaving the independent chains lets the processor overlap them; every level takes
     * the same iterations as alone. {@code out[i]} holds level i's iterate until it is done.
     */
    private static void newtonInLockstep(double pWait, double d, double mu, Levels levels, double[] out, double start) {
        int n = levels.q.length;
        double b = -pWait * mu / (d - mu);
        double a = 1 - b;
        boolean fastNegligible = d >= 2 * mu;
        for (int i = 0; i < n; i++) {
            out[i] = newtonStart(d, mu, levels.logTail[i], start);
        }
        long open = n == 64 ? -1L : (1L << n) - 1;
        for (int iter = 0; iter < NEWTON_ITERATIONS && open != 0; iter++) {
            for (int i = 0; i < n; i++) {
                if ((open & (1L << i)) == 0) {
                    continue;
                }
                double next = newtonIteration(out[i], a, b, d, mu, levels.logTail[i], fastNegligible);
                if (next > 0) {
                    out[i] = next;
                } else {
                    open &= ~(1L << i);
                    out[i] = next < 0 ? -next : bisect(pWait, d, mu, levels.tail[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if ((open & (1L << i)) != 0) {
                out[i] = bisect(pWait, d, mu, levels.tail[i]);
            }
        }
    }

    /** {@link #responseQuantile(double, double, double, double)} at level {@code i} of {@code levels}, bit for bit. */
    public static double responseQuantile(double pWait, double d, double mu, Levels levels, int i) {
        return quantile(pWait, d, mu, levels.tail[i], levels.logTail[i], startLog(pWait, d, mu));
    }

    /**
     * The logarithm of the slower exponential's coefficient in {@code S(t) = A e^{-mu t} + B e^{-d t}} (the Newton
     * start's), NaN where the solver does not use it.
     */
    private static double startLog(double pWait, double d, double mu) {
        if (pWait <= 0 || Math.abs(d - mu) <= 1e-12 * mu) {
            return Double.NaN;
        }
        double b = -pWait * mu / (d - mu);
        return d > mu ? Math.log(1 - b) : Math.log(b);
    }

    /**
     * Bits of relative precision below which an addend cannot change a sum (round to nearest: a term under half an
     * ulp of the other, and half an ulp of x is more than |x| 2^-54), plus a margin for the coefficients' ratio.
     */
    private static final double NEGLIGIBLE_EXPONENT = 39;

    private static double quantile(double pWait, double d, double mu, double p, double logP, double startLog) {
        if (pWait <= 0) {
            return -logP / mu;
        }
        if (Math.abs(d - mu) <= 1e-12 * mu) {
            return bisect(pWait, d, mu, p);
        }
        double b = -pWait * mu / (d - mu);
        double a = 1 - b;
        double t = newtonStart(d, mu, logP, startLog);
        boolean fastNegligible = d >= 2 * mu;
        for (int iter = 0; iter < NEWTON_ITERATIONS; iter++) {
            double next = newtonIteration(t, a, b, d, mu, logP, fastNegligible);
            if (!(next > 0)) {
                return next < 0 ? -next : bisect(pWait, d, mu, p);
            }
            t = next;
        }
        return bisect(pWait, d, mu, p);
    }

    private static final int NEWTON_ITERATIONS = 60;

    /**
     * Newton's start for {@link #quantile}: {@code S(t) = A e^{-mu t} + B e^{-d t}} from the slower exponential's
     * asymptote (the solve runs Newton on {@code ln S(t) - ln p}, which is almost linear in t: two or three
     * iterations; none when the faster term is already negligible there).
     */
    private static double newtonStart(double d, double mu, double logP, double startLog) {
        double t;
        if (d > mu) {
            t = (startLog - logP) / mu;
        } else {
            t = (startLog - logP) / d;
        }
        if (!(t > 0)) {
            t = -logP / Math.min(mu, d);
        }
        return t;
    }

    /**
     * One Newton iteration of {@link #quantile} from {@code t} with {@code B = b}, {@code A = a = 1 - b}: the next
     * iterate, negated when it has converged ({@code |step| <= 1e-13 next}), NaN when the solve must fall back to
     * bisection.
     */
    private static double newtonIteration(double t, double a, double b, double d, double mu, double logP,
                                          boolean fastNegligible) {
        // With d >= 2 mu, |B| <= A and d |B| <= 2 mu A (A = 1 - B >= 1, |B| = pWait mu / (d - mu) <= 1), so once
        // (d - mu) t >= 39 the e^{-d t} terms are below 2^-54 of the e^{-mu t} terms: adding them leaves s and f
        // unchanged bit for bit, and their exponential is not computed.
        double em = Math.exp(-mu * t);
        double s;
        double f;
        if (fastNegligible && (d - mu) * t >= NEGLIGIBLE_EXPONENT) {
            s = a * em;
            f = mu * a * em;
        } else {
            double ed = Math.exp(-d * t);
            s = a * em + b * ed;
            f = mu * a * em + d * b * ed;
        }
        if (!(s > 0) || !(f > 0)) {
            return Double.NaN;
        }
        double step = (Math.log(s) - logP) * s / f;
        double next = t + step;
        if (!(next > 0)) {
            return Double.NaN;
        }
        return Math.abs(step) <= 1e-13 * next ? -next : next;
    }

    /** Safe fallback: bracket and bisect {@code S(t) = p}. */
    private static double bisect(double pWait, double d, double mu, double p) {
        double rate = Math.min(mu, d);
        double lo = 0;
        double hi = -Math.log(p) / rate + 1.0 / rate;
        while (survival(pWait, d, mu, hi) > p) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (survival(pWait, d, mu, mid) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** {@code P(T > t)} for the FCFS M/M/c sojourn time. */
    public static double survival(double pWait, double d, double mu, double t) {
        double em = Math.exp(-mu * t);
        if (Math.abs(d - mu) <= 1e-12 * mu) {
            return em * (1 + pWait * mu * t);
        }
        return em + pWait * mu / (d - mu) * (em - Math.exp(-d * t));
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

    /** {@code n (1 - rho)} from which {@code rho^n} underflows to 0 whatever its rounding ({@code e^-800 < 2^-1154}). */
    static final double POW_UNDERFLOW = 800;

    /** As {@link #blockingProbability(int, long, double)} with a precomputed Erlang B value. */
    public static double blockingFromErlangB(double erlangB, int c, long k, double a) {
        if (a == 0) {
            return 0;
        }
        double rho = a / c;
        long n = k - c;
        if (rho < 1 && Math.abs(rho - 1) >= 1e-12 && n * (1 - rho) >= POW_UNDERFLOW) {
            return 0; // rho^n <= e^{-n (1 - rho)} < 2^-1150: Math.pow gives 0, and so the formula (ErlangCTest)
        }
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
