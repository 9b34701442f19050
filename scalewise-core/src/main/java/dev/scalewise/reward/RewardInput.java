package dev.scalewise.reward;

import dev.scalewise.cluster.Clamp;

/**
 * What a reward function may look at after one step: the action, the capacity before and after it, and the
 * outcome of the step.
 *
 * @param requestedDelta     instances the policy asked to add (negative: remove)
 * @param appliedDelta       instances actually added/removed after clamping
 * @param clamp              whether a bound cut the request
 * @param instancesBefore    ready + booting before the action
 * @param instancesAfter     ready + booting after the action
 * @param ready              ready (serving) instances during the step
 * @param minInstances       lower bound
 * @param maxInstances       upper bound
 * @param arrivalRate        arrival rate during the step (requests/s)
 * @param capacityPerInstance requests/s one ready instance serves (mu)
 * @param utilization        offered load per ready instance
 * @param p95Seconds         95th percentile response time during the step
 * @param sloSeconds         the p95 latency objective
 * @param arrived            requests that arrived
 * @param dropped            requests dropped
 * @param costUsd            dollars billed for the step
 * @param slaViolated        p95 above the SLO or any drop
 * @param dtSeconds          step length
 */
public record RewardInput(int requestedDelta, int appliedDelta, Clamp clamp, int instancesBefore, int instancesAfter,
                          int ready, int minInstances, int maxInstances, double arrivalRate,
                          double capacityPerInstance, double utilization, double p95Seconds, double sloSeconds,
                          double arrived, double dropped, double costUsd, boolean slaViolated, double dtSeconds) {
}
