package dev.scalewise.env;

/**
 * A point forecast of the arrival rate, from observed history only: {@code history[0 .. count)} are the rates
 * observed so far (oldest first); returns the forecast {@code horizon} steps after the last one.
 */
@FunctionalInterface
public interface DemandForecast {
    double forecast(double[] history, int count, int horizon);
}
