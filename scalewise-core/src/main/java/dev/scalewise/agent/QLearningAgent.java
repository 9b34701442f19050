package dev.scalewise.agent;

import java.util.random.RandomGenerator;

/**
 * Q-learning (Watkins and Dayan, "Q-learning", Machine Learning 8, 1992), off-policy:
 * {@code Q(s,a) += alpha (r + gamma max_a' Q(s',a') - Q(s,a))}, without the bootstrap term when {@code s'} is
 * terminal.
 */
public final class QLearningAgent extends TabularAgent {
    public static final String NAME = "q-learning";

    public QLearningAgent(int states, ActionSet actions, double alpha, double gamma) {
        super(states, actions, alpha, gamma);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean onPolicy() {
        return false;
    }

    @Override
    public void update(int s, int a, double r, int s2, int a2, boolean terminal, RandomGenerator rng) {
        double target = terminal ? r : r + gamma * q.max(s2);
        q.add(s, a, alpha * (target - q.get(s, a)));
    }
}
