package dev.scalewise.experiment;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.Agent;
import dev.scalewise.agent.ExplorationSchedule;
import dev.scalewise.agent.StateEncoder;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Environment;
import dev.scalewise.env.FastStepping;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepBuffer;
import dev.scalewise.env.StepResult;
import java.util.Objects;

/**
 * The in-memory training loop: one episode at a time, no files. Episode {@code e} sets epsilon from the
 * schedule and resets the environment with {@code Seeds.derive(masterSeed, "episode", e)}, so that every episode
 * draws fresh workload and arrival noise from its own stream, and the same master seed replays the same
 * episodes. Exploration and tie-breaking draw from one generator, the master seed's "exploration" stream, whose
 * state is all a checkpoint needs besides the tables.
 *
 * <p>Bootstrapping: a truncated last step (end of trace, time limit) still bootstraps from {@code Q(s')}; only a
 * terminated step does not. Off-policy agents update, then choose the next action; on-policy agents (SARSA)
 * choose the next action first and learn from it.
 *
 * <p>An environment that can step into a buffer ({@link FastStepping}) is stepped that way, into one buffer per
 * loop: the same dynamics without an info, a result and a reward-terms copy per step, which took a third of a
 * training's time with the launcher's C1-only JIT (no escape analysis; docs/performance.md).
 */
public final class TrainingLoop {

    /** Observes training; every method is optional. */
    public interface Listener {
        /** Before the first step of episode {@code e}. */
        default void onEpisodeStart(int episode, double epsilon) {
        }

        /** After each step: the state the action was chosen in, the action's index and the step's result. */
        default void onStep(int episode, int state, int action, StepResult result) {
        }

        /**
         * {@link #onStep(int, int, int, StepResult)} for an environment stepped into a buffer ({@link FastStepping}),
         * which is reused for the next step: read it now, and do not write it (the next action is taken on it). By
         * default it makes the records and calls that method.
         */
        default void onStep(int episode, int state, int action, StepBuffer step) {
            onStep(episode, state, action, step.result());
        }

        /** After the last step. */
        default void onEpisodeEnd(int episode, double episodeReturn, int steps, double epsilon) {
        }
    }

    private final Environment env;
    private final StateEncoder encoder;
    private final Agent agent;
    private final ExplorationSchedule schedule;
    private final long masterSeed;
    private final SplitMix64 rng;
    private final ActionSet actions;
    private final FastStepping fast;
    private final StepBuffer buffer;
    private final ActionSet.Executor executor;

    /**
     * @param rng the exploration generator (normally {@code Seeds.stream(masterSeed, "exploration")}; a resumed run
     *            passes one restored from its checkpoint)
     */
    public TrainingLoop(Environment env, StateEncoder encoder, Agent agent, ExplorationSchedule schedule,
                        long masterSeed, SplitMix64 rng) {
        this.env = Objects.requireNonNull(env, "env");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.masterSeed = masterSeed;
        this.rng = Objects.requireNonNull(rng, "rng");
        this.actions = agent.actions();
        this.fast = env instanceof FastStepping f ? f : null;
        this.buffer = fast == null ? null : fast.newBuffer();
        this.executor = actions.executor();
        if (agent.tables().get(0).states() != encoder.size()) {
            throw new IllegalArgumentException("agent has " + agent.tables().get(0).states() + " states but the encoder "
                    + encoder.size());
        }
    }

    /** A loop starting from the master seed's own exploration stream. */
    public TrainingLoop(Environment env, StateEncoder encoder, Agent agent, ExplorationSchedule schedule, long masterSeed) {
        this(env, encoder, agent, schedule, masterSeed, Seeds.stream(masterSeed, "exploration"));
    }

    /** The exploration generator (its state goes into checkpoints). */
    public SplitMix64 rng() {
        return rng;
    }

    /**
     * Trains on episode {@code e}.
     *
     * @param listener may be null
     * @return the number of steps taken; the return is reported to the listener
     */
    public int runEpisode(int e, Listener listener) {
        double epsilon = schedule.epsilon(e);
        agent.setEpsilon(epsilon);
        if (listener != null) {
            listener.onEpisodeStart(e, epsilon);
        }
        Observation o = env.reset(Seeds.derive(masterSeed, "episode", e));
        EnvSpec spec = env.spec();
        int s = encoder.encode(o, spec);
        int a = agent.act(s, rng);
        // the observation the next action is taken on; null when it is the one after the step in the buffer (the
        // fast path makes no Observation record: the encoder and executor read the buffer, same values, same bits)
        Observation current = o;
        executor.reset();
        double ret = 0;
        int steps = 0;
        while (true) {
            int delta = current != null ? executor.delta(a, current, spec) : executor.deltaAfter(a, buffer, spec);
            Observation next;
            double reward;
            boolean terminated;
            boolean truncated;
            int s2;
            if (fast != null) {
                // FastStepping.step is stepInto + StepBuffer.result(), whose result never terminates
                fast.stepInto(delta, buffer);
                next = null;
                reward = buffer.reward;
                terminated = false;
                truncated = buffer.truncated;
                s2 = encoder.encodeNext(buffer, spec);
                if (listener != null) {
                    listener.onStep(e, s, a, buffer);
                }
            } else {
                StepResult r = env.step(delta);
                next = r.observation();
                reward = r.reward();
                terminated = r.terminated();
                truncated = r.truncated();
                s2 = encoder.encode(next, spec);
                if (listener != null) {
                    listener.onStep(e, s, a, r);
                }
            }
            steps++;
            ret += reward;
            if (terminated) {
                agent.update(s, a, reward, s2, -1, true, rng);
                break;
            }
            int a2;
            if (agent.onPolicy()) {
                a2 = agent.act(s2, rng);
                agent.update(s, a, reward, s2, a2, false, rng);
            } else {
                agent.update(s, a, reward, s2, -1, false, rng);
                a2 = truncated ? -1 : agent.act(s2, rng);
            }
            if (truncated) {
                break;
            }
            s = s2;
            a = a2;
            current = next;
        }
        if (listener != null) {
            listener.onEpisodeEnd(e, ret, steps, epsilon);
        }
        return steps;
    }

    /** Trains episodes {@code [from, to)}; returns the steps taken. */
    public long run(int from, int to, Listener listener) {
        long steps = 0;
        for (int e = from; e < to; e++) {
            steps += runEpisode(e, listener);
        }
        return steps;
    }
}
