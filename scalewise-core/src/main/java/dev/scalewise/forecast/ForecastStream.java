package dev.scalewise.forecast;

/**
 * An online forecasting session over one series: {@link #observe} each new value as it arrives, {@link #forecast}
 * whenever a decision needs one. Never sees a value before it is observed, so it cannot look ahead.
 */
public interface ForecastStream {

    /** Appends the next value of the series. */
    void observe(double value);

    /** Number of values observed so far. */
    int observed();

    /**
     * The forecast of the next {@code horizon} values, given everything observed.
     *
     * @throws IllegalStateException when nothing has been observed yet
     */
    double[] forecast(int horizon);

    /** The point forecast {@code horizon} steps ahead (the last element of {@link #forecast(int)}). */
    default double forecastAt(int horizon) {
        double[] f = forecast(horizon);
        return f[f.length - 1];
    }
}
