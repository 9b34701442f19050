package dev.scalewise.reference;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.forecast.ForecastStream;
import dev.scalewise.forecast.Forecaster;
import java.util.Objects;

/**
 * The maximum of a fitted {@link Forecaster}'s point forecasts over the horizon, from observed rates only.
 *
 * <p>Each episode opens a fresh {@link Forecaster#stream()} and feeds it the rates observed before the episode
 * ({@code warmup}, e.g. the training part), then each observed step's rate. The observation at step {@code t > 0}
 * reports the rate of step {@code t - 1}, so leads {@code 1 .. horizon + 1} forecast steps {@code t .. t + horizon}.
 * The first observation of an episode (step 0) reports the trace's first rate as if already served; it is fed only
 * when there is no warm-up (a stream needs one value). Forecasts are clamped at 0; a non-finite one is an error.
 */
public final class ForecastRateBound implements RateUpperBound {
    private final Forecaster model;
    private final double[] warmup;
    private ForecastStream stream;

    /**
     * @param fitted a forecaster already fitted (on the training part)
     * @param warmup rates observed before the episode, oldest first (may be empty)
     */
    public ForecastRateBound(Forecaster fitted, double[] warmup) {
        this.model = Objects.requireNonNull(fitted, "fitted");
        this.warmup = Objects.requireNonNull(warmup, "warmup").clone();
    }

    /** The forecaster's registry name. */
    public String forecasterName() {
        return model.name();
    }

    /** The forecaster's name (a quantile forecaster's includes its level, {@code ewma@0.99}). */
    @Override
    public String describe() {
        return forecasterName();
    }

    @Override
    public void reset(EnvSpec spec) {
        stream = model.stream();
        for (double v : warmup) {
            stream.observe(v);
        }
    }

    @Override
    public double upperBound(Observation o, int horizon) {
        if (stream == null) {
            throw new IllegalStateException("call reset(spec) before upperBound()");
        }
        if (o.step() > 0 || warmup.length == 0) {
            stream.observe(o.arrivalRate());
        }
        double[] f = stream.forecast(horizon + 1);
        double max = 0;
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                throw new IllegalStateException(model.name() + " forecast " + f[k] + " at lead " + (k + 1)
                        + " (step " + o.step() + ")");
            }
            max = Math.max(max, f[k]);
        }
        return max;
    }
}
