package dev.scalewise.agent;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the single-table agents share: the table, the action set, alpha, gamma and epsilon-greedy acting with
 * random tie-breaking. Subclasses hold only their update rule.
 */
public abstract class TabularAgent implements Agent {
    protected final QTable q;
    protected final ActionSet actions;
    protected final double alpha;
    protected final double gamma;
    private double epsilon = 1.0;

    /**
     * @param states  number of encoder states
     * @param actions the action set
     * @param alpha   learning rate in (0, 1]
     * @param gamma   discount factor in [0, 1]
     */
    protected TabularAgent(int states, ActionSet actions, double alpha, double gamma) {
        checkHyperParameters(alpha, gamma);
        this.q = new QTable(states, actions.size());
        this.actions = actions;
        this.alpha = alpha;
        this.gamma = gamma;
    }

    static void checkHyperParameters(double alpha, double gamma) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("agent.alpha must be in (0, 1], got " + alpha);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("agent.gamma must be in [0, 1], got " + gamma);
        }
    }

    @Override
    public ActionSet actions() {
        return actions;
    }

    @Override
    public double epsilon() {
        return epsilon;
    }

    @Override
    public void setEpsilon(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public int act(int s, RandomGenerator rng) {
        if (epsilon > 0 && rng.nextDouble() < epsilon) {
            return rng.nextInt(actions.size());
        }
        return q.argmax(s, rng);
    }

    @Override
    public double[] qValues(int s) {
        return q.row(s);
    }

    @Override
    public List<QTable> tables() {
        return List.of(q);
    }

    public double alpha() {
        return alpha;
    }

    public double gamma() {
        return gamma;
    }
}
