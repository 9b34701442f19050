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
 * @param ready              the alternative's trajectory: ready instances after each of its {@code steps} steps
 *                           (the dashboard draws it against the actual capacity); null when not recorded
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Counterfactual(@JsonProperty("action") int action,
                             @JsonProperty("steps") int steps,
                             @JsonProperty("delta_cost_usd") double deltaCostUsd,
                             @JsonProperty("delta_sla_violations") int deltaSlaViolations,
                             @JsonProperty("delta_p95_latency_ms") double deltaP95LatencyMs,
                             @JsonProperty("delta_reward") double deltaReward,
                             @JsonProperty("ready") java.util.List<Integer> ready) {
    public Counterfactual {
        if (steps < 1) {
            throw new IllegalArgumentException("counterfactual.steps must be >= 1, got " + steps);
        }
        if (ready != null && ready.size() != steps) {
            throw new IllegalArgumentException("counterfactual.ready must hold one value per step (" + steps + "), got "
                    + ready.size());
        }
        ready = ready == null ? null : java.util.List.copyOf(ready);
    }

    /** A counterfactual without its trajectory. */
    public Counterfactual(int action, int steps, double deltaCostUsd, int deltaSlaViolations, double deltaP95LatencyMs,
                          double deltaReward) {
        this(action, steps, deltaCostUsd, deltaSlaViolations, deltaP95LatencyMs, deltaReward, null);
    }
}
