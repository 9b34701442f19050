package dev.scalewise.agent;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Double Q-learning (H. van Hasselt, "Double Q-learning", NeurIPS 2010): two tables; each update flips a fair
 * coin, and the chosen table is moved towards the value the other table gives to its own greedy action,
 * removing Q-learning's maximisation bias:
 * {@code QA(s,a) += alpha (r + gamma QB(s', argmax_a' QA(s',a')) - QA(s,a))} (and symmetrically).
 * Actions are epsilon-greedy on {@code QA + QB}.
 */
public final class DoubleQAgent implements Agent {
    public static final String NAME = "double-q";

    private final QTable qa;
    private final QTable qb;
    private final ActionSet actions;
    private final double alpha;
    private final double gamma;
    private final double[] sum;
    private double epsilon = 1.0;

    public DoubleQAgent(int states, ActionSet actions, double alpha, double gamma) {
        TabularAgent.checkHyperParameters(alpha, gamma);
        this.qa = new QTable(states, actions.size());
        this.qb = new QTable(states, actions.size());
        this.actions = actions;
        this.alpha = alpha;
        this.gamma = gamma;
        this.sum = new double[actions.size()];
    }

    @Override
    public String name() {
        return NAME;
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
    public boolean onPolicy() {
        return false;
    }

    @Override
    public int act(int s, RandomGenerator rng) {
        if (epsilon > 0 && rng.nextDouble() < epsilon) {
            return rng.nextInt(actions.size());
        }
        int best = 0;
        double bestValue = qa.get(s, 0) + qb.get(s, 0);
        int ties = 1;
        for (int a = 1; a < sum.length; a++) {
            double v = qa.get(s, a) + qb.get(s, a);
            if (v > bestValue) {
                bestValue = v;
                best = a;
                ties = 1;
            } else if (v == bestValue && rng.nextInt(++ties) == 0) {
                best = a;
            }
        }
        return best;
    }

    @Override
    public void update(int s, int a, double r, int s2, int a2, boolean terminal, RandomGenerator rng) {
        boolean updateA = rng.nextBoolean();
        QTable learn = updateA ? qa : qb;
        QTable judge = updateA ? qb : qa;
        double target = r;
        if (!terminal) {
            target += gamma * judge.get(s2, learn.argmax(s2, rng));
        }
        learn.add(s, a, alpha * (target - learn.get(s, a)));
    }

    @Override
    public double[] qValues(int s) {
        double[] v = qa.row(s);
        for (int a = 0; a < v.length; a++) {
            v[a] += qb.get(s, a);
        }
        return v;
    }

    @Override
    public List<QTable> tables() {
        return List.of(qa, qb);
    }
}
