package dev.scalewise.queue;

/**
 * The per-step queue model: stationary formulas where the queue settles within the step, a reflected-diffusion
 * transient where it does not, the queue state carried from step to step ({@code PHYSICS.md}; validated against
 * the request-level {@link RequestLevelSimulator}, whose per-step KPIs are over the requests that enter service
 * in the step, in {@code docs/physics-validation.md}).
 *
 * <ul>
 *   <li><b>Stationary</b> (stable, the carried backlog within the stationary queue's scale, and the relaxation time
 *   {@code sigma2/theta^2} of the waiting line at most 1/10 of the step, with {@code theta = lambda - c mu},
 *   {@code sigma2 = lambda + c mu}): M/M/c response-time mean and quantiles ({@link ErlangC}); with a finite
 *   waiting room {@code Q} the fraction {@code P_block} of M/M/c/K ({@code K = c + Q}) is dropped. This is the
 *   fast path (no transcendental work beyond the Erlang recursion and three Newton solves).</li>
 *   <li><b>Small waiting room</b> (finite {@code Q} with {@code Q^2/sigma2} at most 1/20 of the step, so the line
 *   hits and leaves the limit many times a step; any {@code rho}, overload included): stationary M/M/c/K, with the
 *   admitted requests' wait distribution {@code P(W > w) = sum_{n<Q} pi_n P(Poisson(c mu w) <= n)}
 *   ({@code pi_n}: an admitted arrival finds n waiting; Gross &amp; Harris, <i>Fundamentals of Queueing
 *   Theory</i>, section 2.5) instead of the infinite-queue tail.</li>
 *   <li><b>Transient</b> (otherwise: near {@code rho = 1}, overload, a backlog to drain): the waiting line is the
 *   reflected Brownian motion started at the carried backlog ({@link ReflectedBrownianMotion}; the diffusion limit
 *   of the queue, exact in law as {@code rho -> 1}, continuous through {@code rho = 1}, and the fluid model when
 *   the drift dominates). A request entering service at time t waited {@code Y(t)/max(lambda, c mu)} (the
 *   requests behind it arrived during its wait). The step is split at the moment the backlog clears,
 *   {@code tau = B/(c mu - lambda)}: before it, requests start at rate {@code c mu} and see the draining line;
 *   after it, at rate {@code lambda}, with waits no longer than the stationary Erlang C tail. The wait tail of the
 *   step's requests is that mixture, integrated by 5-point Gauss-Legendre on each side of {@code tau}; each
 *   response-time quantile is the M/M/c sojourn quantile of an atom-plus-exponential wait fitted to it at that
 *   level (exact when the wait is Erlang C's); the tail uses a reduced diffusion variance for a sample path's own
 *   quantile ({@link #PATH_VARIANCE}). The backlog carried to the next step is {@code E Y(dt)} (capped at
 *   {@code Q}, the excess dropped).</li>
 *   <li><b>Short drain</b> (stable and relaxed as for the stationary path, with a carried backlog that clears
 *   within a tenth of the step): the latencies are those of the mixture of the requests that start while the
 *   backlog drains and the stationary queue after it, solved on its exact survival function
 *   ({@code drainSplit}); between a tenth and a fifth of the step they blend into the transient's, continuously
 *   in the backlog. The counts stay the transient's.</li>
 *   <li><b>No ready server</b>: nothing is served; the backlog grows by the arrivals (the excess over {@code Q}
 *   dropped) and requests wait at least the whole step, taken as {@code dt + B'/mu}.</li>
 * </ul>
 *
 * <p>Conservation holds exactly every step: {@code arrived + backlogBefore = served + dropped + backlogAfter}.
 * It is an approximation in transients (a diffusion for a discrete queue); the report says by how much.
 *
 * <p>Not for concurrent use: {@link #serve} reuses scratch space, so each environment (each thread) has its own
 * model, as it has its own cluster. {@link #serveInto} is the allocation-free form for hot loops.
 */
public final class HybridQueueModel implements QueueModel {
    private final double queueLimit;
    /** The stationary path's quantiles, reused from step to step. */
    private final double[] stationaryQuantiles = new double[3];
    /** {@link #serve}'s stationary outcome before it becomes a record. */
    private final OutcomeBuffer scratch = new OutcomeBuffer();

    /**
     * @param queueLimit waiting-room capacity Q of the whole service in requests; {@code Double.POSITIVE_INFINITY}
     *                   for an unbounded queue
     */
    public HybridQueueModel(double queueLimit) {
        if (!(queueLimit >= 0)) {
            throw new IllegalArgumentException("queueLimit must be >= 0 (or infinite), got " + queueLimit);
        }
        this.queueLimit = queueLimit;
    }

    public double queueLimit() {
        return queueLimit;
    }

    /** Stationary formulas when the waiting line relaxes within this fraction of the step. */
    private static final double RELAXED_FRACTION = 1.0 / 10;
    /** M/M/c/K when the waiting room is crossed within this fraction of the step. */
    private static final double SMALL_ROOM_FRACTION = 1.0 / 20;
    private static final double[] GL_X = {-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831,
            0.9061798459386640};
    private static final double[] GL_W = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889,
            0.4786286704993665, 0.2369268850561891};
    private static final double[] LEVELS = {0.50, 0.95, 0.99};
    private static final ErlangC.Levels RESPONSE_LEVELS = new ErlangC.Levels(LEVELS);
    /**
     * Variance factor of the diffusion in the wait tail. The report compares each replication's own p95 over the
     * step, and one sample path's occupation quantile is narrower than the quantile of the ensemble at a fixed time
     * (A. Dassios, "The distribution of the quantile of a Brownian motion with drift and the pricing of related
     * path-dependent options", Ann. Appl. Prob. 5, 1995: the path's alpha-quantile is a sum of a running maximum
     * over alpha and a running minimum over 1 - alpha). The factor is calibrated on the request-level simulator's
     * stationary scenarios at rho = 0.97 to 1.0, c = 5 and 50 (100-400 replications each), to balance the margins
     * to issue #12's bars (15% at rho 0.97, 30% at rho >= 0.99): 0.7 left c = 5 at rho = 1 at +25%, 0.55 put c = 5
     * at rho = 0.97 at -11%; 0.62 gives errors of 5%, 11%, 21% at c = 5 and rho 0.97 / 0.99 / 1, 15% at c = 50, rho = 1
     * (docs/physics-validation.md lists every regime).
     */
    private static final double PATH_VARIANCE = 0.62;

    @Override
    public StepOutcome serve(double lambda, double mu, int c, double backlog, double dt) {
        double arrived = lambda * dt;
        if (c <= 0) {
            return noServer(lambda, mu, backlog, arrived, dt);
        }
        double cmu = c * mu;
        double theta = lambda - cmu;
        double sigma2 = lambda + cmu;
        if (lambda == 0 && backlog <= 0) {
            double s = 1.0 / mu;
            return new StepOutcome(0, 0, 0, 0, 0, 0, s, s * Math.log(2), s * Math.log(20), s * Math.log(100), false);
        }
        if (smallRoomApplies(sigma2, dt)) {
            return smallRoom(lambda, mu, c, backlog, arrived, dt);
        }
        boolean relaxed = relaxed(theta, sigma2, dt);
        if (relaxed && backlog <= 1 + sigma2 / (-theta)) {
            stationary(lambda, mu, c, backlog, arrived, scratch);
            return scratch.toRecord();
        }
        StepOutcome moving = diffusion(lambda, mu, c, backlog, arrived, dt);
        double shortDrain = RELAXED_FRACTION * dt;
        double tau = relaxed ? backlog / -theta : Double.POSITIVE_INFINITY;
        if (tau < 2 * shortDrain) {
            // A short drain: the split's mixture; between one and two tenths of the step blended into the
            // diffusion's wait profile, which takes over for long drains (no cliff between the two).
            StepOutcome split = drainSplit(lambda, mu, c, backlog, dt, moving);
            return tau <= shortDrain ? split : blend(split, moving, (tau - shortDrain) / shortDrain);
        }
        return moving;
    }

    /**
     * {@link #serve} into a reusable buffer: the stationary path (the common one) writes its numbers there without
     * building a record, the others copy theirs; the same values bit for bit.
     */
    public void serveInto(double lambda, double mu, int c, double backlog, double dt, OutcomeBuffer out) {
        double cmu = c * mu;
        double theta = lambda - cmu;
        double sigma2 = lambda + cmu;
        // serve's checks in serve's order, up to its stationary branch
        if (c > 0 && !(lambda == 0 && backlog <= 0) && !smallRoomApplies(sigma2, dt) && relaxed(theta, sigma2, dt)
                && backlog <= 1 + sigma2 / (-theta)) {
            stationary(lambda, mu, c, backlog, lambda * dt, out);
        } else {
            out.set(serve(lambda, mu, c, backlog, dt));
        }
    }

    private boolean smallRoomApplies(double sigma2, double dt) {
        return Double.isFinite(queueLimit) && queueLimit * queueLimit <= SMALL_ROOM_FRACTION * dt * sigma2;
    }

    private static boolean relaxed(double theta, double sigma2, double dt) {
        return theta < 0 && sigma2 <= RELAXED_FRACTION * dt * theta * theta;
    }

    /** Stationary M/M/c (drops from M/M/c/K); a small carried backlog is served within the step. */
    private void stationary(double lambda, double mu, int c, double backlog, double arrived, OutcomeBuffer out) {
        double a = lambda / mu;
        double erlangB = ErlangC.erlangB(c, a);
        double pWait = c * erlangB / (c - a * (1 - erlangB));
        double d = c * mu - lambda;
        double dropped = 0;
        if (Double.isFinite(queueLimit)) {
            long k = c + (long) Math.floor(queueLimit);
            dropped = arrived * ErlangC.blockingFromErlangB(erlangB, c, k, a);
        }
        double served = backlog + arrived - dropped;
        double mean = pWait / d + 1.0 / mu;
        double[] q = stationaryQuantiles;
        ErlangC.responseQuantiles(pWait, d, mu, RESPONSE_LEVELS, q);
        out.set(arrived, backlog, served, dropped, 0, a / c, mean, q[0], q[1], q[2], false);
    }

    /** Stationary M/M/c/K with its own wait distribution (a waiting room small enough to be crossed often). */
    private StepOutcome smallRoom(double lambda, double mu, int c, double backlog, double arrived, double dt) {
        double a = lambda / mu;
        double rho = a / c;
        int room = (int) Math.floor(queueLimit);
        double invB = lambda == 0 ? Double.POSITIVE_INFINITY : 1.0 / ErlangC.erlangB(c, a) - 1;
        // Unnormalised probabilities of the states c + n (n waiting), scaled so that state c has weight 1.
        double[] pi = new double[room + 1];
        double total = invB;
        double meanWaiting = 0;
        double w = 1;
        for (int n = 0; n <= room; n++) {
            pi[n] = w;
            total += w;
            meanWaiting += n * w;
            w *= rho;
        }
        double blocking = Double.isInfinite(total) ? 0 : pi[room] / total;
        double admitted = Double.isInfinite(total) ? 1 : 1 - blocking;
        double[] cond = new double[room];
        double pWait = 0;
        for (int n = 0; n < room; n++) {
            cond[n] = Double.isInfinite(total) ? 0 : pi[n] / total / admitted;
            pWait += cond[n];
        }
        double dropped = arrived * blocking;
        double after = Double.isInfinite(total) ? 0 : Math.min(meanWaiting / total, backlog + arrived - dropped);
        double served = backlog + arrived - dropped - after;
        double cmu = c * mu;
        if (served > cmu * dt) {
            // A backlog larger than the stationary line: no more than c mu dt start in the step.
            served = cmu * dt;
            after = backlog + arrived - dropped - served;
            if (after > queueLimit) {
                dropped += after - queueLimit;
                after = queueLimit;
            }
        }
        WaitTail tail = wv -> {
            double x = cmu * wv;
            double term = Math.exp(-x);
            double cdf = term;
            double sum = 0;
            for (int n = 0; n < cond.length; n++) {
                sum += cond[n] * Math.min(1, cdf);
                term *= x / (n + 1);
                cdf += term;
            }
            return sum;
        };
        double meanWait = 0;
        for (int n = 0; n < room; n++) {
            meanWait += cond[n] * (n + 1) / cmu;
        }
        double[] q = quantiles(tail, pWait, mu, (room + 1) / cmu, Math.max(cmu - lambda, mu));
        return new StepOutcome(arrived, backlog, served, dropped, after, rho, meanWait + 1.0 / mu, q[0], q[1], q[2],
                lambda >= cmu);
    }

    /** The reflected-diffusion transient from the carried backlog, split where the backlog clears. */
    private StepOutcome diffusion(double lambda, double mu, int c, double backlog, double arrived, double dt) {
        double cmu = c * mu;
        double theta = lambda - cmu;
        double sigma2 = lambda + cmu;
        boolean stable = theta < 0;
        double tau = stable ? Math.min(dt, backlog / -theta) : dt;
        double pWaitStat = 1;
        double dStat = 0;
        if (stable) {
            double a = lambda / mu;
            pWaitStat = ErlangC.erlangC(c, a);
            dStat = cmu - lambda;
        }
        // Requests behind one entering service arrived during its wait: wait = Y / (their arrival rate). While a
        // backlog drains (stable, before tau) those are this step's arrivals; otherwise the line grows at max(lambda, c mu).
        double scale = Math.max(lambda, cmu);
        double drainScale = Math.max(lambda, 0.5 * cmu);
        int nodes = (tau > 0 ? GL_X.length : 0) + (tau < dt ? GL_X.length : 0);
        double[] ts = new double[nodes];
        double[] ws = new double[nodes];
        boolean[] cappedNode = new boolean[nodes];
        double[] scales = new double[nodes];
        int k = 0;
        double weightSum = 0;
        double meanWait = 0;
        for (int piece = 0; piece < 2; piece++) {
            double from = piece == 0 ? 0 : tau;
            double to = piece == 0 ? tau : dt;
            if (to <= from) {
                continue;
            }
            double rate = piece == 0 ? cmu : Math.max(lambda, 0);
            double half = 0.5 * (to - from);
            for (int i = 0; i < GL_X.length; i++) {
                double t = from + half * (1 + GL_X[i]);
                ts[k] = t;
                ws[k] = GL_W[i] * half * rate;
                cappedNode[k] = piece == 1 && stable;
                scales[k] = piece == 0 && stable ? drainScale : scale;
                double m = ReflectedBrownianMotion.mean(backlog, theta, sigma2, t) / scales[k];
                if (cappedNode[k]) {
                    m = Math.min(m, pWaitStat / dStat);
                }
                meanWait += ws[k] * m;
                weightSum += ws[k];
                k++;
            }
        }
        double pWait = 0;
        for (int i = 0; i < nodes; i++) {
            pWait += ws[i] * (cappedNode[i] ? pWaitStat : 1);
        }
        pWait = weightSum > 0 ? pWait / weightSum : 0;
        meanWait = weightSum > 0 ? meanWait / weightSum : 0;
        double norm = weightSum;
        double room = queueLimit;
        double cap = pWaitStat;
        double capRate = dStat;
        // A full waiting room admits only as many as start (c mu), so a request that found it full waited Q/(c mu).
        double fullWait = room / cmu;
        double pathSigma2 = PATH_VARIANCE * sigma2;
        double[] atRoom = new double[nodes];
        if (Double.isFinite(room)) {
            for (int i = 0; i < nodes; i++) {
                atRoom[i] = ReflectedBrownianMotion.survival(room, backlog, theta, pathSigma2, ts[i]);
            }
        }
        WaitTail tail = w -> {
            boolean full = w < fullWait;
            double capped = cap * Math.exp(-capRate * w);
            double sum = 0;
            for (int i = 0; i < ts.length; i++) {
                double y = w * scales[i];
                if (scales[i] != scale) {
                    // draining: no admitted request waited longer than a full room takes to clear
                    sum += full ? ws[i] * ReflectedBrownianMotion.survival(y, backlog, theta, pathSigma2, ts[i]) : 0;
                    continue;
                }
                if (y >= room && !full) {
                    continue;
                }
                double sv = y < room ? ReflectedBrownianMotion.survival(y, backlog, theta, pathSigma2, ts[i]) - atRoom[i] : 0;
                if (full) {
                    sv += atRoom[i];
                }
                if (cappedNode[i]) {
                    sv = Math.min(sv, capped);
                }
                sum += ws[i] * sv;
            }
            return norm > 0 ? sum / norm : 0;
        };
        double guess = (backlog + Math.max(theta, 0) * dt + 3 * Math.sqrt(sigma2 * dt)) / cmu;
        double[] q = quantiles(tail, pWait, mu, guess, stable ? dStat : mu);
        double expected = Math.max(ReflectedBrownianMotion.mean(backlog, theta, sigma2, dt), backlog + theta * dt);
        double after = Math.min(expected, queueLimit);
        double dropped = expected - after;
        double served = backlog + arrived - dropped - after;
        if (served < 0) {
            // The diffusion's mean can exceed what arrived (a reflected line gains from noise): keep conservation.
            after += served;
            served = 0;
        }
        return new StepOutcome(arrived, backlog, served, dropped, after, lambda / cmu, meanWait + 1.0 / mu, q[0], q[1],
                q[2], true);
    }

    /**
     * The step in which a carried backlog {@code B} clears within a tenth of the step (the line relaxing fast once
     * it has; {@code tau} up to two tenths blends into {@link #diffusion}, which holds for long drains): the step's
     * requests split at {@code tau = B/(c mu - lambda)} into those that start while the backlog drains and those
     * that start after it cleared, and the response-time quantiles are those of the mixture, solved on its exact
     * survival function (no per-level fit). Arrivals after {@code tau} see the stationary M/M/c queue (Erlang C
     * sojourn tail). The line moves at {@code c mu} while it drains, so a request of the backlog waited the time the
     * line ahead of it on arrival took to clear, {@code ~ B/(c mu)} (a backlog that clears this fast was built by a
     * near-critical step, its line moving at about {@code c mu}, and the line changes little within one such wait),
     * and a request arriving at {@code t < tau} waits {@code Y(t)/(c mu)} with {@code Y} falling linearly from
     * {@code B} to 0: a point mass at {@code w0 = B/(c mu)} of weight {@code B/N} and a uniform wait on
     * {@code [0, w0]} of weight {@code lambda tau/N}, {@code N = B + lambda dt}. A fluid drain followed by the
     * stationary queue is the idea of the pointwise stationary fluid flow approximation (W.-P. Wang, D. Tipper and
     * S. Banerjee, "A simple approximation for modeling nonstationary queues", IEEE INFOCOM 1996; W. A. Massey,
     * "The analysis of queues with time-varying rates for telecommunication models", Telecommunication Systems 21,
     * 2002), applied to the request mix of one step. The served, dropped and carried counts stay those of the
     * diffusion, so conservation is unchanged. Chosen over sub-stepping and a transient M/M/c/K by uniformization
     * for accuracy per microsecond: one Erlang recursion and three root solves on a closed-form survival function,
     * where the alternatives need a state vector of {@code B} entries or many sub-steps to resolve a drain of
     * seconds; docs/physics-validation.md measures it (the "blip drain step" row).
     */
    private static StepOutcome drainSplit(double lambda, double mu, int c, double backlog, double dt,
                                          StepOutcome diffusion) {
        double cmu = c * mu;
        double d = cmu - lambda;
        double tau = backlog / d;
        double w0 = backlog / cmu;
        double total = backlog + lambda * dt;
        double fPoint = backlog / total;
        double fUniform = lambda * tau / total;
        double fStationary = lambda * (dt - tau) / total;
        double pWait = ErlangC.erlangC(c, lambda / mu);
        WaitTail survival = t -> {
            double em = Math.exp(-mu * t);
            double point = t < w0 ? 1 : Math.exp(-mu * (t - w0));
            // P(U + S > t), U uniform on [0, w0], S ~ Exp(mu)
            double uniform = t < w0 ? ((1 - em) / mu + w0 - t) / w0 : (Math.exp(-mu * (t - w0)) - em) / (mu * w0);
            return fPoint * point + fUniform * uniform + fStationary * ErlangC.survival(pWait, d, mu, t);
        };
        double[] q = new double[LEVELS.length];
        double guess = w0 + 3 / mu;
        for (int i = 0; i < LEVELS.length; i++) {
            q[i] = waitQuantile(survival, 1 - LEVELS[i], guess);
            if (i > 0) {
                q[i] = Math.max(q[i], q[i - 1]);
            }
        }
        double mean = fPoint * w0 + fUniform * 0.5 * w0 + fStationary * pWait / d + 1.0 / mu;
        return new StepOutcome(diffusion.arrived(), diffusion.backlogBefore(), diffusion.served(), diffusion.dropped(),
                diffusion.backlogAfter(), diffusion.utilization(), mean, q[0], q[1], q[2], diffusion.overloaded());
    }

    /** {@code a} with its latencies moved a fraction {@code x} of the way to {@code b}'s (same counts). */
    private static StepOutcome blend(StepOutcome a, StepOutcome b, double x) {
        double y = 1 - x;
        return new StepOutcome(a.arrived(), a.backlogBefore(), a.served(), a.dropped(), a.backlogAfter(),
                a.utilization(), y * a.meanResponse() + x * b.meanResponse(), y * a.p50() + x * b.p50(),
                y * a.p95() + x * b.p95(), y * a.p99() + x * b.p99(), a.overloaded());
    }

    /** P(wait &gt; w) of the step's requests. */
    @FunctionalInterface
    private interface WaitTail {
        double at(double w);
    }

    /**
     * Response-time quantiles p50/p95/p99: at each level p = 1 - q the wait tail is fitted by an atom
     * {@code 1 - pWait} plus an exponential of rate {@code d_p = ln(pWait/p)/w_p} through its p-quantile
     * {@code w_p}, whose sojourn quantile with exponential service is {@link ErlangC#responseQuantile}.
     */
    private static double[] quantiles(WaitTail tail, double pWait, double mu, double guess, double fallbackRate) {
        double[] out = new double[LEVELS.length];
        double[] rates = new double[LEVELS.length];
        double bound = guess;
        for (int i = LEVELS.length - 1; i >= 0; i--) {
            double p = 1 - LEVELS[i];
            if (pWait > p * (1 + 1e-9)) {
                // the higher level's quantile bounds this one from above: no bracketing search
                double w = waitQuantile(tail, p, bound);
                bound = w > 0 ? w : bound;
                rates[i] = w > 0 ? Math.log(pWait / p) / w : fallbackRate;
            } else {
                rates[i] = i + 1 < LEVELS.length ? rates[i + 1] : fallbackRate;
            }
        }
        for (int i = 0; i < LEVELS.length; i++) {
            double d = rates[i] > 0 && Double.isFinite(rates[i]) ? rates[i] : fallbackRate;
            out[i] = ErlangC.responseQuantile(Math.min(pWait, 1), d, mu, RESPONSE_LEVELS, i);
            if (i > 0) {
                out[i] = Math.max(out[i], out[i - 1]); // per-level fits of a near-point mass may cross by rounding
            }
        }
        return out;
    }

    /** The w with {@code tail(w) = p}, by bracketing and the Illinois variant of regula falsi on {@code ln tail}. */
    private static double waitQuantile(WaitTail tail, double p, double guess) {
        double lo = 0;
        double hi = guess > 0 && Double.isFinite(guess) ? guess : 1;
        double fhi = tail.at(hi);
        for (int i = 0; i < 200 && fhi > p; i++) {
            lo = hi;
            hi *= 2;
            fhi = tail.at(hi);
        }
        double logP = Math.log(p);
        double flo = Math.log(Math.max(tail.at(lo), 1e-300)) - logP;
        double fh = Math.log(Math.max(fhi, 1e-300)) - logP;
        int side = 0;
        for (int i = 0; i < 60; i++) {
            double x = (flo > 20 || fh < -20 || !(flo - fh > 0)) ? 0.5 * (lo + hi) : hi - fh * (hi - lo) / (fh - flo);
            if (!(x > lo && x < hi)) {
                x = 0.5 * (lo + hi);
            }
            double fx = Math.log(Math.max(tail.at(x), 1e-300)) - logP;
            if (Math.abs(fx) < 1e-5 || hi - lo < 1e-7 * hi) {
                return x;
            }
            if (fx > 0) {
                lo = x;
                flo = fx;
                if (side == 1) {
                    fh *= 0.5;
                }
                side = 1;
            } else {
                hi = x;
                fh = fx;
                if (side == -1) {
                    flo *= 0.5;
                }
                side = -1;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** No ready server: the backlog grows by the arrivals (capped at Q), nobody is served. */
    private StepOutcome noServer(double lambda, double mu, double backlog, double arrived, double dt) {
        double total = backlog + arrived;
        if (total <= 0) {
            return new StepOutcome(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        }
        double after = Math.min(total, queueLimit);
        double dropped = total - after;
        double s = 1.0 / mu;
        double wait = dt + after / mu;
        return new StepOutcome(arrived, backlog, 0, dropped, after, lambda / mu, wait + s, wait + s * Math.log(2),
                wait + s * Math.log(20), wait + s * Math.log(100), true);
    }

    /**
     * The fewest servers whose stationary p95 response time meets {@code sloSeconds} and whose expected drops per
     * step of {@code dt} stay within {@code dropTolerance}: the capacity a rate needs when the queue has settled
     * (strictly below {@code c mu = lambda}, so an integer load needs one more server than it has erlangs).
     * Monotone in c, so it brackets by doubling and bisects: O(log c) Erlang recursions.
     */
    public static int requiredServers(double lambda, double mu, double queueLimit, double sloSeconds,
                                      double dropTolerance, double dt) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("arrival rate must be a finite number >= 0, got " + lambda);
        }
        if (lambda == 0) {
            return 0;
        }
        if (-Math.log(0.05) / mu > sloSeconds) {
            throw new IllegalArgumentException("no instance count meets a p95 of " + sloSeconds
                    + " s: the service time alone has a p95 of " + (-Math.log(0.05) / mu) + " s");
        }
        int lo = (int) Math.floor(lambda / mu); // lo servers never suffice (unstable or fails)
        long hi = Math.max(lo + 1, 1);
        while (!meets(lambda, mu, (int) hi, queueLimit, sloSeconds, dropTolerance, dt)) {
            lo = (int) hi;
            hi = 2 * hi + 1;
            if (hi > 100_000_000) {
                throw new IllegalStateException("no instance count meets the SLA at rate " + lambda);
            }
        }
        int h = (int) hi;
        while (h - lo > 1) {
            int mid = (lo + h) >>> 1;
            if (meets(lambda, mu, mid, queueLimit, sloSeconds, dropTolerance, dt)) {
                h = mid;
            } else {
                lo = mid;
            }
        }
        return h;
    }

    private static boolean meets(double lambda, double mu, int c, double queueLimit, double slo, double dropTolerance,
                                 double dt) {
        if (lambda >= c * mu) {
            return false;
        }
        double a = lambda / mu;
        double erlangB = ErlangC.erlangB(c, a);
        if (Double.isFinite(queueLimit)) {
            double blocking = ErlangC.blockingFromErlangB(erlangB, c, c + (long) Math.floor(queueLimit), a);
            if (blocking * lambda * dt > dropTolerance) {
                return false;
            }
        }
        double pWait = c * erlangB / (c - a * (1 - erlangB));
        return ErlangC.responseQuantile(pWait, c * mu - lambda, mu, 0.95) <= slo;
    }
}
