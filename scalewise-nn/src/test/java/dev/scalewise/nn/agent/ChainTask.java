package dev.scalewise.nn.agent;

/**
 * The corridor MDP of core's agent tests, seen through features: positions 0..6 (one-hot), start at 3, actions
 * move by -1, 0, +1 (indices 0, 1, 2). Reaching 0 ends the episode with +1, reaching 6 with +10, other steps pay 0;
 * truncated after 100 steps. With gamma 0.9 the optimal action is +1 in every inner position and
 * {@code Q*(s, +1) = 10 x 0.9^(5 - s)}.
 */
final class ChainTask implements FeatureEnvironment {
    static final int LAST = 6;
    private int position;
    private int t;

    static double[] features(int position) {
        double[] x = new double[LAST + 1];
        x[position] = 1;
        return x;
    }

    @Override
    public int dimension() {
        return LAST + 1;
    }

    @Override
    public int actions() {
        return 3;
    }

    @Override
    public double[] reset(long seed) {
        position = 3;
        t = 0;
        return features(position);
    }

    @Override
    public Step step(int action) {
        position = Math.max(0, Math.min(LAST, position + action - 1));
        t++;
        boolean terminated = position == 0 || position == LAST;
        double r = position == LAST ? 10 : position == 0 ? 1 : 0;
        return new Step(features(position), r, terminated, !terminated && t >= 100);
    }
}
