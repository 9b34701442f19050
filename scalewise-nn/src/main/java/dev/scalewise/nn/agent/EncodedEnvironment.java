package dev.scalewise.nn.agent;

import java.util.Objects;
import java.util.function.Consumer;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Environment;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;

/**
 * A core {@link Environment} seen as a {@link FeatureEnvironment}: observations go through a feature encoder, action
 * indices through an action mapping's {@link ActionMapping#executor() executor}; rewards, termination and
 * truncation pass through unchanged. The encoder is given as functions so that any encoder with the shape
 * {@code int dimension(); void reset(EnvSpec); void encode(Observation, EnvSpec, double[] out)} plugs in with
 * method references: {@code new EncodedEnvironment(env, enc.dimension(), enc::reset, enc::encode, ActionMapping.of(actions))}.
 */
public final class EncodedEnvironment implements FeatureEnvironment {

    /** Writes the features of an observation into {@code out} (length {@link #dimension()}). */
    @FunctionalInterface
    public interface Encoder {
        void encode(Observation observation, EnvSpec spec, double[] out);
    }

    /** Maps an action index to the instance delta applied, given the last observation. */
    public interface ActionMapping {
        /** Number of action indices. */
        int size();

        /** The instance delta action {@code action} requests after {@code last}, on its own (no history). */
        int delta(int action, Observation last, EnvSpec spec);

        /**
         * A fresh executor (one per episode loop): turns the chosen actions into the deltas actually applied, step by
         * step. By default the action's own {@link #delta}; an {@link ActionSet} in residual mode applies its
         * scale-down stabilization ({@link ActionSet.Executor}), in training and in the frozen policy alike.
         */
        default Executor executor() {
            return new Executor() {
                @Override
                public void reset() {
                }

                @Override
                public int delta(int action, Observation last, EnvSpec spec) {
                    return ActionMapping.this.delta(action, last, spec);
                }
            };
        }

        /** Applies actions in step order; {@link #reset} at every episode start. */
        interface Executor {
            /** Forgets the episode's history. */
            void reset();

            /** The delta applied when {@code action} is chosen after {@code last} (call once per step). */
            int delta(int action, Observation last, EnvSpec spec);
        }

        /** The action's key in explanations (default: {@code a<index>}). */
        default String label(int action) {
            return "a" + action;
        }

        /** The scale-down stabilization window of {@link #executor()}, in steps (0, the default: none). */
        default int stabilizationSteps() {
            return 0;
        }

        /**
         * The actions of an {@link ActionSet}: a move adds its fixed delta, a headroom target the delta that
         * {@link ActionSet#delta(int, Observation, EnvSpec)} computes from the last observation; its
         * {@link #executor()} is the set's ({@link ActionSet#executor()}: in residual mode, with the scale-down
         * stabilization window).
         */
        static ActionMapping of(ActionSet actions) {
            Objects.requireNonNull(actions, "actions");
            return new ActionMapping() {
                @Override
                public int size() {
                    return actions.size();
                }

                @Override
                public int delta(int action, Observation last, EnvSpec spec) {
                    return actions.delta(action, last, spec);
                }

                @Override
                public String label(int action) {
                    return actions.isTarget(action) ? actions.label(action) : Integer.toString(actions.delta(action));
                }

                @Override
                public int stabilizationSteps() {
                    return actions.residual() == null ? 0 : actions.residual().stabilizationSteps();
                }

                @Override
                public Executor executor() {
                    ActionSet.Executor x = actions.executor();
                    return new Executor() {
                        @Override
                        public void reset() {
                            x.reset();
                        }

                        @Override
                        public int delta(int action, Observation last, EnvSpec spec) {
                            return x.delta(action, last, spec);
                        }
                    };
                }
            };
        }
    }

    private final Environment env;
    private final int dimension;
    private final Consumer<EnvSpec> onReset;
    private final Encoder encoder;
    private final ActionMapping actions;
    private final ActionMapping.Executor executor;
    private EnvSpec spec;
    private Observation last;

    /**
     * @param dimension features per observation
     * @param onReset   called with the environment's spec at every reset (encoders that keep history clear it)
     */
    public EncodedEnvironment(Environment env, int dimension, Consumer<EnvSpec> onReset, Encoder encoder,
                              ActionMapping actions) {
        this.env = Objects.requireNonNull(env, "env");
        if (dimension < 1) {
            throw new IllegalArgumentException("encoder dimension must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.onReset = Objects.requireNonNull(onReset, "onReset");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.executor = actions.executor();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int actions() {
        return actions.size();
    }

    /** The last observation (after {@link #reset} or {@link #step}). */
    public Observation lastObservation() {
        return last;
    }

    @Override
    public double[] reset(long seed) {
        last = env.reset(seed);
        spec = env.spec();
        onReset.accept(spec);
        executor.reset();
        return encode(last);
    }

    @Override
    public Step step(int action) {
        if (last == null) {
            throw new IllegalStateException("reset the environment before stepping");
        }
        if (action < 0 || action >= actions.size()) {
            throw new IllegalArgumentException("action " + action + " is outside 0.." + (actions.size() - 1));
        }
        StepResult r = env.step(executor.delta(action, last, spec));
        last = r.observation();
        return new Step(encode(last), r.reward(), r.terminated(), r.truncated());
    }

    private double[] encode(Observation o) {
        double[] x = new double[dimension];
        encoder.encode(o, spec, x);
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalStateException("feature " + i + " of step " + o.step() + " is " + x[i]);
            }
        }
        return x;
    }
}
