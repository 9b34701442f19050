package dev.scalewise.explain;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What taking {@code action} instead of the recorded action would have changed over the horizon: the alternative
 * is applied at the decision's step, then the same policy decides for the remaining steps, under the same random
 * streams. Every delta is {@code alternative - actual} over the same steps.
 *
 * @param action             the alternative instance delta
 * @param steps              steps simulated (the horizon, or fewer at the end of the episode)
 * @param deltaCostUsd       dollars billed, alternative minus actual
 * @param deltaSlaViolations SLA-violating steps, alternative minus actual
 * @param deltaP95LatencyMs  p95 latency over the horizon (milliseconds, the request-weighted 95th percentile of the
 *                           per-step p95 as {@code compare} computes it), alternative minus actual
 * @param deltaReward        sum of rewards, alternative minus actual (the reward's own exchange rate between cost
 *                           and SLA; ranks decisions for {@code --top})
 */
public record Counterfactual(@JsonProperty("action") int action,
                             @JsonProperty("steps") int steps,
                             @JsonProperty("delta_cost_usd") double deltaCostUsd,
                             @JsonProperty("delta_sla_violations") int deltaSlaViolations,
                             @JsonProperty("delta_p95_latency_ms") double deltaP95LatencyMs,
                             @JsonProperty("delta_reward") double deltaReward) {
    public Counterfactual {
        if (steps < 1) {
            throw new IllegalArgumentException("counterfactual.steps must be >= 1, got " + steps);
        }
    }
}
