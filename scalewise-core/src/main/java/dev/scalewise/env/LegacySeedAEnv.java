package dev.scalewise.env;

import dev.scalewise.cluster.Clamp;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.reward.RewardInput;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.Objects;

/**
 * <b>Legacy preset</b> reproducing the first seed project's simplified dynamics ({@code legacy-seed-a-v1}), so
 * that Scalewise can be compared with it on its own terms. Not a model of a real service: no queue, no latency,
 * no boot delay.
 *
 * <h2>Description</h2>
 * Load follows {@code max(0, 5 + 5 sin(2 pi t / 200) + N(0, 1))} ({@link Workloads#seedA()}); capacity is
 * {@code max(1, instances x 5)}; utilization = load / capacity.
 *
 * <h2>Action space</h2> delta, clamped to instances in [1, 10] (the seed uses -1, 0, +1).
 * <h2>Observation</h2> {@link Observation} with the load as arrival rate, instances as ready, nothing booting.
 * <h2>Rewards</h2> the given {@link RewardFunction} (the {@code seed-a} preset reproduces the seed's reward);
 * {@code slaViolated} is {@code u > 1}; the cost is instances x dt x price.
 * <h2>Starting state</h2> 1 instance; the first observation shows the trace's first load.
 * <h2>Episode end</h2> truncated after the trace (200 steps).
 * <h2>Arguments</h2> the workload (default the seed's), the reward, the price per instance-hour.
 * <h2>Stepping</h2> into one reused {@link StepBuffer} ({@link FastStepping}), no per-step records;
 * {@link #step(int)} copies the buffer into them.
 * <h2>Version history</h2> v1: first release. Unlike the seed, every reset seed draws fresh noise (the seed
 * re-seeded every episode with the same seed).
 */
public final class LegacySeedAEnv implements FastStepping {
    public static final String ID = "legacy-seed-a-v1";
    /** Load units one instance handles. */
    public static final double CAPACITY_PER_INSTANCE = 5.0;
    public static final int MIN_INSTANCES = 1;
    public static final int MAX_INSTANCES = 10;

    private final Workload workload;
    private final RewardFunction reward;
    private final double pricePerHour;
    private final int termCount;
    private Trace trace;
    private int t;
    private int instances;
    private double lastLoad;

    public LegacySeedAEnv(Workload workload, RewardFunction reward, double pricePerHour) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.reward = Objects.requireNonNull(reward, "reward");
        this.pricePerHour = pricePerHour;
        this.termCount = reward.termNames().size();
    }

    public LegacySeedAEnv(RewardFunction reward) {
        this(Workloads.seedA(), reward, 0.10);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public EnvSpec spec() {
        double dt = trace == null ? 60 : trace.stepSeconds();
        return new EnvSpec(dt, CAPACITY_PER_INSTANCE, Double.MAX_VALUE, MIN_INSTANCES, MAX_INSTANCES, 0, pricePerHour);
    }

    @Override
    public Observation reset(long seed) {
        trace = workload.generate(Seeds.stream(seed, "workload"));
        t = 0;
        instances = MIN_INSTANCES;
        lastLoad = trace.rate(0);
        return new Observation(0, lastLoad, lastLoad, instances, 0, lastLoad / capacity(instances), 0, 0, 0,
                CAPACITY_PER_INSTANCE, lastLoad);
    }

    private static double capacity(int n) {
        return Math.max(1, n * CAPACITY_PER_INSTANCE);
    }

    @Override
    public StepBuffer newBuffer() {
        return new StepBuffer(termCount);
    }

    @Override
    public void stepInto(int delta, StepBuffer b) {
        if (trace == null || t >= trace.length()) {
            throw new IllegalStateException("call reset(seed) first; the episode is over or not started");
        }
        int before = instances;
        long target = (long) instances + delta;
        Clamp clamp = target < MIN_INSTANCES ? Clamp.MIN : target > MAX_INSTANCES ? Clamp.MAX : Clamp.NONE;
        instances = (int) Math.max(MIN_INSTANCES, Math.min(MAX_INSTANCES, target));
        int applied = instances - before;
        double load = trace.rate(t);
        double u = load / capacity(instances);
        double dt = trace.stepSeconds();
        double cost = instances * dt * pricePerHour / 3600.0;
        boolean violated = u > 1;
        RewardInput in = new RewardInput(delta, applied, clamp, before, instances, instances, MIN_INSTANCES,
                MAX_INSTANCES, load, CAPACITY_PER_INSTANCE, u, 0, Double.MAX_VALUE, load * dt, 0, cost, violated, dt);
        b.reward = reward.evaluate(in, b.rewardTerms);
        b.step = t;
        b.arrivalRate = load;
        b.previousArrivalRate = lastLoad;
        b.serviceRate = CAPACITY_PER_INSTANCE;
        b.requestedDelta = delta;
        b.appliedDelta = applied;
        b.clamp = clamp;
        b.ready = instances;
        b.booting = 0;
        b.readyAfter = instances;
        b.bootingAfter = 0;
        b.utilization = u;
        b.meanLatency = 0;
        b.p50 = 0;
        b.p95 = 0;
        b.p99 = 0;
        b.arrived = load * dt;
        b.served = Math.min(load, capacity(instances)) * dt;
        b.dropped = 0;
        b.backlog = 0;
        b.costUsd = cost;
        b.slaViolated = violated;
        b.overloaded = u > 1;
        b.forecastRate = load;
        lastLoad = load;
        t++;
        b.truncated = t >= trace.length();
    }
}
