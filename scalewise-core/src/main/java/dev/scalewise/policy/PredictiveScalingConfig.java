package dev.scalewise.policy;

/**
 * Every knob of the AWS predictive scaling emulation (AWS user guide, "Predictive scaling for Amazon EC2 Auto
 * Scaling").
 *
 * @param targetUtilization         utilization the forecast capacity is sized for (default 0.5, the paired
 *                                  target-tracking target)
 * @param schedulingBufferSeconds   capacity for an hour is launched this long before the hour (default 300)
 * @param minHistorySeconds         no forecast before this much observed history (default 24 h)
 * @param maxHistorySeconds         history used, at most (default 14 days)
 * @param forecastHorizonSeconds    forecast length (default 48 h)
 * @param refreshSeconds            the forecast is recomputed this often (default 6 h)
 * @param resolutionSeconds         forecast granularity: one capacity per interval (default 3,600: hourly)
 * @param seasonSeconds             period of the seasonal-naive forecaster (default 86,400: one day)
 * @param mode                      forecast only (default, as AWS's {@code Mode} default {@code ForecastOnly}:
 *                                  forecasts are reported, capacity never changes) or forecast and scale
 */
public record PredictiveScalingConfig(double targetUtilization, double schedulingBufferSeconds, double minHistorySeconds,
                                      double maxHistorySeconds, double forecastHorizonSeconds, double refreshSeconds,
                                      double resolutionSeconds, double seasonSeconds, Mode mode) {

    public static PredictiveScalingConfig defaults() {
        return new PredictiveScalingConfig(0.5, 300, 86_400, 14 * 86_400, 48 * 3600, 6 * 3600, 3600, 86_400,
                Mode.FORECAST_ONLY);
    }

    public PredictiveScalingConfig {
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("aws-predictive.targetUtilization must be in (0, 1], got " + targetUtilization);
        }
        if (!(schedulingBufferSeconds >= 0 && schedulingBufferSeconds <= 3600)) {
            throw new IllegalArgumentException("aws-predictive.schedulingBufferSeconds must be in [0, 3600], got "
                    + schedulingBufferSeconds);
        }
        if (!(minHistorySeconds >= 0) || !(maxHistorySeconds >= minHistorySeconds)) {
            throw new IllegalArgumentException("aws-predictive: need 0 <= minHistorySeconds <= maxHistorySeconds, got "
                    + minHistorySeconds + ", " + maxHistorySeconds);
        }
        if (!(forecastHorizonSeconds > 0) || !(refreshSeconds > 0) || !(resolutionSeconds > 0) || !(seasonSeconds > 0)) {
            throw new IllegalArgumentException("aws-predictive horizon, refresh, resolution and season must be > 0");
        }
        if (mode == null) {
            throw new IllegalArgumentException("aws-predictive.mode must be given");
        }
    }

    public PredictiveScalingConfig withMode(Mode m) {
        return new PredictiveScalingConfig(targetUtilization, schedulingBufferSeconds, minHistorySeconds,
                maxHistorySeconds, forecastHorizonSeconds, refreshSeconds, resolutionSeconds, seasonSeconds, m);
    }

    public PredictiveScalingConfig withMinHistorySeconds(double s) {
        return new PredictiveScalingConfig(targetUtilization, schedulingBufferSeconds, s, Math.max(s, maxHistorySeconds),
                forecastHorizonSeconds, refreshSeconds, resolutionSeconds, seasonSeconds, mode);
    }

    public PredictiveScalingConfig withSeasonSeconds(double s) {
        return new PredictiveScalingConfig(targetUtilization, schedulingBufferSeconds, minHistorySeconds,
                maxHistorySeconds, forecastHorizonSeconds, refreshSeconds, resolutionSeconds, s, mode);
    }

    /** AWS {@code Mode}. */
    public enum Mode {
        /** Forecast and launch capacity. */
        FORECAST_AND_SCALE,
        /** Forecast only: the forecasts are kept for reports; capacity is never changed. */
        FORECAST_ONLY
    }
}
