package dev.scalewise.policy;

import dev.scalewise.env.Observation;

/**
 * The CPU-utilization metric that cloud autoscalers read, derived from an observation: the last step's offered
 * load per ready instance, at least 100% while a backlog exists (a server with work queued runs flat out), capped
 * at {@code ceiling} (CPU cannot exceed its limit; 1.0 when limit = request).
 */
public final class CpuMetric {
    private CpuMetric() {
    }

    /** The metric of {@code o}, capped at {@code ceiling}. */
    public static double of(Observation o, double ceiling) {
        double m = o.utilization();
        if (o.backlog() > 0) {
            m = Math.max(m, 1.0);
        }
        return Math.min(m, ceiling);
    }

    /** Consecutive steps that cover {@code datapoints} alarm periods of {@code periodSeconds}. */
    static int stepsFor(int datapoints, double periodSeconds, double stepSeconds) {
        return Math.max(1, (int) Math.ceil(datapoints * periodSeconds / stepSeconds - 1e-9));
    }
}
