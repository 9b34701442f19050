package dev.scalewise.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second seed's reward ({@code seed-b}), as {@code SEEDS.md} records it, with the change penalty the seed
 * declared but never applied made real:
 *
 * <pre>
 *   sla      = +servedWell     if the step met the SLA (latency within the objective, nothing dropped)   (1)
 *              -slaViolation   otherwise                                                            (5)
 *   capacity = -perCapacityUnit x instances after the action                                       (0.1)
 *   waste    = -wastePenalty   if utilization &lt; wasteBelow                                     (0.5; 0.3)
 *   change   = -changePenalty  if capacity changed                                                 (0.2)
 * </pre>
 */
public record SeedBReward(double servedWell, double slaViolation, double perCapacityUnit, double wastePenalty,
                          double wasteBelow, double changePenalty) implements RewardFunction {

    public static final String NAME = "seed-b";
    private static final List<String> TERMS = List.of("sla", "capacity", "waste", "change");

    public static SeedBReward defaults() {
        return new SeedBReward(1, 5, 0.1, 0.5, 0.3, 0.2);
    }

    public SeedBReward {
        Map<String, Double> w = new SeedBWeights(servedWell, slaViolation, perCapacityUnit, wastePenalty, wasteBelow,
                changePenalty).map();
        w.forEach((k, v) -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("reward.seed-b." + k + " must be finite, got " + v);
            }
        });
    }

    /** Builds from named weights; missing names take the seed's value, unknown names are refused. */
    public static SeedBReward fromWeights(Map<String, Double> w) {
        Map<String, Double> m = Rewards.merge(NAME, defaults().weights(), w);
        return new SeedBReward(m.get("servedWell"), m.get("slaViolation"), m.get("perCapacityUnit"),
                m.get("wastePenalty"), m.get("wasteBelow"), m.get("changePenalty"));
    }

    @Override
    public Map<String, Double> weights() {
        return new SeedBWeights(servedWell, slaViolation, perCapacityUnit, wastePenalty, wasteBelow, changePenalty).map();
    }

    private record SeedBWeights(double servedWell, double slaViolation, double perCapacityUnit, double wastePenalty,
                                double wasteBelow, double changePenalty) {
        Map<String, Double> map() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("servedWell", servedWell);
            m.put("slaViolation", slaViolation);
            m.put("perCapacityUnit", perCapacityUnit);
            m.put("wastePenalty", wastePenalty);
            m.put("wasteBelow", wasteBelow);
            m.put("changePenalty", changePenalty);
            return m;
        }
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
        double sla = in.slaViolated() ? -slaViolation : servedWell;
        double capacity = -perCapacityUnit * in.instancesAfter();
        double waste = in.utilization() < wasteBelow ? -wastePenalty : 0;
        double change = in.appliedDelta() != 0 ? -changePenalty : 0;
        terms[0] = sla;
        terms[1] = capacity;
        terms[2] = waste;
        terms[3] = change;
        return sla + capacity + waste + change;
    }
}
