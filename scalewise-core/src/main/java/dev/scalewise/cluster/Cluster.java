package dev.scalewise.cluster;

import java.util.Arrays;

/**
 * Ready and booting instances with a boot delay, bounds and per-second billing. Mutable; one per environment.
 *
 * <p>One step at index t: {@link #scale(int)} applies the requested change (launches start booting, removals
 * cancel the youngest booting instances first, as the Kubernetes ReplicaSet controller deletes not-ready pods
 * first, then ready ones); {@link #promote()} makes ready the launches due at t; the service runs with
 * {@link #ready()}; {@link #bill(double)} charges ready + booting instances for the step and advances t.
 * A launch at step t therefore serves from {@code t + ceil(bootDelay / dt)} and is billed from t. An instance
 * removed before it has been billed {@code minimumBilledSeconds} is charged the remainder at removal.
 */
public final class Cluster {
    private final ClusterConfig config;
    private final double dt;
    private final int bootSteps;
    /** booting[j]: instances that become ready at step (t + j) mod length, j in [0, bootSteps]. */
    private final int[] pipeline;
    /** launches[j]: instances launched at step (t - j), for the minimum-billing window. */
    private final int[] recentLaunches;
    private final int minBillSteps;
    private int ready;
    private int booting;
    private long step;
    private Clamp lastClamp = Clamp.NONE;
    private int lastApplied;
    private double pendingCharge;

    /**
     * @param config    bounds, boot delay, price
     * @param dtSeconds length of one step, &gt; 0
     */
    public Cluster(ClusterConfig config, double dtSeconds) {
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
            throw new IllegalArgumentException("dtSeconds must be a positive finite number, got " + dtSeconds);
        }
        this.config = config;
        this.dt = dtSeconds;
        this.bootSteps = (int) Math.ceil(config.bootDelaySeconds() / dtSeconds - 1e-12);
        this.pipeline = new int[bootSteps + 1];
        this.minBillSteps = (int) Math.ceil(config.minimumBilledSeconds() / dtSeconds - 1e-12);
        this.recentLaunches = new int[Math.max(1, minBillSteps)];
        reset();
    }

    /** Back to {@code initialInstances} ready, nothing booting, step 0. */
    public void reset() {
        Arrays.fill(pipeline, 0);
        Arrays.fill(recentLaunches, 0);
        ready = config.initialInstances();
        booting = 0;
        step = 0;
        lastClamp = Clamp.NONE;
        lastApplied = 0;
        pendingCharge = 0;
    }

    /** Steps from launch to serving: {@code ceil(bootDelaySeconds / dt)}. */
    public int bootSteps() {
        return bootSteps;
    }

    public ClusterConfig config() {
        return config;
    }

    /**
     * Requests a change of {@code delta} instances (ready + booting), clamped to the bounds.
     *
     * @return the change actually applied
     */
    public int scale(int delta) {
        int current = ready + booting;
        long target = (long) current + delta;
        Clamp clamp = Clamp.NONE;
        if (target < config.minInstances()) {
            target = config.minInstances();
            clamp = Clamp.MIN;
        } else if (target > config.maxInstances()) {
            target = config.maxInstances();
            clamp = Clamp.MAX;
        }
        int applied = (int) (target - current);
        lastClamp = clamp;
        lastApplied = applied;
        if (applied > 0) {
            launch(applied);
        } else if (applied < 0) {
            remove(-applied);
        }
        return applied;
    }

    private void launch(int n) {
        recentLaunches[(int) (step % recentLaunches.length)] += n;
        if (bootSteps == 0) {
            ready += n;
        } else {
            pipeline[(int) ((step + bootSteps) % pipeline.length)] += n;
            booting += n;
        }
    }

    private void remove(int n) {
        int left = n;
        // Youngest booting first.
        for (int j = bootSteps; j >= 0 && left > 0 && booting > 0; j--) {
            int slot = (int) ((step + j) % pipeline.length);
            int take = Math.min(left, pipeline[slot]);
            pipeline[slot] -= take;
            booting -= take;
            left -= take;
        }
        int fromReady = Math.min(left, ready);
        ready -= fromReady;
        chargeMinimum(n);
    }

    /** Charges the unbilled remainder of the minimum for removed instances younger than the minimum (youngest first). */
    private void chargeMinimum(int removed) {
        if (minBillSteps == 0) {
            return;
        }
        int left = removed;
        double pricePerSecond = config.pricePerHour() / 3600.0;
        for (int age = 0; age < recentLaunches.length && left > 0; age++) {
            int idx = (int) Math.floorMod(step - age, (long) recentLaunches.length);
            int take = Math.min(left, recentLaunches[idx]);
            if (take > 0) {
                recentLaunches[idx] -= take;
                double billed = age * dt;
                double remainder = config.minimumBilledSeconds() - billed;
                if (remainder > 0) {
                    pendingCharge += take * remainder * pricePerSecond;
                }
                left -= take;
            }
        }
    }

    /** Makes ready the instances whose boot completes at the current step. */
    public void promote() {
        int slot = (int) (step % pipeline.length);
        int due = pipeline[slot];
        if (due > 0) {
            pipeline[slot] = 0;
            booting -= due;
            ready += due;
        }
    }

    /**
     * Charges the current step: ready + booting instances for dt seconds, plus minimum-billing remainders of
     * removals in this step; then advances to the next step.
     *
     * @return dollars charged for this step
     */
    public double bill(double stepSeconds) {
        double cost = (ready + booting) * stepSeconds * config.pricePerHour() / 3600.0 + pendingCharge;
        pendingCharge = 0;
        step++;
        if (minBillSteps > 0) {
            // Advance the launch window: the slot for the new step starts empty.
            recentLaunches[(int) (step % recentLaunches.length)] = 0;
        }
        return cost;
    }

    public int ready() {
        return ready;
    }

    public int booting() {
        return booting;
    }

    /** Ready + booting. */
    public int instances() {
        return ready + booting;
    }

    public long step() {
        return step;
    }

    public Clamp lastClamp() {
        return lastClamp;
    }

    public int lastApplied() {
        return lastApplied;
    }

    public double dtSeconds() {
        return dt;
    }

    /** A copy of the full mutable state (for exact snapshots). */
    public State snapshot() {
        return new State(pipeline.clone(), recentLaunches.clone(), ready, booting, step, lastClamp, lastApplied, pendingCharge);
    }

    /** Restores a state taken by {@link #snapshot()} from a cluster of the same configuration. */
    public void restore(State s) {
        if (s.pipeline().length != pipeline.length || s.recentLaunches().length != recentLaunches.length) {
            throw new IllegalArgumentException("snapshot was taken from a cluster with another configuration");
        }
        System.arraycopy(s.pipeline(), 0, pipeline, 0, pipeline.length);
        System.arraycopy(s.recentLaunches(), 0, recentLaunches, 0, recentLaunches.length);
        ready = s.ready();
        booting = s.booting();
        step = s.step();
        lastClamp = s.lastClamp();
        lastApplied = s.lastApplied();
        pendingCharge = s.pendingCharge();
    }

    /** Immutable copy of a cluster's state. */
    public record State(int[] pipeline, int[] recentLaunches, int ready, int booting, long step, Clamp lastClamp,
                        int lastApplied, double pendingCharge) {
        public State {
            pipeline = pipeline.clone();
            recentLaunches = recentLaunches.clone();
        }

        @Override
        public int[] pipeline() {
            return pipeline.clone();
        }

        @Override
        public int[] recentLaunches() {
            return recentLaunches.clone();
        }
    }
}
