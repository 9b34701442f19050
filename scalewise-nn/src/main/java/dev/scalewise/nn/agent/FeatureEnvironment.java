package dev.scalewise.nn.agent;

/**
 * An episodic environment seen through feature vectors and action indices, the shape {@link DqnAgent} learns from
 * (Gymnasium's {@code Box} observation and {@code Discrete} action space). {@link EncodedEnvironment} adapts a
 * core {@link dev.scalewise.env.Environment}.
 */
public interface FeatureEnvironment {

    /** Length of every feature vector. */
    int dimension();

    /** Number of actions: valid action indices are {@code 0 .. actions() - 1}. */
    int actions();

    /** Starts an episode; all its randomness derives from {@code seed}. Returns the first features. */
    double[] reset(long seed);

    /** Applies action {@code action} for one step. */
    Step step(int action);

    /**
     * One step's outcome.
     *
     * @param features   the features after the step
     * @param reward     the step's reward
     * @param terminated a true terminal state: no bootstrap from {@code features}
     * @param truncated  the episode stops here for another reason (time limit, end of trace): it bootstraps
     */
    record Step(double[] features, double reward, boolean terminated, boolean truncated) {
    }
}
