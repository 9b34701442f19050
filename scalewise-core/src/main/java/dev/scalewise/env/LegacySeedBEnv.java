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
 * <b>Legacy preset</b> reproducing the second seed project's simplified dynamics ({@code legacy-seed-b-v1}), so
 * that Scalewise can be compared with it on its own terms. Not a model of a real service.
 *
 * <h2>Description</h2>
 * Load is the seed's normalised trace in [0, 1] ({@link Workloads#seedB()}), capacity is in "units" 1..20.
 * Each step: capacity changes first (clamped); {@code processed = min(load + queue, capacity)}; the rest
 * queues up to 100 and the excess is dropped; latency = {@code 0.05 / (1 - min(rho, 0.99))} with
 * {@code rho = load / max(1, capacity)}, plus {@code 0.05 x queue / max(1, capacity)}. (As in the seed, with
 * load in [0, 1] the queue stays empty.)
 *
 * <h2>Action space</h2> delta, clamped to capacity in [1, 20] (the seed uses -1, 0, +1).
 * <h2>Observation</h2> {@link Observation}: load as arrival rate, capacity as ready, latency as p95.
 * <h2>Rewards</h2> the given {@link RewardFunction} (the {@code seed-b} preset reproduces the seed's reward);
 * {@code slaViolated} is latency &gt; 0.2 s or a drop; the cost is capacity x dt x price.
 * <h2>Starting state</h2> capacity 5, empty queue.
 * <h2>Episode end</h2> truncated after the trace (4,320 steps).
 * <h2>Version history</h2> v1: first release.
 */
public final class LegacySeedBEnv implements FastStepping {
    public static final String ID = "legacy-seed-b-v1";
    public static final int MIN_CAPACITY = 1;
    public static final int MAX_CAPACITY = 20;
    public static final int INITIAL_CAPACITY = 5;
    public static final double QUEUE_LIMIT = 100;
    public static final double BASE_LATENCY_SECONDS = 0.05;
    public static final double SLA_LATENCY_SECONDS = 0.20;

    private final Workload workload;
    private final RewardFunction reward;
    private final double pricePerHour;
    private final double[] terms;
    private double[] load;
    private double stepSeconds;
    private int t;
    private int capacity;
    private double queue;
    private double lastLoad;

    public LegacySeedBEnv(Workload workload, RewardFunction reward, double pricePerHour) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.reward = Objects.requireNonNull(reward, "reward");
        this.pricePerHour = pricePerHour;
        this.terms = new double[reward.termNames().size()];
    }

    public LegacySeedBEnv(RewardFunction reward) {
        this(Workloads.seedB(), reward, 0.10);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public EnvSpec spec() {
        return new EnvSpec(stepSeconds == 0 ? 60 : stepSeconds, 1.0, SLA_LATENCY_SECONDS, MIN_CAPACITY, MAX_CAPACITY,
                0, pricePerHour);
    }

    @Override
    public Observation reset(long seed) {
        Trace trace = workload.generate(Seeds.stream(seed, "workload"));
        load = trace.rates();
        stepSeconds = trace.stepSeconds();
        t = 0;
        capacity = INITIAL_CAPACITY;
        queue = 0;
        lastLoad = load[0];
        return new Observation(0, lastLoad, lastLoad, capacity, 0, lastLoad / capacity, BASE_LATENCY_SECONDS, 0, 0,
                1.0, lastLoad);
    }

    @Override
    public StepBuffer newBuffer() {
        return new StepBuffer(terms.length);
    }

    @Override
    public void stepInto(int delta, StepBuffer b) {
        if (load == null || t >= load.length) {
            throw new IllegalStateException("call reset(seed) first; the episode is over or not started");
        }
        int before = capacity;
        long target = (long) capacity + delta;
        Clamp clamp = target < MIN_CAPACITY ? Clamp.MIN : target > MAX_CAPACITY ? Clamp.MAX : Clamp.NONE;
        capacity = (int) Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, target));
        int applied = capacity - before;
        double incoming = load[t];
        double total = incoming + queue;
        double processed = Math.min(total, capacity);
        double rest = total - processed;
        queue = Math.min(rest, QUEUE_LIMIT);
        double dropped = rest - queue;
        double denom = Math.max(1, capacity);
        double rho = incoming / denom;
        double latency = BASE_LATENCY_SECONDS / (1 - Math.min(rho, 0.99)) + BASE_LATENCY_SECONDS * queue / denom;
        boolean violated = latency > SLA_LATENCY_SECONDS || dropped > 0;
        double cost = capacity * stepSeconds * pricePerHour / 3600.0;
        RewardInput in = new RewardInput(delta, applied, clamp, before, capacity, capacity, MIN_CAPACITY, MAX_CAPACITY,
                incoming, 1.0, rho, latency, SLA_LATENCY_SECONDS, incoming, dropped, cost, violated, stepSeconds);
        b.reward = reward.evaluate(in, b.rewardTerms);
        b.step = t;
        b.arrivalRate = incoming;
        b.previousArrivalRate = lastLoad;
        b.serviceRate = 1.0;
        b.requestedDelta = delta;
        b.appliedDelta = applied;
        b.clamp = clamp;
        b.ready = capacity;
        b.booting = 0;
        b.readyAfter = capacity;
        b.bootingAfter = 0;
        b.utilization = rho;
        b.meanLatency = latency;
        b.p50 = latency;
        b.p95 = latency;
        b.p99 = latency;
        b.arrived = incoming;
        b.served = processed;
        b.dropped = dropped;
        b.backlog = queue;
        b.costUsd = cost;
        b.slaViolated = violated;
        b.overloaded = rho >= 1;
        b.forecastRate = incoming;
        lastLoad = incoming;
        t++;
        b.truncated = t >= load.length;
    }
}
