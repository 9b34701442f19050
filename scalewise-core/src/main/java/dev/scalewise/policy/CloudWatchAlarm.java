package dev.scalewise.policy;

/**
 * A CloudWatch metric alarm as the AWS scaling policies use it: it fires after the metric has breached for
 * {@code datapoints} consecutive periods of {@code periodSeconds}, counted in control steps
 * ({@link CpuMetric#stepsFor}). Mutable; reset every episode.
 */
final class CloudWatchAlarm {
    private final int datapoints;
    private final double periodSeconds;
    private int needed = 1;
    private int breaching;

    CloudWatchAlarm(int datapoints, double periodSeconds) {
        this.datapoints = datapoints;
        this.periodSeconds = periodSeconds;
    }

    /** Clears the breach count for a new episode with steps of {@code stepSeconds}. */
    void reset(double stepSeconds) {
        needed = CpuMetric.stepsFor(datapoints, periodSeconds, stepSeconds);
        breaching = 0;
    }

    /** Records one step's datapoint: breaching or not. */
    void observe(boolean breach) {
        breaching = breach ? breaching + 1 : 0;
    }

    /** Whether enough consecutive datapoints breached. */
    boolean firing() {
        return breaching >= needed;
    }

    /** Consecutive breaching steps so far. */
    int breachingSteps() {
        return breaching;
    }
}
