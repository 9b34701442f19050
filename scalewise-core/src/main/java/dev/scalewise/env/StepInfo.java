package dev.scalewise.env;

import dev.scalewise.cluster.Clamp;

/**
 * Everything that happened in one step, for logs, metrics and explanations. Times in seconds, money in
 * US dollars, counts in requests.
 *
 * @param step           step index
 * @param arrivalRate    arrival rate during the step
 * @param serviceRate    requests/s of one ready instance
 * @param requestedDelta change the policy asked for
 * @param appliedDelta   change applied after clamping
 * @param clamp          the bound that cut the request, if any
 * @param ready          ready instances while serving
 * @param booting        booting instances (billed)
 * @param utilization    offered load per ready instance
 * @param meanLatency    mean response time
 * @param p50            median response time
 * @param p95            95th percentile response time
 * @param p99            99th percentile response time
 * @param arrived        requests arrived
 * @param served         requests served
 * @param dropped        requests dropped
 * @param backlog        requests waiting at the end of the step
 * @param costUsd        dollars billed for the step
 * @param slaViolated    p95 over the SLO or any drop
 * @param overloaded     the fluid overload regime was used
 * @param reward         the step's reward
 * @param rewardTerms    the reward's terms, named by the reward function's {@code termNames()}
 */
public record StepInfo(int step, double arrivalRate, double serviceRate, int requestedDelta, int appliedDelta,
                       Clamp clamp, int ready, int booting, double utilization, double meanLatency, double p50,
                       double p95, double p99, double arrived, double served, double dropped, double backlog,
                       double costUsd, boolean slaViolated, boolean overloaded, double reward, double[] rewardTerms) {
}
