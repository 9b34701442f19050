package dev.scalewise.forecast;

/**
 * Forecasts a series: history in, forecast for a horizon out.
 *
 * <p>The contract, which every implementation must keep and which the tests check for every registered name:
 * <ul>
 *   <li>{@link #forecast(double[], int, int)} reads only {@code series[0 .. end)}; values at or after {@code end}
 *       may be anything (the future) and never change the result.</li>
 *   <li>{@link #fit} is called once, with the training split (and, chronologically after it, a validation split
 *       that may be empty), before any forecast. Forecasters without parameters ignore it.</li>
 *   <li>After {@code fit}, forecasting is deterministic: the same history gives the same forecast.</li>
 * </ul>
 *
 * <p>Forecasts are raw model outputs (a trend may go below zero); callers that need a rate clamp them at zero.
 *
 * <p>Agents that need a forecast every step should use {@link #stream()}: it is fed one value per step and costs
 * O(1) per step for the recursive smoothers, instead of replaying the whole history.
 */
public interface Forecaster {

    /** The registry name of this forecaster, e.g. {@code holt-winters-add}. */
    String name();

    /**
     * Learns the parameters.
     *
     * @param train      the training split, oldest first
     * @param validation the validation split that follows it in time (may be empty); used for early stopping
     *                   or model selection, never for the test period
     */
    void fit(double[] train, double[] validation);

    /** Learns the parameters from a training split without a validation split. */
    default void fit(double[] train) {
        fit(train, new double[0]);
    }

    /**
     * The forecast of the {@code horizon} values that follow {@code series[end - 1]}.
     *
     * @param series  the series; only {@code series[0 .. end)} is read
     * @param end     number of observed values, &gt;= 1 and &lt;= {@code series.length}
     * @param horizon number of steps ahead, &gt;= 1
     * @return {@code horizon} values: element {@code k} forecasts {@code series[end + k]}
     */
    double[] forecast(double[] series, int end, int horizon);

    /** The forecast of the {@code horizon} values that follow the whole {@code history}. */
    default double[] forecast(double[] history, int horizon) {
        return forecast(history, history.length, horizon);
    }

    /**
     * Forecasts from many origins of one series at once (what rolling-origin evaluation needs). Row {@code i} equals
     * {@code forecast(series, ends[i], horizon)}; implementations may override it to share work (one smoothing pass,
     * one batched network call).
     *
     * @param ends origins in increasing order
     */
    default double[][] forecastMany(double[] series, int[] ends, int horizon) {
        double[][] out = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            out[i] = forecast(series, ends[i], horizon);
        }
        return out;
    }

    /**
     * {@link #forecastMany} by one pass of a fresh {@link #stream()} (O(series + origins x horizon) for the recursive
     * smoothers, instead of replaying the history from every origin); origins out of order fall back to one
     * forecast each. For implementations whose stream is cheap.
     */
    static double[][] forecastManyByStream(Forecaster f, double[] series, int[] ends, int horizon) {
        ForecastStream s = f.stream();
        double[][] out = new double[ends.length][];
        int fed = 0;
        for (int i = 0; i < ends.length; i++) {
            checkArguments(series, ends[i], horizon);
            if (ends[i] < fed) {
                out = new double[ends.length][];
                for (int j = 0; j < ends.length; j++) {
                    out[j] = f.forecast(series, ends[j], horizon);
                }
                return out;
            }
            while (fed < ends[i]) {
                s.observe(series[fed++]);
            }
            out[i] = s.forecast(horizon);
        }
        return out;
    }

    /**
     * A fresh online session: observe one value per step, ask for a forecast at any time. The default keeps the
     * history and calls {@link #forecast(double[], int, int)}; recursive forecasters override it to update their
     * state in O(1) per step. A stream gives exactly the forecasts of the batch method on the same values.
     */
    default ForecastStream stream() {
        return new BufferedForecastStream(this);
    }

    /** Checks the arguments of {@link #forecast(double[], int, int)}; for implementations. */
    static void checkArguments(double[] series, int end, int horizon) {
        if (series == null) {
            throw new IllegalArgumentException("series must not be null");
        }
        if (end < 1 || end > series.length) {
            throw new IllegalArgumentException("end must be in [1, " + series.length + "], got " + end);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
    }
}
