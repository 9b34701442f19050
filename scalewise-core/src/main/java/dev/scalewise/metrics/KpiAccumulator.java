package dev.scalewise.metrics;

import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepInfo;
import java.util.Arrays;

/**
 * Accumulates {@link StepInfo} records into {@link Kpis}. A flap is a scaling action whose direction is opposite
 * to the previous action's and that comes within {@code flapWindowSeconds} of it.
 */
public final class KpiAccumulator {
    private final double flapWindowSeconds;
    private final double stepSeconds;
    private int steps;
    private double cost;
    private double instanceSeconds;
    private int compliantSteps;
    private double arrived;
    private double compliantArrived;
    private double dropped;
    private int actions;
    private int flaps;
    private double utilSum;
    private double reward;
    private int lastDirection;
    private int lastActionStep = Integer.MIN_VALUE / 2;
    private double[] p50;
    private double[] p95;
    private double[] p99;
    private double[] weight;

    /** The flap window of {@link #KpiAccumulator(double)}. */
    public static final double DEFAULT_FLAP_WINDOW_SECONDS = 600;

    /**
     * @param stepSeconds       step length
     * @param flapWindowSeconds window for counting reversals (default 600)
     */
    public KpiAccumulator(double stepSeconds, double flapWindowSeconds) {
        this(stepSeconds, flapWindowSeconds, 256);
    }

    /**
     * As {@link #KpiAccumulator(double, double)} with room for {@code expectedSteps} steps before the per-step
     * latency arrays grow (they grow as needed either way: a size hint, for short windows such as the explainer's).
     */
    public KpiAccumulator(double stepSeconds, double flapWindowSeconds, int expectedSteps) {
        this.stepSeconds = stepSeconds;
        this.flapWindowSeconds = flapWindowSeconds;
        int n = Math.max(1, expectedSteps);
        p50 = new double[n];
        p95 = new double[n];
        p99 = new double[n];
        weight = new double[n];
    }

    public KpiAccumulator(double stepSeconds) {
        this(stepSeconds, DEFAULT_FLAP_WINDOW_SECONDS);
    }

    /** Adds one step. */
    public void add(StepInfo s) {
        add(s.step(), s.ready(), s.booting(), s.utilization(), s.p50(), s.p95(), s.p99(), s.arrived(), s.dropped(),
                s.costUsd(), s.slaViolated(), s.reward(), s.appliedDelta());
    }

    /** Adds one step from a {@link StepBuffer} (the same as adding its {@link StepBuffer#info()}). */
    public void add(StepBuffer s) {
        add(s.step, s.ready, s.booting, s.utilization, s.p50, s.p95, s.p99, s.arrived, s.dropped, s.costUsd,
                s.slaViolated, s.reward, s.appliedDelta);
    }

    private void add(int step, int ready, int booting, double utilization, double stepP50, double stepP95,
                     double stepP99, double stepArrived, double stepDropped, double costUsd, boolean slaViolated,
                     double stepReward, int appliedDelta) {
        if (steps == p50.length) {
            int n = steps * 2;
            p50 = Arrays.copyOf(p50, n);
            p95 = Arrays.copyOf(p95, n);
            p99 = Arrays.copyOf(p99, n);
            weight = Arrays.copyOf(weight, n);
        }
        p50[steps] = stepP50;
        p95[steps] = stepP95;
        p99[steps] = stepP99;
        weight[steps] = stepArrived;
        cost += costUsd;
        instanceSeconds += (ready + booting) * stepSeconds;
        arrived += stepArrived;
        dropped += stepDropped;
        if (!slaViolated) {
            compliantSteps++;
            compliantArrived += stepArrived;
        }
        utilSum += Math.min(1.0, utilization);
        reward += stepReward;
        if (appliedDelta != 0) {
            int dir = Integer.signum(appliedDelta);
            if (lastDirection != 0 && dir != lastDirection
                    && (step - lastActionStep) * stepSeconds <= flapWindowSeconds + 1e-9) {
                flaps++;
            }
            actions++;
            lastDirection = dir;
            lastActionStep = step;
        }
        steps++;
    }

    /** The indicators so far. */
    public Kpis kpis() {
        double reqPct = arrived <= 0 ? 100 : 100.0 * compliantArrived / arrived;
        return new Kpis(steps, cost, instanceHours(), slaCompliancePct(), reqPct,
                1000 * weightedQuantile(p50, 0.50), 1000 * weightedQuantile(p95, 0.95),
                1000 * weightedQuantile(p99, 0.99), arrived, dropped, actions, flaps, meanUtilization(), reward);
    }

    /*
     * The indicators that need no latency quantile, for callers that want only these (a training's per-episode
     * log): each is the same value as in kpis(), without sorting the step latencies three times.
     */

    /** {@link Kpis#steps()} so far. */
    public int steps() {
        return steps;
    }

    /** {@link Kpis#costUsd()} so far. */
    public double costUsd() {
        return cost;
    }

    /** {@link Kpis#p95LatencyMs()} so far (one latency sort, where {@link #kpis()} does three). */
    public double p95LatencyMs() {
        return 1000 * weightedQuantile(p95, 0.95);
    }

    /** {@link Kpis#totalReward()} so far. */
    public double totalReward() {
        return reward;
    }

    /** {@link Kpis#instanceHours()} so far. */
    public double instanceHours() {
        return instanceSeconds / 3600.0;
    }

    /** {@link Kpis#slaCompliancePct()} so far. */
    public double slaCompliancePct() {
        return steps == 0 ? 100 : 100.0 * compliantSteps / steps;
    }

    /** {@link Kpis#meanUtilization()} so far. */
    public double meanUtilization() {
        return steps == 0 ? 0 : utilSum / steps;
    }

    /** Quantile q of values[0..steps) weighted by arrivals (by steps when nothing arrived). */
    private double weightedQuantile(double[] values, double q) {
        if (steps == 0) {
            return 0;
        }
        int[] idx = sortedOrder(values, steps);
        double total = 0;
        for (int i = 0; i < steps; i++) {
            total += weight[i];
        }
        boolean byStep = total <= 0;
        if (byStep) {
            total = steps;
        }
        double target = q * total;
        double acc = 0;
        for (int i = 0; i < steps; i++) {
            acc += byStep ? 1 : weight[idx[i]];
            if (acc >= target - 1e-12) {
                return values[idx[i]];
            }
        }
        return values[idx[steps - 1]];
    }

    /**
     * The indices {@code 0..n-1} in ascending order of {@code values} ({@link Double#compare}), equal values in index
     * order: the permutation any stable sort gives, so the quantile walk adds the weights in the same order as before
     * (it used a stable sort of boxed indices, which took a quarter of a training's time). A least-significant-digit
     * radix sort, a byte per pass, of the values' bits mapped to unsigned integers in {@link Double#compare}'s order
     * ({@link Double#doubleToLongBits}: one NaN; negative values' bits flipped; the sign bit set on the rest), which
     * is stable; bytes that are the same in every value take no pass. Under C1 it sorts a tuning simulation's 59,000
     * steps in about a ninth of the time of the merge sort below, which is still the faster below {@value
     * #RADIX_FROM} values (the explainer's short rollouts) and gives the same permutation (docs/performance.md).
     */
    static int[] sortedOrder(double[] values, int n) {
        if (n < RADIX_FROM) {
            return mergeSortedOrder(values, n);
        }
        long[] key = new long[n];
        long any = 0;
        long all = -1;
        for (int i = 0; i < n; i++) {
            long b = Double.doubleToLongBits(values[i]);
            b ^= (b >> 63) & Long.MAX_VALUE; // signed order of b is now Double.compare's order
            b ^= Long.MIN_VALUE; // and the unsigned order of this
            key[i] = b;
            any |= b;
            all &= b;
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] nextA = new int[n];
        long[] nextKey = new long[n];
        int[] start = new int[257];
        long varying = any ^ all;
        for (int shift = 0; shift < 64; shift += 8) {
            if (((varying >>> shift) & 0xff) == 0) {
                continue; // the same byte everywhere: this pass would keep the order
            }
            java.util.Arrays.fill(start, 0);
            for (int i = 0; i < n; i++) {
                start[(int) ((key[i] >>> shift) & 0xff) + 1]++;
            }
            for (int d = 0; d < 256; d++) {
                start[d + 1] += start[d];
            }
            for (int i = 0; i < n; i++) {
                int p = start[(int) ((key[i] >>> shift) & 0xff)]++;
                nextA[p] = a[i];
                nextKey[p] = key[i];
            }
            int[] ta = a;
            a = nextA;
            nextA = ta;
            long[] tk = key;
            key = nextKey;
            nextKey = tk;
        }
        return a;
    }

    /** Below this many values {@link #sortedOrder} merge-sorts (the radix sort's 256 buckets per pass cost more). */
    static final int RADIX_FROM = 256;

    /** {@link #sortedOrder} by a bottom-up merge sort on primitive arrays, with insertion sort on short runs. */
    private static int[] mergeSortedOrder(double[] values, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                double v = values[x];
                int j = i - 1;
                while (j >= lo && Double.compare(values[a[j]], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
        }
        int[] b = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // <= keeps equal values in their order: stable
                    b[k++] = Double.compare(values[a[i]], values[a[j]]) <= 0 ? a[i++] : a[j++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
