package dev.scalewise.forecast;

import dev.scalewise.env.DemandForecast;
import java.util.Objects;

/**
 * A fitted {@link Forecaster} as the environment's {@link DemandForecast}: the bridge that fills
 * {@code Observation.forecastRate}, from which the encoders derive their forecast-direction feature.
 *
 * <p><b>Never the future.</b> The environment passes the rates it has observed, {@code history[0 .. count)}; this
 * class feeds exactly those values, in order, to a {@link ForecastStream} and never reads {@code history[count..]}.
 *
 * <p><b>Cheap per step.</b> The environment calls {@link #forecast} once per step with a prefix that grows by one
 * value. The stream is kept between calls and only the new value is observed, so the per-step cost is the
 * stream's: O(1) for EWMA, Holt and Holt-Winters, O(window) for the buffered default. When the call is not the
 * continuation of the previous one (a new episode: the environment allocates a new history array at every reset;
 * a restored snapshot; a shorter prefix; or a rewritten value), the stream is rebuilt from {@code history[0 ..
 * count)}, so the result is always that of a fresh stream fed with the prefix (equal to the batch forecast, by the
 * {@link Forecaster} contract).
 *
 * <p><b>Horizon.</b> With {@code horizonSteps = 0} the forecast is for the horizon the environment asks for (the
 * boot horizon); a positive value replaces it (for a feature that looks further than the boot delay).
 *
 * <p>Not thread-safe: one instance per environment. The forecaster must already be fitted; it is shared read-only
 * (only its streams carry state).
 */
public final class ForecastFeature implements DemandForecast {
    private final Forecaster forecaster;
    private final int horizonSteps;

    private ForecastStream stream;
    private double[] lastHistory;
    private int lastCount;
    private long lastValueBits;
    private int lastHorizon = -1;
    private double lastForecast;
    private long rebuilds;

    /**
     * @param forecaster   a fitted forecaster
     * @param horizonSteps steps ahead to forecast; 0: the horizon the caller asks for
     */
    public ForecastFeature(Forecaster forecaster, int horizonSteps) {
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        if (horizonSteps < 0) {
            throw new IllegalArgumentException("horizonSteps must be >= 0, got " + horizonSteps);
        }
        this.horizonSteps = horizonSteps;
    }

    /** The bridge at the caller's horizon. */
    public static ForecastFeature of(Forecaster forecaster) {
        return new ForecastFeature(forecaster, 0);
    }

    public Forecaster forecaster() {
        return forecaster;
    }

    /** The fixed horizon (0: the caller's). */
    public int horizonSteps() {
        return horizonSteps;
    }

    /** How many times the stream was rebuilt from a prefix (once per episode in normal use). */
    public long rebuilds() {
        return rebuilds;
    }

    @Override
    public double forecast(double[] history, int count, int horizon) {
        Forecaster.checkArguments(history, count, Math.max(1, horizon));
        int h = horizonSteps > 0 ? horizonSteps : Math.max(1, horizon);
        boolean continues = stream != null && history == lastHistory && lastCount >= 1 && count >= lastCount
                && Double.doubleToRawLongBits(history[lastCount - 1]) == lastValueBits;
        if (!continues) {
            stream = forecaster.stream();
            for (int i = 0; i < count; i++) {
                stream.observe(history[i]);
            }
            rebuilds++;
            lastHorizon = -1;
        } else if (count > lastCount) {
            for (int i = lastCount; i < count; i++) {
                stream.observe(history[i]);
            }
            lastHorizon = -1;
        }
        lastHistory = history;
        lastCount = count;
        lastValueBits = Double.doubleToRawLongBits(history[count - 1]);
        if (h != lastHorizon) {
            lastForecast = stream.forecastAt(h);
            lastHorizon = h;
        }
        return lastForecast;
    }
}
