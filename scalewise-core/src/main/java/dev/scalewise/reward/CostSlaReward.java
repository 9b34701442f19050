package dev.scalewise.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Defaults: dollars as billed, $1 per step (minute) out of the SLA, $0.001 per dropped request, $0.01 per
     * scaling action. Chosen by measurement on the default scenario (see {@code docs/training.md}): a minute out
     * of the SLA costs as much as ten instances for an hour at $0.10, which makes the learned policy keep
     * about 99.9% or more of the minutes within the SLA while paying about 45% less than static peak
     * provisioning; a cheaper violation (e.g. $0.05) let it trade SLA away (93% of minutes), a cheaper action
     * ($0.0005) made it flap.
     */
    public static CostSlaReward defaults() {
        return new CostSlaReward(1.0, 1.0, 0.001, 0.01);
    }

    public CostSlaReward {
        check("costWeight", costWeight);
        check("slaViolationUsd", slaViolationUsd);
        check("dropUsdPerRequest", dropUsdPerRequest);
        check("churnUsdPerAction", churnUsdPerAction);
    }

    /** Builds from named weights ({@code costWeight}, {@code slaViolationUsd}, {@code dropUsdPerRequest},
     * {@code churnUsdPerAction}); missing names take the defaults, unknown names are refused. */
    public static CostSlaReward fromWeights(Map<String, Double> w) {
        Map<String, Double> m = Rewards.merge("cost-sla", defaults().weights(), w);
        return new CostSlaReward(m.get("costWeight"), m.get("slaViolationUsd"), m.get("dropUsdPerRequest"),
                m.get("churnUsdPerAction"));
    }

    @Override
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("costWeight", costWeight);
        m.put("slaViolationUsd", slaViolationUsd);
        m.put("dropUsdPerRequest", dropUsdPerRequest);
        m.put("churnUsdPerAction", churnUsdPerAction);
        return m;
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
