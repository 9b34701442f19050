package dev.scalewise.agent;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A dense table of action values: {@code states x actions} doubles in one row-major array, all zero at start.
 * Mutable; owned by one agent.
 */
public final class QTable {
    private final int states;
    private final int actions;
    private final double[] values;

    /**
     * @param states  number of states, &gt; 0
     * @param actions number of actions, &gt; 0
     */
    public QTable(int states, int actions) {
        if (states <= 0 || actions <= 0) {
            throw new IllegalArgumentException("qtable: states and actions must be > 0, got " + states + " x " + actions);
        }
        if ((long) states * actions > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("qtable: " + states + " x " + actions + " values do not fit one array");
        }
        this.states = states;
        this.actions = actions;
        this.values = new double[states * actions];
    }

    /** A table holding a copy of {@code values} (row-major, {@code states x actions}). */
    public static QTable of(int states, int actions, double[] values) {
        QTable q = new QTable(states, actions);
        if (values.length != q.values.length) {
            throw new IllegalArgumentException("qtable: expected " + q.values.length + " values for " + states + " x "
                    + actions + ", got " + values.length);
        }
        System.arraycopy(values, 0, q.values, 0, values.length);
        return q;
    }

    public int states() {
        return states;
    }

    public int actions() {
        return actions;
    }

    public double get(int s, int a) {
        return values[s * actions + a];
    }

    public void set(int s, int a, double v) {
        values[s * actions + a] = v;
    }

    /** Adds {@code delta} to Q(s, a). */
    public void add(int s, int a, double delta) {
        values[s * actions + a] += delta;
    }

    /** max over a of Q(s, a). */
    public double max(int s) {
        int base = s * actions;
        double best = values[base];
        for (int a = 1; a < actions; a++) {
            best = Math.max(best, values[base + a]);
        }
        return best;
    }

    /** An action of highest value in state {@code s}; ties broken uniformly at random with {@code rng}. */
    public int argmax(int s, RandomGenerator rng) {
        int base = s * actions;
        int best = 0;
        double bestValue = values[base];
        int ties = 1;
        for (int a = 1; a < actions; a++) {
            double v = values[base + a];
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

    /** The values of state {@code s} (a copy). */
    public double[] row(int s) {
        return Arrays.copyOfRange(values, s * actions, (s + 1) * actions);
    }

    /** All values, row-major (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Overwrites every value with {@code other}'s (same shape). */
    public void copyFrom(QTable other) {
        if (other.states != states || other.actions != actions) {
            throw new IllegalArgumentException("qtable: cannot copy " + other.states + " x " + other.actions + " into "
                    + states + " x " + actions);
        }
        System.arraycopy(other.values, 0, values, 0, values.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QTable q && q.states == states && q.actions == actions && Arrays.equals(q.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * states + actions) + Arrays.hashCode(values);
    }
}
