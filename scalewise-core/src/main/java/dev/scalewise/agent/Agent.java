package dev.scalewise.agent;

import dev.scalewise.policy.Policy;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A tabular agent that learns from transitions. States are the indices of a {@link StateEncoder}; actions are
 * indices into {@link #actions()} (instance deltas). Deciding is separate from learning: {@link #greedy} freezes
 * what was learned into a {@link Policy}.
 */
public interface Agent {

    /** Registry name: {@code q-learning}, {@code sarsa} or {@code double-q}. */
    String name();

    /** The action set: action index to instance delta. */
    ActionSet actions();

    /** Exploration rate used by {@link #act}. */
    double epsilon();

    void setEpsilon(double epsilon);

    /** Epsilon-greedy action in state {@code s}: random with probability epsilon, else greedy with random ties. */
    int act(int s, RandomGenerator rng);

    /**
     * Whether {@link #update} needs the next action {@code a2} chosen before it runs (on-policy: SARSA). Off-policy
     * agents choose the next action after updating.
     */
    boolean onPolicy();

    /**
     * Learns from one transition.
     *
     * @param s        state before
     * @param a        action taken
     * @param r        reward
     * @param s2       state after
     * @param a2       next action (used by on-policy agents; ignored otherwise; may be -1 when terminal)
     * @param terminal {@code s2} is a true terminal state: no bootstrap. A truncated episode is not terminal.
     * @param rng      randomness the rule may need (Double Q's coin), from the exploration stream
     */
    void update(int s, int a, double r, int s2, int a2, boolean terminal, RandomGenerator rng);

    /** Action values of state {@code s} as used for acting (Double Q: the sum of both tables). */
    double[] qValues(int s);

    /** The tables the agent learns (one, or two for Double Q), live. */
    List<QTable> tables();

    /** The frozen greedy policy over the current values (a snapshot: later learning does not change it). */
    default GreedyPolicy greedy(StateEncoder encoder) {
        QTable merged = new QTable(tables().get(0).states(), actions().size());
        for (int s = 0; s < merged.states(); s++) {
            double[] row = qValues(s);
            for (int a = 0; a < row.length; a++) {
                merged.set(s, a, row[a]);
            }
        }
        return new GreedyPolicy(name(), merged, actions(), encoder);
    }
}
