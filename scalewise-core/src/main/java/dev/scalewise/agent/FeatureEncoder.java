package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * Maps each observation of an episode to a fixed-length vector of real features, for learners on continuous
 * inputs (a DQN) and for binning by tabular encoders. Stateful within an episode (trends, volatility, time since the
 * last action need the past): call {@link #reset} at the start of every episode, then {@link #encode} once per
 * observation, in order.
 */
public interface FeatureEncoder {

    /** Number of features. */
    int dimension();

    /** The features' names, in vector order ({@code dimension()} of them). */
    String[] names();

    /** Starts an episode in an environment with this spec (forgets the previous episode). */
    void reset(EnvSpec spec);

    /**
     * Writes the features of {@code o}, the next observation of the episode, into {@code out[0 .. dimension())}.
     * Every value is finite.
     */
    void encode(Observation o, EnvSpec spec, double[] out);
}
