package dev.scalewise.reward;

import java.util.List;

/**
 * The default reward ({@code cost-sla}): scores outcomes only, in dollars, never the action a rule would take.
 *
 * <pre>
 *   cost  = - costWeight * dollars billed in the step
 *   sla   = - slaViolationUsd   if the step violated the SLA (p95 over the SLO or any drop)
 *           - dropUsdPerRequest * dropped requests
 *   churn = - churnUsdPerAction if capacity changed in the step
 * </pre>
 *
 * @param costWeight         multiplier on billed dollars (1 = dollars as billed)
 * @param slaViolationUsd    dollars charged per step that violates the SLA
 * @param dropUsdPerRequest  dollars charged per dropped request
 * @param churnUsdPerAction  dollars charged per scaling action (a change of capacity)
 */
public record CostSlaReward(double costWeight, double slaViolationUsd, double dropUsdPerRequest,
                            double churnUsdPerAction) implements RewardFunction {

    private static final List<String> TERMS = List.of("cost", "sla", "churn");

    /** Defaults: dollars as billed, $0.05 per violating step, $0.0001 per dropped request, $0.0005 per action. */
    public static CostSlaReward defaults() {
        return new CostSlaReward(1.0, 0.05, 0.0001, 0.0005);
    }

    public CostSlaReward {
        check("costWeight", costWeight);
        check("slaViolationUsd", slaViolationUsd);
        check("dropUsdPerRequest", dropUsdPerRequest);
        check("churnUsdPerAction", churnUsdPerAction);
    }

    private static void check(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("reward.cost-sla." + field + " must be a finite number >= 0, got " + v);
        }
    }

    @Override
    public String name() {
        return "cost-sla";
    }

    @Override
    public List<String> termNames() {
        return TERMS;
    }

    @Override
    public double evaluate(RewardInput in, double[] terms) {
        double cost = -costWeight * in.costUsd();
        double sla = (in.slaViolated() ? -slaViolationUsd : 0) - dropUsdPerRequest * in.dropped();
        double churn = in.appliedDelta() != 0 ? -churnUsdPerAction : 0;
        terms[0] = cost;
        terms[1] = sla;
        terms[2] = churn;
        return cost + sla + churn;
    }
}
