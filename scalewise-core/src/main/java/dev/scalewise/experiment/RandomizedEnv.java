package dev.scalewise.experiment;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.DemandForecast;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.FastStepping;
import dev.scalewise.env.Observation;
import dev.scalewise.env.ServiceRateProfile;
import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepResult;
import dev.scalewise.oracle.NeedTable;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.Objects;

/**
 * {@link AutoscaleEnv} with a fresh scale and boot delay every episode ({@link Randomization}). Reset with seed
 * {@code s}: the trace is the workload's from the stream "workload" of {@code s} (a random training day for a
 * windowed trace), the scale and boot delay come from the stream "domain" of {@code s}; the trace is scaled so its
 * peak is {@code peakInstances x mu x 0.7} requests/s, the upper bound is raised to at least 3 x peakInstances,
 * the episode starts warm with 1.2 x the queueing minimum of its first rate, and the arrivals are drawn as
 * {@link AutoscaleEnv} draws them. Same seed, same episode. Steps into a buffer ({@link FastStepping}) through the
 * episode's {@link AutoscaleEnv}; one buffer serves every episode (the reward, hence its terms, never changes).
 */
public final class RandomizedEnv implements FastStepping {
    public static final String ID = AutoscaleEnv.ID;

    private final EnvConfig base;
    private final Workload workload;
    private final RewardFunction reward;
    private final DemandForecast forecaster;
    private final Randomization randomization;
    private final int termCount;
    private AutoscaleEnv current;

    /** @param forecaster optional (null: the observation's forecast equals the last observed rate) */
    public RandomizedEnv(EnvConfig base, Workload workload, RewardFunction reward, DemandForecast forecaster,
                         Randomization randomization) {
        this.base = Objects.requireNonNull(base, "config");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.reward = Objects.requireNonNull(reward, "reward");
        this.forecaster = forecaster;
        this.randomization = Objects.requireNonNull(randomization, "randomization");
        this.termCount = reward.termNames().size();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Observation reset(long seed) {
        SplitMix64 rng = Seeds.stream(seed, "domain");
        double lo = Math.log(randomization.peakInstancesMin());
        double peakInstances = Math.exp(lo + (Math.log(randomization.peakInstancesMax()) - lo) * rng.nextDouble());
        double boot = Math.rint(randomization.bootMinSeconds()
                + (randomization.bootMaxSeconds() - randomization.bootMinSeconds()) * rng.nextDouble());
        Trace day = workload.generate(Seeds.stream(seed, "workload"));
        double peak = day.peakRate();
        Trace trace = peak > 0 ? day.scaled(peakInstances * base.serviceRate() * 0.7 / peak) : day;
        ClusterConfig c = base.cluster();
        int max = Math.max(c.maxInstances(), (int) Math.ceil(3 * peakInstances));
        int initial = (int) Math.ceil(1.2 * NeedTable.of(base).need(trace.rate(0)) - 1e-9);
        initial = Math.max(c.minInstances(), Math.min(max, Math.max(1, initial)));
        EnvConfig config = base.withCluster(c.withBounds(c.minInstances(), max, initial).withBootDelaySeconds(boot));
        current = new AutoscaleEnv(config, Workload.fixed(trace), reward, ServiceRateProfile.constant(), forecaster);
        return current.reset(seed);
    }

    @Override
    public StepResult step(int delta) {
        if (current == null) {
            throw new IllegalStateException("call reset(seed) before step()");
        }
        return current.step(delta);
    }

    @Override
    public StepBuffer newBuffer() {
        return new StepBuffer(termCount);
    }

    @Override
    public void stepInto(int delta, StepBuffer out) {
        if (current == null) {
            throw new IllegalStateException("call reset(seed) before step()");
        }
        current.stepInto(delta, out);
    }

    /** The spec of the current episode (the base spec before the first reset). */
    @Override
    public EnvSpec spec() {
        return current == null ? base.spec() : current.spec();
    }

    /** The environment of the current episode (null before the first reset). */
    public AutoscaleEnv current() {
        return current;
    }
}
