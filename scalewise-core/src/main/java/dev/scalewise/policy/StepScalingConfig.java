package dev.scalewise.policy;

import java.util.List;

/**
 * Every knob of the AWS EC2 Auto Scaling step-scaling emulation: two CloudWatch alarms on CPU utilization, each
 * with a table of step adjustments whose bounds are relative to the alarm threshold (AWS user guide, "Step and
 * simple scaling policies"). AWS has no default table; the defaults here follow the shape of the guide's
 * example (+10%/+20%/+30% by how far the threshold is breached, -10% on the way down).
 *
 * @param metricPeriodSeconds   CloudWatch datapoint period (default 60)
 * @param scaleOutThreshold     high alarm threshold on utilization (default 0.6)
 * @param scaleOutDatapoints    consecutive datapoints above it that fire the alarm (default 3)
 * @param scaleOutSteps         step adjustments for the high alarm (bounds relative to the threshold, &gt;= 0)
 * @param scaleInThreshold      low alarm threshold (default 0.3)
 * @param scaleInDatapoints     consecutive datapoints below it that fire the alarm (default 15)
 * @param scaleInSteps          step adjustments for the low alarm (bounds relative to the threshold, &lt;= 0)
 * @param adjustmentType        how adjustments are read (default percent change in capacity)
 * @param minAdjustmentMagnitude smallest change for percent adjustments (default 1)
 * @param instanceWarmupSeconds warming instances count toward capacity; re-fired alarms add only the difference;
 *                              scale-in waits until none is warming (default 300)
 * @param metricCeiling         CPU saturates at this utilization (default 1.0)
 */
public record StepScalingConfig(double metricPeriodSeconds, double scaleOutThreshold, int scaleOutDatapoints,
                                List<StepAdjustment> scaleOutSteps, double scaleInThreshold, int scaleInDatapoints,
                                List<StepAdjustment> scaleInSteps, AdjustmentType adjustmentType,
                                int minAdjustmentMagnitude, double instanceWarmupSeconds, double metricCeiling) {

    public static StepScalingConfig defaults() {
        return new StepScalingConfig(60, 0.6, 3,
                List.of(new StepAdjustment(0, 0.1, 10), new StepAdjustment(0.1, 0.2, 20),
                        new StepAdjustment(0.2, Double.POSITIVE_INFINITY, 30)),
                0.3, 15, List.of(new StepAdjustment(Double.NEGATIVE_INFINITY, 0, -10)),
                AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, 1, 300, 1.0);
    }

    public StepScalingConfig {
        if (!(metricPeriodSeconds > 0)) {
            throw new IllegalArgumentException("aws-step.metricPeriodSeconds must be > 0, got " + metricPeriodSeconds);
        }
        if (!(scaleInThreshold < scaleOutThreshold)) {
            throw new IllegalArgumentException("aws-step: scaleInThreshold " + scaleInThreshold
                    + " must be below scaleOutThreshold " + scaleOutThreshold);
        }
        if (scaleOutDatapoints < 1 || scaleInDatapoints < 1) {
            throw new IllegalArgumentException("aws-step datapoints must be >= 1");
        }
        scaleOutSteps = List.copyOf(scaleOutSteps);
        scaleInSteps = List.copyOf(scaleInSteps);
        if (adjustmentType == null) {
            throw new IllegalArgumentException("aws-step.adjustmentType must be given");
        }
        if (minAdjustmentMagnitude < 0) {
            throw new IllegalArgumentException("aws-step.minAdjustmentMagnitude must be >= 0, got " + minAdjustmentMagnitude);
        }
        if (!(instanceWarmupSeconds >= 0) || !(metricCeiling > 0)) {
            throw new IllegalArgumentException("aws-step.instanceWarmupSeconds must be >= 0 and metricCeiling > 0");
        }
    }

    /** How a step adjustment is read (AWS {@code AdjustmentType}). */
    public enum AdjustmentType {
        /** Add (or remove) this many instances. */
        CHANGE_IN_CAPACITY,
        /** Set capacity to this value. */
        EXACT_CAPACITY,
        /** Change capacity by this percent; fractions round toward zero, at least {@code minAdjustmentMagnitude}. */
        PERCENT_CHANGE_IN_CAPACITY
    }

    /**
     * One step: applies when {@code lower <= metric - threshold < upper}.
     *
     * @param lower      lower bound relative to the threshold (inclusive)
     * @param upper      upper bound relative to the threshold (exclusive)
     * @param adjustment the change (read per {@link AdjustmentType})
     */
    public record StepAdjustment(double lower, double upper, double adjustment) {
        public StepAdjustment {
            if (!(lower < upper)) {
                throw new IllegalArgumentException("aws-step adjustment needs lower < upper, got " + lower + ", " + upper);
            }
        }

        boolean contains(double breach) {
            return breach >= lower && breach < upper;
        }
    }
}
