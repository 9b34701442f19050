/**
 * Forecasting the arrival rate: the {@link dev.scalewise.forecast.Forecaster} contract (history in, forecast out,
 * never the future), the classical forecasters (naive, seasonal naive, moving average, EWMA, Holt, Holt-Winters),
 * error metrics ({@link dev.scalewise.forecast.ForecastMetrics}), rolling-origin evaluation
 * ({@link dev.scalewise.forecast.RollingOriginEvaluator}) and a name &rarr; factory registry
 * ({@link dev.scalewise.forecast.ForecasterRegistry}). Neural forecasters live in {@code scalewise-nn} and join the
 * registry through the {@link dev.scalewise.forecast.ForecasterProvider} service interface, so the core never
 * depends on a deep-learning runtime.
 */
package dev.scalewise.forecast;
