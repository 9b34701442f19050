package dev.scalewise.forecast;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.policy.Policy;
import java.util.Arrays;
import java.util.Objects;

/**
 * A policy that sees the forecast feature whatever environment it runs in: it records the arrival rates it
 * observes and replaces each observation's {@code forecastRate} with its own {@link ForecastFeature}'s forecast
 * before handing the observation to the wrapped policy.
 *
 * <p>It reproduces exactly what {@code AutoscaleEnv} computes with the same {@link DemandForecast}-as-feature:
 * the history is the first observation's rate followed by every step's observed rate; the horizon is 1 at reset
 * and {@code max(1, bootSteps)} after a step; the forecast is clamped at 0. So an agent trained in an environment
 * with the forecaster acts identically when evaluated through this wrapper in a plain environment (as
 * {@code compare} runs every policy), and it only ever uses what it has observed.
 *
 * <p><b>Warm-up.</b> Given the rates observed before the episode ({@code warmup}, e.g. the training part that
 * precedes held-out days, {@code PolicyRegistry.Context.history}), the history starts with them and the first
 * observation's rate (the trace's first rate reported as if already served) is not added, exactly as
 * {@code ForecastRateBound} feeds {@code mpc}'s forecaster: an agent that observes {@code mpc}'s forecast then sees
 * the same forecast from the first step, instead of a forecaster that starts cold at the episode's first rate
 * (on a held-out part of 18 minutes that starts idle, a cold EWMA forecasts 0 req/s for the whole burst that
 * follows; docs/training.md, "Round three"). Without a warm-up it is the environment's forecast, as above.
 *
 * @see ForecastFeature
 */
public final class ForecastingPolicy implements Policy {
    private final Policy inner;
    private final ForecastFeature feature;
    private final double[] warmup;
    private double[] history = new double[64];
    private int count;
    private int bootSteps;

    /**
     * @param inner   the policy that reads {@code forecastRate}
     * @param feature a fresh feature (one per policy instance)
     */
    public ForecastingPolicy(Policy inner, ForecastFeature feature) {
        this(inner, feature, new double[0]);
    }

    /**
     * @param inner   the policy that reads {@code forecastRate}
     * @param feature a fresh feature (one per policy instance)
     * @param warmup  rates observed before each episode, oldest first (may be empty: no warm-up)
     */
    public ForecastingPolicy(Policy inner, ForecastFeature feature, double[] warmup) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.feature = Objects.requireNonNull(feature, "feature");
        this.warmup = Objects.requireNonNull(warmup, "warmup").clone();
    }

    /** The wrapped policy. */
    public Policy inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void reset(EnvSpec spec) {
        inner.reset(spec);
        bootSteps = spec.bootSteps();
        // a new array per episode: the feature starts a fresh stream
        history = Arrays.copyOf(warmup, Math.max(64, 2 * warmup.length));
        count = warmup.length;
    }

    @Override
    public int act(Observation o) {
        return inner.act(withForecast(o));
    }

    /**
     * A copy in this state, when the wrapped policy can be copied: the rates observed so far are copied and a fresh
     * feature of the same forecaster rebuilds its stream from them at its first call ({@link ForecastFeature}: the
     * result is always that of a fresh stream fed with the prefix), so the forecasts are the same.
     */
    @Override
    public Policy fork() {
        Policy in = inner.fork();
        if (in == null) {
            return null;
        }
        ForecastingPolicy f = new ForecastingPolicy(in, new ForecastFeature(feature.forecaster(),
                feature.horizonSteps()), warmup);
        f.history = history.clone();
        f.count = count;
        f.bootSteps = bootSteps;
        return f;
    }

    /** {@code o} with the forecast this policy's feature makes from the rates observed so far (including o's). */
    public Observation withForecast(Observation o) {
        if (o.step() > 0 || warmup.length == 0) {
            if (count == history.length) {
                history = Arrays.copyOf(history, history.length * 2);
            }
            history[count++] = o.arrivalRate();
        }
        int horizon = o.step() == 0 ? 1 : Math.max(1, bootSteps);
        double f = feature.forecast(history, count, horizon);
        if (!Double.isFinite(f)) {
            throw new IllegalStateException("forecaster returned " + f + " at step " + o.step());
        }
        return new Observation(o.step(), o.arrivalRate(), o.previousArrivalRate(), o.ready(), o.booting(),
                o.utilization(), o.p95Seconds(), o.backlog(), o.dropped(), o.serviceRate(), Math.max(0, f));
    }
}
