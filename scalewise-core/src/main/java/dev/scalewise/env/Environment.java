package dev.scalewise.env;

/**
 * A reinforcement-learning environment in the Gymnasium shape. Actions are integer changes of the number of
 * instances (negative removes).
 */
public interface Environment {

    /** Versioned id, bumped whenever dynamics or reward change (e.g. {@code autoscale-v1}). */
    String id();

    /** Starts an episode; all randomness of the episode derives from {@code seed}. */
    Observation reset(long seed);

    /** Applies {@code delta} (instances to add; negative removes) and simulates one control step. */
    StepResult step(int delta);

    /** The setting policies need to know (step length, bounds, service rate, SLO). */
    EnvSpec spec();
}
