package dev.scalewise.metrics;

/**
 * Key performance indicators of one run of a policy on a trace.
 *
 * @param steps                   steps simulated
 * @param costUsd                 dollars billed
 * @param instanceHours           ready + booting instance-hours billed
 * @param slaCompliancePct        percent of steps within the SLA (p95 within the SLO and no drop)
 * @param slaComplianceRequestsPct percent of arrived requests that arrived in a compliant step
 * @param p50LatencyMs            request-weighted median over steps of each step's median response time
 * @param p95LatencyMs            request-weighted 95th percentile over steps of each step's p95
 * @param p99LatencyMs            request-weighted 99th percentile over steps of each step's p99
 * @param arrivedRequests         requests arrived
 * @param droppedRequests         requests dropped
 * @param scalingActions          steps in which capacity changed
 * @param flaps                   direction reversals: an action opposite to the previous one within the flap window
 * @param meanUtilization         time-mean utilization of ready instances (capped at 1 per step)
 * @param totalReward             sum of rewards
 */
public record Kpis(int steps, double costUsd, double instanceHours, double slaCompliancePct,
                   double slaComplianceRequestsPct, double p50LatencyMs, double p95LatencyMs, double p99LatencyMs,
                   double arrivedRequests, double droppedRequests, int scalingActions, int flaps,
                   double meanUtilization, double totalReward) {
}
