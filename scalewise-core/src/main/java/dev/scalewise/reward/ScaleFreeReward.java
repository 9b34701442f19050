package dev.scalewise.reward;

import dev.scalewise.oracle.NeedTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale-free reward ({@code scale-free}), {@code POLICY.md}: the same outcomes as {@code cost-sla}, priced in
 * a unit that does not change with the size of the service, so that one agent can train on episodes of any scale.
 *
 * <p><b>Unit</b>: one step of the needed capacity, {@code need(lambda_t)} instances for one step, where
 * {@code need} is the queueing model's minimum at the step's arrival rate ({@link NeedTable}, i.e.
 * {@code Oracle.requiredInstances}; at least 1). A policy that held exactly the minimum every step and never
 * violated would score -1 per step.
 * <pre>
 *   cost  = - costWeight x (ready + booting after the action) / max(1, need(lambda_t))
 *   sla   = - slaViolationUnits                          if the step violated the SLA (p95 over the SLO or drops)
 *           - dropUnits x dropped / max(1, arrived)      (the share of the step's requests dropped)
 *   churn = - churnUnits                                 if capacity changed in the step
 * </pre>
 * Defaults (1, 30, 500, 3): the first three are the {@code cost-sla} dollar prices translated at the demo's scale
 * (peak of 20 instances at $0.10/h, about 17,000 requests per one-minute step at the peak): $1 per violating minute
 * is 30 minutes of 20 instances; $0.001 per dropped request is about 500 units for a step that drops everything.
 * The churn price is ten times the bill's $0.01 per action (0.3 units): stability is an objective of its own (a
 * learned policy must flap no more than HPA), and at 0.3 units the NASA demo's agent flapped 335 times a day
 * against HPA's 77; at 3 units, 59 (docs/training.md, "What was tried"). The comparison reports every policy in
 * dollars; only training uses this unit.
 */
public record ScaleFreeReward(double costWeight, double slaViolationUnits, double dropUnits, double churnUnits)
        implements RewardFunction {
    public static final String NAME = "scale-free";
    private static final List<String> TERMS = List.of("cost", "sla", "churn");

    public static ScaleFreeReward defaults() {
        return new ScaleFreeReward(1.0, 30, 500, 3);
    }

    public ScaleFreeReward {
        weightsOf(costWeight, slaViolationUnits, dropUnits, churnUnits).forEach((k, v) -> {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("reward.scale-free." + k + " must be a finite number >= 0, got " + v);
            }
        });
    }

    /** Builds from named weights; missing names take the defaults, unknown names are refused. */
    public static ScaleFreeReward fromWeights(Map<String, Double> w) {
        Map<String, Double> m = Rewards.merge(NAME, defaults().weights(), w);
        return new ScaleFreeReward(m.get("costWeight"), m.get("slaViolationUnits"), m.get("dropUnits"),
                m.get("churnUnits"));
    }

    @Override
    public Map<String, Double> weights() {
        return weightsOf(costWeight, slaViolationUnits, dropUnits, churnUnits);
    }

    private static Map<String, Double> weightsOf(double cost, double sla, double drop, double churn) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("costWeight", cost);
        m.put("slaViolationUnits", sla);
        m.put("dropUnits", drop);
        m.put("churnUnits", churn);
        return m;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> termNames() {
        return TERMS;
    }

    @Override
    public double evaluate(RewardInput in, double[] terms) {
        NeedTable table = NeedTable.of(in.dtSeconds(), in.capacityPerInstance(), in.sloSeconds());
        double need = Math.max(1, table.need(Math.max(0, in.arrivalRate())));
        double cost = -costWeight * in.instancesAfter() / need;
        double sla = (in.slaViolated() ? -slaViolationUnits : 0) - dropUnits * in.dropped() / Math.max(1, in.arrived());
        double churn = in.appliedDelta() != 0 ? -churnUnits : 0;
        terms[0] = cost;
        terms[1] = sla;
        terms[2] = churn;
        return cost + sla + churn;
    }
}
