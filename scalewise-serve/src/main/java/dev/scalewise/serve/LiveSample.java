package dev.scalewise.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What was read about one workload at one time. Optional readings are null when their query is not configured or
 * returned no series; the required ones are always there (a missing one makes the read fail instead).
 *
 * @param time            evaluation time (Unix seconds)
 * @param arrivalRate     requests/s
 * @param ready           ready replicas
 * @param desired         replicas in the deployment's spec
 * @param sampleAgeSeconds age of the newest raw replica sample (0 when not measured)
 * @param p95Seconds      p95 response time, or null
 * @param queueLength     requests waiting, or null
 * @param utilization     measured load per ready replica, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveSample(double time, double arrivalRate, int ready, int desired, double sampleAgeSeconds,
                         Double p95Seconds, Double queueLength, Double utilization) {

    /** Booting replicas as the simulator counts them: in the spec but not ready. */
    public int booting() {
        return Math.max(0, desired - ready);
    }
}
