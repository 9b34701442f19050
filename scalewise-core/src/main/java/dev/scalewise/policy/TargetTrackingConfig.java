package dev.scalewise.policy;

/**
 * Every knob of the AWS EC2 Auto Scaling target-tracking emulation.
 *
 * @param targetUtilization        target average CPU utilization (default 0.5: the value of the AWS user guide's
 *                                 target-tracking examples, {@code "TargetValue": 50.0})
 * @param metricPeriodSeconds      CloudWatch datapoint period (default 60: detailed monitoring)
 * @param scaleOutDatapoints       consecutive datapoints above target that fire the high alarm (default 3)
 * @param scaleInDatapoints        consecutive datapoints below the low threshold that fire the low alarm
 *                                 (default 15)
 * @param scaleInThresholdFraction the low alarm's threshold as a fraction of the target (default 0.9)
 * @param instanceWarmupSeconds    new instances count toward capacity but not toward the metric, and block
 *                                 scale-in, for this long (default 300)
 * @param disableScaleIn           never scale in (AWS {@code DisableScaleIn}, default false)
 * @param metricCeiling            CPU saturates at this utilization (default 1.0)
 */
public record TargetTrackingConfig(double targetUtilization, double metricPeriodSeconds, int scaleOutDatapoints,
                                   int scaleInDatapoints, double scaleInThresholdFraction, double instanceWarmupSeconds,
                                   boolean disableScaleIn, double metricCeiling) {

    public static TargetTrackingConfig defaults() {
        return new TargetTrackingConfig(0.5, 60, 3, 15, 0.9, 300, false, 1.0);
    }

    public TargetTrackingConfig {
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("aws-target-tracking.targetUtilization must be in (0, 1], got " + targetUtilization);
        }
        if (!(metricPeriodSeconds > 0) || !Double.isFinite(metricPeriodSeconds)) {
            throw new IllegalArgumentException("aws-target-tracking.metricPeriodSeconds must be > 0, got " + metricPeriodSeconds);
        }
        if (scaleOutDatapoints < 1 || scaleInDatapoints < 1) {
            throw new IllegalArgumentException("aws-target-tracking datapoints must be >= 1, got " + scaleOutDatapoints
                    + ", " + scaleInDatapoints);
        }
        if (!(scaleInThresholdFraction > 0 && scaleInThresholdFraction <= 1)) {
            throw new IllegalArgumentException("aws-target-tracking.scaleInThresholdFraction must be in (0, 1], got "
                    + scaleInThresholdFraction);
        }
        if (!(instanceWarmupSeconds >= 0)) {
            throw new IllegalArgumentException("aws-target-tracking.instanceWarmupSeconds must be >= 0, got " + instanceWarmupSeconds);
        }
        if (!(metricCeiling > 0)) {
            throw new IllegalArgumentException("aws-target-tracking.metricCeiling must be > 0, got " + metricCeiling);
        }
    }

    public TargetTrackingConfig withTargetUtilization(double t) {
        return new TargetTrackingConfig(t, metricPeriodSeconds, scaleOutDatapoints, scaleInDatapoints,
                scaleInThresholdFraction, instanceWarmupSeconds, disableScaleIn, metricCeiling);
    }

    public TargetTrackingConfig withInstanceWarmupSeconds(double s) {
        return new TargetTrackingConfig(targetUtilization, metricPeriodSeconds, scaleOutDatapoints, scaleInDatapoints,
                scaleInThresholdFraction, s, disableScaleIn, metricCeiling);
    }
}
