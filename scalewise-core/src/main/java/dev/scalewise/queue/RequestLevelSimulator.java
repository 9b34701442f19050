package dev.scalewise.queue;

import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.SplitMix64;
import java.util.Arrays;

/**
 * A request-level discrete-event simulation of the service, one control step at a time: the reference the
 * per-step {@link HybridQueueModel} is validated against ({@code --physics des}).
 *
 * <h2>System</h2>
 * <ul>
 *   <li>FCFS, {@code c} identical servers during a step; {@code c} changes only at step boundaries.</li>
 *   <li>Arrivals: a Poisson process with the step's rate (or, with {@code poisson = false}, evenly spaced at
 *   that rate, the fractional phase carried across steps); exponential service with the step's rate
 *   {@code mu} per server, drawn when a request enters service.</li>
 *   <li>A finite waiting room of {@code Q} requests: an arrival that finds {@code Q} requests waiting (not counting
 *   those in service) is dropped, so the stationary system is M/M/c/K with {@code K = c + Q}.</li>
 *   <li>Scale-up at a boundary: the new servers are free at once (the cluster makes booting instances ready at
 *   the boundary where their boot completes). Scale-down: idle servers go first; a busy server that must go
 *   finishes its current request (graceful drain) and takes no new one; which busy server goes is drawn
 *   uniformly at random (with exponential service every busy server's residual is the same in law).</li>
 * </ul>
 *
 * <h2>Per-step KPIs</h2>
 * From individual requests: {@code served} counts the requests that entered service during the step, and the
 * mean/p50/p95/p99 response times (wait + service, exact, nearest-rank) are over those requests: a request's
 * response time is known the moment it starts, because its service time is drawn then. {@code backlog} is the
 * number waiting (not in service) at the end of the step, so {@code arrived + backlogBefore = served + dropped +
 * backlogAfter} holds exactly, in integers. A step in which no request started while some wait reports their
 * longest wait so far (a lower bound of their response time); an idle step reports the service-time quantiles.
 *
 * <h2>Method and cost</h2>
 * The FCFS (Kiefer-Wolfowitz) recursion: a request starts at {@code max(arrival, earliest server free time)} on
 * that server. Primitive arrays only: a ring buffer of the waiting requests' arrival times, a binary min-heap of
 * server free times, a growable array of the step's response times (quantiles by selection); no object per
 * request. Arrivals are admitted in time order: before an arrival at time {@code a} is admitted, every waiting
 * request that starts by {@code a} is started, so the ring holds exactly the requests waiting at {@code a}.
 * Reproducible: the only randomness is two {@link SplitMix64} streams derived from the caller's seed, one for
 * arrival times and one for service times and the choice of drained servers. The arrivals therefore do not
 * depend on the capacity: every policy run with the same seed sees the same requests at the same instants
 * (and the k-th request to start gets the same service time), as a fair comparison needs.
 */
public final class RequestLevelSimulator {
    private final double queueLimit;
    private final boolean poisson;
    private final SplitMix64 arrivalRng = new SplitMix64(0);
    private final SplitMix64 serviceRng = new SplitMix64(0);

    private double now;
    private double phase;
    /** Min-heap of server free times, size {@code servers}. */
    private double[] free = new double[16];
    private int servers;
    /** Ring buffer of the arrival times of waiting requests. */
    private double[] ring = new double[1024];
    private int head;
    private int waiting;
    /** Response times of the requests that started in the current step. */
    private double[] sojourn = new double[4096];
    private int started;

    private long totalArrived;
    private long totalStarted;
    private long totalDropped;

    /**
     * @param queueLimit waiting room Q (requests, {@code >= 0}; {@code Double.POSITIVE_INFINITY} for none)
     * @param poisson    Poisson arrivals; false: evenly spaced arrivals at the step's rate
     * @param seed       seed of the simulation's random stream
     */
    public RequestLevelSimulator(double queueLimit, boolean poisson, long seed) {
        if (!(queueLimit >= 0)) {
            throw new IllegalArgumentException("queueLimit must be >= 0 (or infinite), got " + queueLimit);
        }
        this.queueLimit = queueLimit;
        this.poisson = poisson;
        reset(seed);
    }

    /** Empty system at time 0, no servers, the random streams restarted from {@code seed}. */
    public void reset(long seed) {
        arrivalRng.setState(Seeds.derive(seed, "arrivals", 0));
        serviceRng.setState(Seeds.derive(seed, "service", 0));
        now = 0;
        phase = 0;
        servers = 0;
        head = 0;
        waiting = 0;
        started = 0;
        totalArrived = 0;
        totalStarted = 0;
        totalDropped = 0;
    }

    /** Requests waiting (not in service) now. */
    public int waiting() {
        return waiting;
    }

    /** Simulated time at the end of the last step, seconds. */
    public double now() {
        return now;
    }

    public long totalArrived() {
        return totalArrived;
    }

    public long totalStarted() {
        return totalStarted;
    }

    public long totalDropped() {
        return totalDropped;
    }

    /**
     * Simulates one step of {@code dt} seconds with {@code c} servers.
     *
     * @param lambda arrival rate during the step (requests/s, finite, {@code >= 0})
     * @param mu     service rate of one server during the step (requests/s, {@code > 0})
     * @param c      servers during the step ({@code >= 0})
     * @param dt     step length (seconds, {@code > 0})
     */
    public StepOutcome step(double lambda, double mu, int c, double dt) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("arrival rate must be a finite number >= 0, got " + lambda);
        }
        if (!(mu > 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("service rate must be a positive finite number, got " + mu);
        }
        if (c < 0) {
            throw new IllegalArgumentException("servers must be >= 0, got " + c);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("step length must be a positive finite number, got " + dt);
        }
        double t0 = now;
        double t1 = t0 + dt;
        resize(c, t0);
        int backlogBefore = waiting;
        started = 0;
        long arrived = 0;
        long dropped = 0;
        double invMu = 1.0 / mu;
        if (lambda > 0) {
            double a;
            double gap = 1.0 / lambda;
            if (poisson) {
                a = t0 + expo(arrivalRng) * gap;
            } else {
                a = t0 + (1 - phase) * gap;
            }
            while (a < t1) {
                arrived++;
                startWaitingUpTo(a, invMu);
                if (waiting == 0 && servers > 0 && free[0] <= a) {
                    start(a, a, invMu);
                } else if (waiting >= queueLimit) {
                    dropped++;
                } else {
                    push(a);
                }
                a += poisson ? expo(arrivalRng) * gap : gap;
            }
            if (!poisson) {
                phase = 1 - (a - t1) * lambda;
                if (!(phase >= 0 && phase < 1)) {
                    phase = 0;
                }
            }
        }
        startWaitingBefore(t1, invMu);
        now = t1;
        totalArrived += arrived;
        totalDropped += dropped;
        totalStarted += started;
        return outcome(lambda, mu, c, dt, arrived, backlogBefore, dropped, t1);
    }

    /** Starts every waiting request whose start time is at most {@code a}. */
    private void startWaitingUpTo(double a, double invMu) {
        while (waiting > 0 && servers > 0) {
            double arrival = ring[head];
            double s = Math.max(arrival, free[0]);
            if (s > a) {
                return;
            }
            pop();
            start(s, arrival, invMu);
        }
    }

    /** Starts every waiting request whose start time falls before the end of the step. */
    private void startWaitingBefore(double t1, double invMu) {
        while (waiting > 0 && servers > 0) {
            double arrival = ring[head];
            double s = Math.max(arrival, free[0]);
            if (s >= t1) {
                return;
            }
            pop();
            start(s, arrival, invMu);
        }
    }

    /** The request that arrived at {@code arrival} enters service at {@code s} on the earliest-free server. */
    private void start(double s, double arrival, double invMu) {
        double done = s + expo(serviceRng) * invMu;
        siftDown(done);
        if (started == sojourn.length) {
            sojourn = Arrays.copyOf(sojourn, started * 2);
        }
        sojourn[started++] = done - arrival;
    }

    /**
     * Exp(1) variate by the JDK's modified ziggurat ({@link java.util.random.RandomGenerator#nextExponential()} on
     * the {@link SplitMix64} stream: C. D. McFarland, "A modified ziggurat algorithm for generating exponentially
     * and normally distributed pseudorandom numbers", J. Stat. Comput. Simul. 86(7), 2016): one 64-bit draw and a
     * table look-up in about 99% of calls, where inversion pays a logarithm (measured 7-10 ns against 60-80 ns here).
     * Deterministic for the stream's state.
     */
    private static double expo(SplitMix64 rng) {
        return rng.nextExponential();
    }

    private void push(double arrival) {
        if (waiting == ring.length) {
            double[] bigger = new double[ring.length * 2];
            int firstPart = ring.length - head;
            System.arraycopy(ring, head, bigger, 0, firstPart);
            System.arraycopy(ring, 0, bigger, firstPart, head);
            ring = bigger;
            head = 0;
        }
        ring[(head + waiting) & (ring.length - 1)] = arrival;
        waiting++;
    }

    private void pop() {
        head = (head + 1) & (ring.length - 1);
        waiting--;
    }

    /** Replaces the heap's minimum by {@code v} and restores the heap. */
    private void siftDown(double v) {
        double[] h = free;
        int n = servers;
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int m = r < n && h[r] < h[l] ? r : l;
            if (h[m] >= v) {
                break;
            }
            h[i] = h[m];
            i = m;
        }
        h[i] = v;
    }

    /** Changes the pool to {@code c} servers at time {@code t0}: new ones free now; removals idle first, then random busy. */
    private void resize(int c, double t0) {
        if (c == servers) {
            return;
        }
        if (c > servers) {
            if (free.length < c) {
                free = Arrays.copyOf(free, Math.max(c, free.length * 2));
            }
            for (int i = servers; i < c; i++) {
                free[i] = t0;
            }
            servers = c;
        } else {
            int remove = servers - c;
            // Idle servers (free by t0) first.
            int n = servers;
            for (int i = 0; i < n && remove > 0; ) {
                if (free[i] <= t0) {
                    free[i] = free[--n];
                    remove--;
                } else {
                    i++;
                }
            }
            // Then busy ones, chosen uniformly: each finishes its request (already accounted for) and leaves.
            while (remove > 0) {
                int i = (int) (((serviceRng.nextLong() >>> 33) * n) >>> 31);
                free[i] = free[--n];
                remove--;
            }
            servers = n;
        }
        for (int i = servers / 2 - 1; i >= 0; i--) {
            heapifyAt(i);
        }
    }

    private void heapifyAt(int i) {
        double v = free[i];
        int n = servers;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int m = r < n && free[r] < free[l] ? r : l;
            if (free[m] >= v) {
                break;
            }
            free[i] = free[m];
            i = m;
        }
        free[i] = v;
    }

    private StepOutcome outcome(double lambda, double mu, int c, double dt, long arrived, int backlogBefore,
                                long dropped, double t1) {
        double utilization = lambda / (Math.max(c, 1) * mu);
        boolean overloaded = lambda >= c * mu || waiting > 0;
        double mean;
        double p50;
        double p95;
        double p99;
        if (started > 0) {
            double sum = 0;
            for (int i = 0; i < started; i++) {
                sum += sojourn[i];
            }
            mean = sum / started;
            // Each selection leaves larger values to the right of its rank, so the next one searches only there.
            int k50 = rank(0.50);
            int k95 = rank(0.95);
            p50 = select(0, k50);
            p95 = select(k50, k95);
            p99 = select(k95, rank(0.99));
        } else if (waiting > 0) {
            double oldest = t1 - ring[head];
            mean = oldest;
            p50 = oldest;
            p95 = oldest;
            p99 = oldest;
        } else {
            double s = 1.0 / mu;
            mean = s;
            p50 = s * Math.log(2);
            p95 = s * Math.log(20);
            p99 = s * Math.log(100);
        }
        return new StepOutcome(arrived, backlogBefore, started, dropped, waiting, utilization, mean, p50, p95, p99,
                overloaded);
    }

    /** Nearest-rank index of quantile q among the step's {@code started} response times. */
    private int rank(double q) {
        int k = (int) Math.ceil(q * started) - 1;
        return Math.max(0, Math.min(started - 1, k));
    }

    /**
     * The k-th smallest of the step's response times, given that every value at index {@code >= from} is at least
     * every value before it (Hoare's selection; reorders the array).
     */
    private double select(int from, int k) {
        double[] a = sojourn;
        int lo = from;
        int hi = started - 1;
        while (hi > lo) {
            double pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median3(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    /** A copy of the whole state, random stream included. */
    public State state() {
        return new State(arrivalRng.state(), serviceRng.state(), now, phase, Arrays.copyOf(free, servers), servers, waitingArrivals(),
                totalArrived, totalStarted, totalDropped);
    }

    /** Restores a state from {@link #state()}; replaying from it gives bit-identical steps. */
    public void restore(State s) {
        arrivalRng.setState(s.arrivalRngState());
        serviceRng.setState(s.serviceRngState());
        now = s.now();
        phase = s.phase();
        servers = s.servers();
        free = Arrays.copyOf(s.freeTimes(), Math.max(16, s.servers()));
        int cap = 1024;
        while (cap < s.waitingArrivals().length) {
            cap *= 2;
        }
        ring = Arrays.copyOf(s.waitingArrivals(), cap);
        head = 0;
        waiting = s.waitingArrivals().length;
        started = 0;
        totalArrived = s.totalArrived();
        totalStarted = s.totalStarted();
        totalDropped = s.totalDropped();
    }

    private double[] waitingArrivals() {
        double[] out = new double[waiting];
        for (int i = 0; i < waiting; i++) {
            out[i] = ring[(head + i) & (ring.length - 1)];
        }
        return out;
    }

    /** The simulator's state (arrays are copies). */
    public record State(long arrivalRngState, long serviceRngState, double now, double phase, double[] freeTimes, int servers,
                        double[] waitingArrivals, long totalArrived, long totalStarted, long totalDropped) {
    }
}
