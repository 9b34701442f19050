package dev.scalewise.reward;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Registry of reward presets by name: {@code cost-sla} (the default: outcomes only, in dollars),
 * {@code seed-a} and {@code seed-b} (the seed projects' rewards), {@code scale-free} (cost-sla's prices in units of
 * the needed capacity, for training across scales). Each is built from named weights; a weight left
 * out takes the preset's value.
 */
public final class Rewards {
    private static final Map<String, Function<Map<String, Double>, RewardFunction>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("cost-sla", CostSlaReward::fromWeights);
        FACTORIES.put(SeedAReward.NAME, SeedAReward::fromWeights);
        FACTORIES.put(SeedBReward.NAME, SeedBReward::fromWeights);
        FACTORIES.put(ScaleFreeReward.NAME, ScaleFreeReward::fromWeights);
    }

    private Rewards() {
    }

    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The preset {@code name} with its default weights. */
    public static RewardFunction create(String name) {
        return create(name, Map.of());
    }

    /** The preset {@code name} with some weights overridden. */
    public static RewardFunction create(String name, Map<String, Double> weights) {
        Function<Map<String, Double>, RewardFunction> f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown reward '" + name + "'; known: " + String.join(", ", names()));
        }
        return f.apply(weights == null ? Map.of() : weights);
    }

    /** Defaults overridden by {@code given}; refuses names the preset does not have. */
    static Map<String, Double> merge(String preset, Map<String, Double> defaults, Map<String, Double> given) {
        Map<String, Double> m = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Double> e : given.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("reward '" + preset + "' has no weight '" + e.getKey() + "'; known: "
                        + new TreeSet<>(defaults.keySet()));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("reward." + preset + "." + e.getKey() + " must be a number");
            }
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
