package dev.scalewise.agent;

import java.util.random.RandomGenerator;

/**
 * SARSA (Rummery and Niranjan 1994; Sutton and Barto, "Reinforcement Learning", 2nd ed., section 6.4),
 * on-policy: {@code Q(s,a) += alpha (r + gamma Q(s',a') - Q(s,a))} where {@code a'} is the action the
 * epsilon-greedy policy actually takes next; no bootstrap when {@code s'} is terminal.
 */
public final class SarsaAgent extends TabularAgent {
    public static final String NAME = "sarsa";

    public SarsaAgent(int states, ActionSet actions, double alpha, double gamma) {
        super(states, actions, alpha, gamma);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean onPolicy() {
        return true;
    }

    @Override
    public void update(int s, int a, double r, int s2, int a2, boolean terminal, RandomGenerator rng) {
        double target = terminal ? r : r + gamma * q.get(s2, a2);
        q.add(s, a, alpha * (target - q.get(s, a)));
    }
}
