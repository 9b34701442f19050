package dev.scalewise.reward;

import java.util.List;
import java.util.Map;

/** Scores one step. The total is the sum of named terms, each reported in the step's info. */
public interface RewardFunction {

    /** Preset or descriptive name. */
    String name();

    /** Names of the terms, in the order {@link #evaluate} fills them. */
    List<String> termNames();

    /**
     * Scores a step.
     *
     * @param in    the step
     * @param terms output, one value per {@link #termNames()} entry
     * @return the sum of the terms
     */
    double evaluate(RewardInput in, double[] terms);

    /** The named weights (units in the preset's Javadoc), in a stable order; empty when it has none. */
    default Map<String, Double> weights() {
        return Map.of();
    }
}
