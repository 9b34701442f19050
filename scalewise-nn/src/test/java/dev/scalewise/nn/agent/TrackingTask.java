package dev.scalewise.nn.agent;

/**
 * A toy scaling task with a known optimum: capacity {@code c} in 1..8 must track a demand level {@code r} that
 * steps up and down on a fixed schedule (2, 6, 3, 5, 1, each held for 4 steps). Features: {@code (c, r)}. Actions
 * (indices 0, 1, 2) change the capacity by -1, 0, +1 (clamped); the step pays {@code -|c' - r|} for the new capacity
 * against the level in force, then the level moves on. Episodes start at capacity {@code 1 + seed mod 8} and a
 * schedule phase {@code seed mod 20}, and are truncated after 40 steps.
 *
 * <p>With gamma 0.3 the optimal action is {@code sign(r - c)} in every state (at capacity 1, "-1" clamps to the
 * same move as "hold"): moving toward the level gains at least
 * 1 now over any other action, while the effect on every later step is bounded by
 * {@code sum_k 0.3^k = 0.43 < 1}.
 */
final class TrackingTask implements FeatureEnvironment {
    static final int[] LEVELS = {2, 6, 3, 5, 1};
    static final int HOLD = 4;
    static final int MAX = 8;
    private int capacity;
    private int phase;
    private int t;

    static int level(int phase) {
        return LEVELS[(phase / HOLD) % LEVELS.length];
    }

    static double[] features(int capacity, int level) {
        return new double[] {capacity, level};
    }

    /** The optimal action index in state (c, r). */
    static int optimal(int capacity, int level) {
        return Integer.signum(level - capacity) + 1;
    }

    /** The capacity after action {@code action} from {@code capacity} (actions that clamp to the same are equal). */
    static int next(int capacity, int action) {
        return Math.max(1, Math.min(MAX, capacity + action - 1));
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public int actions() {
        return 3;
    }

    @Override
    public double[] reset(long seed) {
        capacity = 1 + (int) Math.floorMod(seed, (long) MAX);
        phase = (int) Math.floorMod(seed >>> 8, (long) (LEVELS.length * HOLD));
        t = 0;
        return features(capacity, level(phase));
    }

    @Override
    public Step step(int action) {
        capacity = next(capacity, action);
        double r = -Math.abs(capacity - level(phase));
        phase++;
        t++;
        return new Step(features(capacity, level(phase)), r, false, t >= 40);
    }
}
