package dev.scalewise.metrics;

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
    private double[] p50 = new double[256];
    private double[] p95 = new double[256];
    private double[] p99 = new double[256];
    private double[] weight = new double[256];

    /**
     * @param stepSeconds       step length
     * @param flapWindowSeconds window for counting reversals (default 600)
     */
    public KpiAccumulator(double stepSeconds, double flapWindowSeconds) {
        this.stepSeconds = stepSeconds;
        this.flapWindowSeconds = flapWindowSeconds;
    }

    public KpiAccumulator(double stepSeconds) {
        this(stepSeconds, 600);
    }

    /** Adds one step. */
    public void add(StepInfo s) {
        if (steps == p50.length) {
            int n = steps * 2;
            p50 = Arrays.copyOf(p50, n);
            p95 = Arrays.copyOf(p95, n);
            p99 = Arrays.copyOf(p99, n);
            weight = Arrays.copyOf(weight, n);
        }
        p50[steps] = s.p50();
        p95[steps] = s.p95();
        p99[steps] = s.p99();
        weight[steps] = s.arrived();
        cost += s.costUsd();
        instanceSeconds += (s.ready() + s.booting()) * stepSeconds;
        arrived += s.arrived();
        dropped += s.dropped();
        if (!s.slaViolated()) {
            compliantSteps++;
            compliantArrived += s.arrived();
        }
        utilSum += Math.min(1.0, s.utilization());
        reward += s.reward();
        if (s.appliedDelta() != 0) {
            int dir = Integer.signum(s.appliedDelta());
            if (lastDirection != 0 && dir != lastDirection
                    && (s.step() - lastActionStep) * stepSeconds <= flapWindowSeconds + 1e-9) {
                flaps++;
            }
            actions++;
            lastDirection = dir;
            lastActionStep = s.step();
        }
        steps++;
    }

    /** The indicators so far. */
    public Kpis kpis() {
        double stepPct = steps == 0 ? 100 : 100.0 * compliantSteps / steps;
        double reqPct = arrived <= 0 ? 100 : 100.0 * compliantArrived / arrived;
        return new Kpis(steps, cost, instanceSeconds / 3600.0, stepPct, reqPct,
                1000 * weightedQuantile(p50, 0.50), 1000 * weightedQuantile(p95, 0.95),
                1000 * weightedQuantile(p99, 0.99), arrived, dropped, actions, flaps,
                steps == 0 ? 0 : utilSum / steps, reward);
    }

    /** Quantile q of values[0..steps) weighted by arrivals (by steps when nothing arrived). */
    private double weightedQuantile(double[] values, double q) {
        if (steps == 0) {
            return 0;
        }
        Integer[] idx = new Integer[steps];
        for (int i = 0; i < steps; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(values[a], values[b]));
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
}
