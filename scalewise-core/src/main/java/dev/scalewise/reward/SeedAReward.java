package dev.scalewise.reward;

import dev.scalewise.cluster.Clamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first seed's reward ({@code seed-a}), term by term as {@code SEEDS.md} records it, with every constant
 * a named weight. {@code u} is the utilization after the action, {@code n} the instances after it,
 * {@code n0} before it; the minimum is the environment's lower bound (1 in the seed).
 *
 * <pre>
 *   band      = +bandBonus                      if bandLow &lt;= u &lt;= bandHigh
 *               -bandSlope |u - bandTarget|     otherwise                         (20; 0.5, 0.8; 20, 0.7)
 *   instances = -perInstance n                                                    (2)
 *   overload  = -overloadSlope (u - 1)          if u &gt; 1                          (100)
 *   idle      = -idlePenalty                    if u &lt; idleBelow and n &gt; min       (10; 0.2)
 *   shaping   = -holdPenalty  for holding when u &gt; holdHigh or (u &lt; holdLow and n &gt; min)   (5; 0.9, 0.3)
 *               -boundPenalty for asking down at the minimum or up at the maximum          (5)
 *               with p = load / max(1, n0 capacityPerInstance), when p &lt; drainBelow and n0 &gt; min:
 *               +drainBonus for down, -drainHoldPenalty for hold                          (0.2; 15, 15)
 * </pre>
 *
 * The {@code shaping} term pays for the action a threshold rule would take; it is kept only to reproduce the
 * seed, and is why {@code cost-sla}, not this, is the default.
 */
public record SeedAReward(double bandBonus, double bandLow, double bandHigh, double bandTarget, double bandSlope,
                          double perInstance, double overloadSlope, double idlePenalty, double idleBelow,
                          double holdPenalty, double holdHigh, double holdLow, double boundPenalty,
                          double drainBelow, double drainBonus, double drainHoldPenalty) implements RewardFunction {

    public static final String NAME = "seed-a";
    private static final List<String> TERMS = List.of("band", "instances", "overload", "idle", "shaping");

    /** The seed's constants. */
    public static SeedAReward defaults() {
        return new SeedAReward(20, 0.5, 0.8, 0.7, 20, 2, 100, 10, 0.2, 5, 0.9, 0.3, 5, 0.2, 15, 15);
    }

    public SeedAReward {
        for (Map.Entry<String, Double> e : weightsOf(bandBonus, bandLow, bandHigh, bandTarget, bandSlope, perInstance,
                overloadSlope, idlePenalty, idleBelow, holdPenalty, holdHigh, holdLow, boundPenalty, drainBelow, drainBonus,
                drainHoldPenalty).entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("reward.seed-a." + e.getKey() + " must be finite, got " + e.getValue());
            }
        }
    }

    /** Builds from named weights; missing names take the seed's value, unknown names are refused. */
    public static SeedAReward fromWeights(Map<String, Double> w) {
        Map<String, Double> m = Rewards.merge(NAME, defaults().weights(), w);
        return new SeedAReward(m.get("bandBonus"), m.get("bandLow"), m.get("bandHigh"), m.get("bandTarget"),
                m.get("bandSlope"), m.get("perInstance"), m.get("overloadSlope"), m.get("idlePenalty"),
                m.get("idleBelow"), m.get("holdPenalty"), m.get("holdHigh"), m.get("holdLow"), m.get("boundPenalty"),
                m.get("drainBelow"), m.get("drainBonus"), m.get("drainHoldPenalty"));
    }

    @Override
    public Map<String, Double> weights() {
        return weightsOf(bandBonus, bandLow, bandHigh, bandTarget, bandSlope, perInstance, overloadSlope, idlePenalty,
                idleBelow, holdPenalty, holdHigh, holdLow, boundPenalty, drainBelow, drainBonus, drainHoldPenalty);
    }

    private static Map<String, Double> weightsOf(double... v) {
        String[] names = {"bandBonus", "bandLow", "bandHigh", "bandTarget", "bandSlope", "perInstance", "overloadSlope",
            "idlePenalty", "idleBelow", "holdPenalty", "holdHigh", "holdLow", "boundPenalty", "drainBelow", "drainBonus",
            "drainHoldPenalty"};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], v[i]);
        }
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
        double u = in.utilization();
        int n = in.instancesAfter();
        boolean aboveMin = n > in.minInstances();
        double band = u >= bandLow && u <= bandHigh ? bandBonus : -bandSlope * Math.abs(u - bandTarget);
        double inst = -perInstance * n;
        double overload = u > 1 ? -overloadSlope * (u - 1) : 0;
        double idle = u < idleBelow && aboveMin ? -idlePenalty : 0;

        int action = Integer.signum(in.requestedDelta());
        double shaping = 0;
        if (action == 0 && (u > holdHigh || (u < holdLow && aboveMin))) {
            shaping -= holdPenalty;
        }
        if ((action < 0 && in.instancesBefore() <= in.minInstances() && in.clamp() == Clamp.MIN)
                || (action > 0 && in.instancesBefore() >= in.maxInstances() && in.clamp() == Clamp.MAX)) {
            shaping -= boundPenalty;
        }
        double p = in.arrivalRate() / Math.max(1, in.instancesBefore() * in.capacityPerInstance());
        if (p < drainBelow && in.instancesBefore() > in.minInstances()) {
            if (action < 0) {
                shaping += drainBonus;
            } else if (action == 0) {
                shaping -= drainHoldPenalty;
            }
        }
        terms[0] = band;
        terms[1] = inst;
        terms[2] = overload;
        terms[3] = idle;
        terms[4] = shaping;
        return band + inst + overload + idle + shaping;
    }
}
