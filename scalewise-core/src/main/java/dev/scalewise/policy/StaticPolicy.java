package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * Static provisioning ("world A" of the dual-world comparison): moves to a fixed number of instances once and
 * holds it. {@link #forPeak} sizes it as {@code BASELINES.md} says: {@code ceil(peak_rate / (mu x target))},
 * never below a floor.
 */
public final class StaticPolicy implements Policy {
    private final int instances;

    /** @param instances the fixed capacity, &gt;= 0 */
    public StaticPolicy(int instances) {
        if (instances < 0) {
            throw new IllegalArgumentException("static.instances must be >= 0, got " + instances);
        }
        this.instances = instances;
    }

    /**
     * Peak provisioning: {@code max(floor, ceil(peakRate / (serviceRate x targetUtilization)))}.
     *
     * @param peakRate          the trace's peak arrival rate (requests/s)
     * @param serviceRate       requests/s of one instance
     * @param targetUtilization utilization at the peak, in (0, 1] (default 0.7)
     * @param floor             fewest instances
     */
    public static StaticPolicy forPeak(double peakRate, double serviceRate, double targetUtilization, int floor) {
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("static.targetUtilization must be in (0, 1], got " + targetUtilization);
        }
        if (!(serviceRate > 0)) {
            throw new IllegalArgumentException("static serviceRate must be > 0, got " + serviceRate);
        }
        int n = (int) Math.ceil(peakRate / (serviceRate * targetUtilization) - 1e-9);
        return new StaticPolicy(Math.max(floor, n));
    }

    public int instances() {
        return instances;
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public void reset(EnvSpec spec) {
    }

    @Override
    public int act(Observation o) {
        return instances - o.instances();
    }
}
