package dev.scalewise.env;

import dev.scalewise.cluster.Cluster;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.SplitMix64;
import dev.scalewise.queue.HybridQueueModel;
import dev.scalewise.queue.OutcomeBuffer;
import dev.scalewise.queue.RequestLevelSimulator;
import dev.scalewise.queue.StepOutcome;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.reward.RewardInput;
import dev.scalewise.workload.Poisson;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.Arrays;
import java.util.Objects;

/**
 * The autoscaling environment with honest physics ({@code autoscale-v1}).
 *
 * <h2>Description</h2>
 * A service behind a pool of identical instances receives requests at the rate of a workload trace. Each step
 * of {@code dt} seconds the policy changes the number of instances; launches serve only after the boot delay;
 * the step's requests are served by the ready instances as an M/M/c queue when stable and as a fluid backlog
 * with a finite waiting room when overloaded ({@link HybridQueueModel}); ready and booting instances are billed
 * per second. With {@link Physics#DES} ({@code --physics des}) each step is instead simulated request by request
 * ({@link RequestLevelSimulator}: Poisson arrivals at the trace's rate, or evenly spaced ones without Poisson
 * arrivals; the step's arrival rate is then the realised count over dt, and its queue state carries over exactly).
 *
 * <h2>Action space</h2>
 * An integer {@code delta}: instances to add (negative: remove). Agents typically use {-1, 0, +1}; rule-based
 * baselines may ask for larger jumps. Requests beyond the bounds are clamped, and the clamp is reported.
 *
 * <h2>Observation</h2>
 * {@link Observation}: last step's arrival rate and the one before, ready and booting instances, utilization,
 * p95 latency, backlog, drops, service rate and an optional forecast of demand at the boot horizon. The
 * forecaster is fed the rates observed so far: the trace's {@link Trace#preceding() preceding rates} when it carries
 * them (warm, as {@code ForecastingPolicy} with a warm-up: the first rate is then not fed), else the first rate.
 *
 * <h2>Rewards</h2>
 * Given by the {@link RewardFunction} (default {@code cost-sla}); every term is reported in
 * {@link StepInfo#rewardTerms()}.
 *
 * <h2>Starting state</h2>
 * {@code initialInstances} ready, nothing booting, empty queue. The first observation reports the trace's first
 * rate as if the service had run at it with the initial instances just before the episode.
 *
 * <h2>Episode end</h2>
 * Never terminated (a service does not end); truncated at the end of the trace or at {@code maxEpisodeSteps}.
 *
 * <h2>Arguments</h2>
 * {@link EnvConfig} (dt, mu, queue limit, SLO, cluster, Poisson arrivals, time limit), a {@link Workload}
 * (a new trace is generated from the stream "workload" of each reset seed; arrivals are sampled from the
 * stream "env"), the reward, an optional {@link ServiceRateProfile} and {@link DemandForecast}.
 *
 * <h2>Version history</h2>
 * v1: first release.
 */
public final class AutoscaleEnv implements FastStepping {
    public static final String ID = "autoscale-v1";

    private final EnvConfig config;
    private final Workload workload;
    private final RewardFunction reward;
    private final ServiceRateProfile serviceProfile;
    private final DemandForecast forecaster;
    private final HybridQueueModel queue;
    /** The request-level simulation when {@code config.physics()} is {@link Physics#DES}; null otherwise. */
    private final RequestLevelSimulator des;
    private final Cluster cluster;
    /** The queue's outcome of the current step, reused (the step copies what it keeps into the buffer). */
    private final OutcomeBuffer outcome = new OutcomeBuffer();
    private final int termCount;
    /** The buffer {@link #step} reuses (null until the first step). */
    private StepBuffer scratch;

    private Trace trace;
    private SplitMix64 envRng;
    private int t;
    private int limit;
    private double backlog;
    private double lastRate;
    private double prevRate;
    private double[] history;
    /** Entries of {@link #history} before the first step's observed rate: the trace's preceding rates, or 1. */
    private int offset;

    public AutoscaleEnv(EnvConfig config, Workload workload, RewardFunction reward) {
        this(config, workload, reward, ServiceRateProfile.constant(), null);
    }

    /**
     * @param forecaster optional (null: the observation's forecast equals the last observed rate)
     */
    public AutoscaleEnv(EnvConfig config, Workload workload, RewardFunction reward, ServiceRateProfile serviceProfile,
                        DemandForecast forecaster) {
        this.config = Objects.requireNonNull(config, "config");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.reward = Objects.requireNonNull(reward, "reward");
        this.serviceProfile = Objects.requireNonNull(serviceProfile, "serviceProfile");
        this.forecaster = forecaster;
        this.queue = new HybridQueueModel(config.queueLimit());
        this.des = config.physics() == Physics.DES
                ? new RequestLevelSimulator(config.queueLimit(), config.poissonArrivals(), 0) : null;
        this.cluster = new Cluster(config.cluster(), config.stepSeconds());
        this.termCount = reward.termNames().size();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public EnvSpec spec() {
        return config.spec();
    }

    public EnvConfig config() {
        return config;
    }

    public RewardFunction reward() {
        return reward;
    }

    /** The trace of the current episode. */
    public Trace trace() {
        return trace;
    }

    @Override
    public Observation reset(long seed) {
        Trace generated = workload.generate(Seeds.stream(seed, "workload"));
        if (Math.abs(generated.stepSeconds() - config.stepSeconds()) > 1e-9) {
            throw new IllegalArgumentException("workload '" + generated.name() + "' has steps of " + generated.stepSeconds()
                    + " s but env.stepSeconds is " + config.stepSeconds() + " (resample the trace first)");
        }
        trace = generated;
        envRng = Seeds.stream(seed, "env");
        if (des != null) {
            des.reset(Seeds.derive(seed, "des", 0));
        }
        cluster.reset();
        t = 0;
        backlog = 0;
        limit = config.maxEpisodeSteps() > 0 ? Math.min(config.maxEpisodeSteps(), trace.length()) : trace.length();
        lastRate = trace.rate(0);
        prevRate = lastRate;
        if (forecaster != null && trace.precedingLength() > 0) {
            // warm: the forecaster has seen the rates before the episode, not the first rate (as ForecastingPolicy)
            offset = trace.precedingLength();
            history = trace.precedingWithRoom(limit);
        } else {
            offset = 1;
            history = new double[limit + 1];
            history[0] = lastRate;
        }
        int ready = cluster.ready();
        double mu = serviceProfile.serviceRate(trace, 0, config.serviceRate());
        return new Observation(0, lastRate, prevRate, ready, 0, lastRate / (Math.max(ready, 1) * mu), 0, 0, 0, mu,
                forecast(1));
    }

    @Override
    public StepBuffer newBuffer() {
        return new StepBuffer(termCount);
    }

    /**
     * {@link #stepInto} and the immutable records, through one buffer reused from step to step (the records copy
     * what they keep, and every field is written each step; the reward terms are cleared first, as in a fresh
     * buffer), so {@code step()} allocates only its records.
     */
    @Override
    public StepResult step(int delta) {
        StepBuffer b = scratch;
        if (b == null) {
            b = newBuffer();
            scratch = b;
        } else {
            Arrays.fill(b.rewardTerms, 0);
        }
        stepInto(delta, b);
        return b.result();
    }

    @Override
    public void stepInto(int delta, StepBuffer b) {
        if (trace == null) {
            throw new IllegalStateException("call reset(seed) before step()");
        }
        if (t >= limit) {
            throw new IllegalStateException("episode is over (step " + t + " of " + limit + "); call reset(seed)");
        }
        int before = cluster.instances();
        int applied = cluster.scale(delta);
        cluster.promote();
        int ready = cluster.ready();
        int booting = cluster.booting();
        double mu = serviceProfile.serviceRate(trace, t, config.serviceRate());
        double rate = trace.rate(t);
        OutcomeBuffer out = outcome;
        if (des != null) {
            out.set(des.step(rate, mu, ready, config.stepSeconds()));
            rate = out.arrived / config.stepSeconds();
        } else {
            if (config.poissonArrivals()) {
                rate = Poisson.sample(envRng, rate * config.stepSeconds()) / config.stepSeconds();
            }
            queue.serveInto(rate, mu, ready, backlog, config.stepSeconds(), out);
        }
        backlog = out.backlogAfter;
        double cost = cluster.bill(config.stepSeconds());
        boolean violated = violatesSla(out.p95, out.dropped, config.sloSeconds());
        RewardInput in = new RewardInput(delta, applied, cluster.lastClamp(), before, before + applied, ready,
                config.cluster().minInstances(), config.cluster().maxInstances(), rate, mu, out.utilization,
                out.p95, config.sloSeconds(), out.arrived, out.dropped, cost, violated, config.stepSeconds());
        double r = reward.evaluate(in, b.rewardTerms);
        b.step = t;
        b.arrivalRate = rate;
        b.previousArrivalRate = lastRate;
        b.serviceRate = mu;
        b.requestedDelta = delta;
        b.appliedDelta = applied;
        b.clamp = cluster.lastClamp();
        b.ready = ready;
        b.booting = booting;
        b.utilization = out.utilization;
        b.meanLatency = out.meanResponse;
        b.p50 = out.p50;
        b.p95 = out.p95;
        b.p99 = out.p99;
        b.arrived = out.arrived;
        b.served = out.served;
        b.dropped = out.dropped;
        b.backlog = backlog;
        b.costUsd = cost;
        b.slaViolated = violated;
        b.overloaded = out.overloaded;
        b.reward = r;
        prevRate = lastRate;
        lastRate = rate;
        t++;
        history[offset + t - 1] = rate;
        b.readyAfter = cluster.ready();
        b.bootingAfter = cluster.booting();
        b.forecastRate = forecast(Math.max(1, cluster.bootSteps()));
        b.truncated = t >= limit;
    }

    private double forecast(int horizon) {
        if (forecaster == null) {
            return lastRate;
        }
        double f = forecaster.forecast(history, offset + t, horizon);
        if (!Double.isFinite(f)) {
            throw new IllegalStateException("forecaster returned " + f + " at step " + t);
        }
        return Math.max(0, f);
    }

    /**
     * Expected dropped requests per step below which a step still counts as "dropped no requests". The M/M/c/K
     * blocking fraction is positive for every finite waiting room (about 1e-226 of arrivals at 90% utilization
     * with Q = 5,000), so a strict {@code dropped > 0} would mark nearly every step as violating.
     */
    public static final double DROP_TOLERANCE_REQUESTS = 1e-6;

    /**
     * The SLA rule of {@code PHYSICS.md}: a step violates when its p95 exceeds the SLO or it dropped requests
     * (more than {@link #DROP_TOLERANCE_REQUESTS} in expectation). Shared with the offline oracle.
     */
    public static boolean violatesSla(StepOutcome out, double sloSeconds) {
        return violatesSla(out.p95(), out.dropped(), sloSeconds);
    }

    /** {@link #violatesSla(StepOutcome, double)} from a step's p95 and expected drops. */
    public static boolean violatesSla(double p95, double dropped, double sloSeconds) {
        return p95 > sloSeconds || dropped > DROP_TOLERANCE_REQUESTS;
    }

    /** Steps in the current episode. */
    public int episodeLength() {
        return limit;
    }

    /** Index of the next step. */
    public int currentStep() {
        return t;
    }

    /** An exact copy of the environment's state, random stream included. */
    public Snapshot snapshot() {
        if (trace == null) {
            throw new IllegalStateException("call reset(seed) before snapshot()");
        }
        // without a forecaster nothing reads the rate history (forecast() returns the last rate), so a snapshot
        // does not copy it (the explainer takes one per step and restores one per counterfactual)
        return new Snapshot(trace, cluster.snapshot(), envRng.state(), t, limit, backlog, lastRate, prevRate,
                forecaster == null ? null : Arrays.copyOf(history, history.length), offset,
                des == null ? null : des.state());
    }

    /** Restores a state captured by {@link #snapshot()}; replaying from it gives bit-identical steps. */
    public void restore(Snapshot s) {
        trace = s.trace();
        cluster.restore(s.cluster());
        if (envRng == null) {
            envRng = new SplitMix64(s.rngState());
        } else {
            envRng.setState(s.rngState());
        }
        t = s.step();
        limit = s.limit();
        backlog = s.backlog();
        lastRate = s.lastRate();
        prevRate = s.prevRate();
        offset = s.offset();
        if (s.history() != null) {
            history = Arrays.copyOf(s.history(), s.history().length);
        } else if (forecaster != null) {
            throw new IllegalArgumentException("snapshot has no rate history (taken without a forecaster) but this "
                    + "env forecasts from it");
        } else if (history == null || history.length < offset + limit) {
            history = new double[offset + limit]; // written, never read: without a forecaster only its size matters
        }
        if (des != null) {
            if (s.des() == null) {
                throw new IllegalArgumentException("snapshot has no request-level state but this env uses --physics des");
            }
            des.restore(s.des());
        }
    }

    /**
     * The full state of an {@link AutoscaleEnv}; {@code des} is the request-level state (null with fast physics);
     * {@code history}, the rates a forecaster reads, is null when the environment has no forecaster.
     */
    public record Snapshot(Trace trace, Cluster.State cluster, long rngState, int step, int limit, double backlog,
                           double lastRate, double prevRate, double[] history, int offset,
                           RequestLevelSimulator.State des) {
    }
}
