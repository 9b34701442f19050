package dev.scalewise.forecast;

/**
 * A forecaster that also says how high (or low) the series may plausibly go: the {@code q}-quantile of each future
 * value, for {@code q} in (0, 1). A scaling policy that must cover the load one boot delay ahead provisions for a
 * high quantile instead of the point forecast plus a hand-set margin.
 *
 * <p>Contract, on top of {@link Forecaster}'s: {@link #forecastQuantile} reads only {@code series[0 .. end)}, is
 * deterministic after {@code fit}, and is monotone (non-decreasing) in {@code q} at every lead.
 *
 * @see ConformalForecaster the wrapper that gives every point forecaster quantiles
 */
public interface QuantileForecaster extends Forecaster {

    /**
     * The {@code q}-quantile forecast of the {@code horizon} values that follow {@code series[end - 1]}.
     *
     * @param q quantile level in (0, 1)
     * @return {@code horizon} values: element {@code k} is the q-quantile of {@code series[end + k]}
     */
    double[] forecastQuantile(double[] series, int end, int horizon, double q);

    /** The {@code q}-quantile forecast of the {@code horizon} values that follow the whole {@code history}. */
    default double[] forecastQuantile(double[] history, int horizon, double q) {
        return forecastQuantile(history, history.length, horizon, q);
    }

    /**
     * This forecaster seen as a point forecaster of its {@code q}-quantile: {@code forecast} and {@code stream} give
     * the q-quantiles, so any seam that takes a {@link Forecaster} (a policy's rate bound, the environment's forecast
     * feature, predictive scaling) provisions for the quantile instead of the mean. Its name is
     * {@code NAME@q}, e.g. {@code holt@0.99}; {@code fit} fits this forecaster.
     */
    Forecaster atQuantile(double q);

    /** Checks a quantile level; for implementations. */
    static double checkQuantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + q);
        }
        return q;
    }
}
