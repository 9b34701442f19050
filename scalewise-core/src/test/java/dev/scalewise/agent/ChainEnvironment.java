package dev.scalewise.agent;

import dev.scalewise.cluster.Clamp;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Environment;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;

/**
 * A corridor MDP with a known optimum: positions 0..6, start at 3, actions move by -1, 0, +1. Reaching 0 ends
 * the episode with +1, reaching 6 ends it with +10, every other step pays 0; truncated after 100 steps. With
 * gamma 0.9 the optimal action is +1 in every inner position, and Q*(s, +1) = 10 x 0.9^(5 - s).
 */
final class ChainEnvironment implements Environment {
    static final int LAST = 6;
    private int position;
    private int t;

    @Override
    public String id() {
        return "chain-v0";
    }

    @Override
    public Observation reset(long seed) {
        position = 3;
        t = 0;
        return obs();
    }

    private Observation obs() {
        return new Observation(t, 0, 0, position, 0, 0, 0, 0, 0, 1, 0);
    }

    @Override
    public StepResult step(int delta) {
        position = Math.max(0, Math.min(LAST, position + delta));
        t++;
        boolean terminated = position == 0 || position == LAST;
        double r = position == LAST ? 10 : position == 0 ? 1 : 0;
        StepInfo info = new StepInfo(t, 0, 1, delta, delta, Clamp.NONE, position, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                false, false, r, new double[0]);
        return new StepResult(obs(), r, terminated, !terminated && t >= 100, info);
    }

    @Override
    public EnvSpec spec() {
        return new EnvSpec(60, 1, 1, 0, LAST, 0, 0);
    }

    /** Position as the state. */
    static final StateEncoder ENCODER = new StateEncoder() {
        @Override
        public int encode(Observation o, EnvSpec spec) {
            return o.ready();
        }

        @Override
        public int size() {
            return LAST + 1;
        }

        @Override
        public EncoderDefinition definition() {
            return new EncoderDefinition("chain", java.util.Map.of());
        }

        @Override
        public String describe(int s) {
            return "position=" + s;
        }
    };
}
