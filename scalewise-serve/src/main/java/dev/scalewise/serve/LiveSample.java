package dev.scalewise.serve;

/**
 * What was read about one workload at one time. Optional readings are NaN when their query is not configured or
 * returned no series; the required ones are never NaN (a missing one makes the read fail instead).
 *
 * @param time            evaluation time (Unix seconds)
 * @param arrivalRate     requests/s
 * @param ready           ready replicas
 * @param desired         replicas in the deployment's spec
 * @param sampleAgeSeconds age of the newest raw replica sample (0 when not measured)
 * @param p95Seconds      p95 response time, or NaN
 * @param queueLength     requests waiting, or NaN
 * @param utilization     measured load per ready replica, or NaN
 */
public record LiveSample(double time, double arrivalRate, int ready, int desired, double sampleAgeSeconds,
                         double p95Seconds, double queueLength, double utilization) {

    /** Booting replicas as the simulator counts them: in the spec but not ready. */
    public int booting() {
        return Math.max(0, desired - ready);
    }
}
