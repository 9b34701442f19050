package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.policy.Policy;
import java.util.Objects;

/**
 * A frozen agent: encodes the observation and takes the action of highest value. Deterministic, so that
 * evaluations reproduce: ties (including never-visited states, all zero) go, in residual mode
 * ({@link ActionSet.Residual}), to the action reproducing {@code mpc}, else to the hold action, then to the
 * smallest |delta|, then to headroom targets, then to the lower index. Used for evaluation, comparison, serving and explanations.
 */
public final class GreedyPolicy implements Policy {
    private final String agentName;
    private final QTable q;
    private final ActionSet actions;
    private final StateEncoder encoder;
    private final ActionSet.Executor executor;
    // the last window's (action, observation) pairs handed to the executor, oldest at seen % window: enough to
    // rebuild the executor's state in a fork (it remembers each step's target for the window, ActionSet.Executor)
    private final int[] recentActions;
    private final Observation[] recentObservations;
    private long seen;
    private EnvSpec spec;

    /**
     * @param agentName the agent that learned the values (for reports: the policy is named {@code rl-<agent>})
     * @param q         one value per state and action (copied)
     * @param actions   action index to instance delta
     * @param encoder   observation to state
     */
    public GreedyPolicy(String agentName, QTable q, ActionSet actions, StateEncoder encoder) {
        this.agentName = Objects.requireNonNull(agentName, "agentName");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (q.actions() != actions.size() || q.states() != encoder.size()) {
            throw new IllegalArgumentException("greedy policy: table is " + q.states() + " x " + q.actions()
                    + " but the encoder has " + encoder.size() + " states and there are " + actions.size() + " actions");
        }
        this.q = QTable.of(q.states(), q.actions(), q.values());
        this.executor = actions.executor();
        int window = actions.residual() == null ? 0 : actions.residual().stabilizationSteps();
        this.recentActions = new int[window];
        this.recentObservations = new Observation[window];
    }

    /** A fork's start: shares the (never written) table, encoder and actions; a fresh executor. */
    private GreedyPolicy(GreedyPolicy from) {
        this.agentName = from.agentName;
        this.q = from.q;
        this.actions = from.actions;
        this.encoder = from.encoder;
        this.executor = actions.executor();
        this.recentActions = from.recentActions.clone();
        this.recentObservations = from.recentObservations.clone();
        this.seen = from.seen;
        this.spec = from.spec;
    }

    @Override
    public String name() {
        return "rl-" + agentName;
    }

    @Override
    public void reset(EnvSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        executor.reset();
        seen = 0;
        java.util.Arrays.fill(recentObservations, null);
    }

    /** The greedy action's delta, after the residual mode's scale-down stabilization ({@link ActionSet.Executor}). */
    @Override
    public int act(Observation o) {
        int a = greedyAction(state(o));
        if (recentActions.length > 0) {
            int i = (int) (seen % recentActions.length);
            recentActions[i] = a;
            recentObservations[i] = o;
        }
        seen++;
        return executor.delta(a, o, spec);
    }

    /**
     * A copy in this state: the encoder is stateless, and the executor remembers each step's target for its window
     * only ({@link ActionSet.Executor}), so a fresh executor shown the last window's actions and observations again
     * holds the same targets and decides alike from then on ({@code GreedyPolicyForkTest}).
     */
    @Override
    public GreedyPolicy fork() {
        GreedyPolicy g = new GreedyPolicy(this);
        g.executor.reset();
        int w = recentActions.length;
        if (spec != null && w > 0) {
            long n = Math.min(seen, w);
            for (long k = seen - n; k < seen; k++) {
                int i = (int) (k % w);
                g.executor.delta(recentActions[i], recentObservations[i], spec);
            }
        }
        return g;
    }

    /** The encoder's state for {@code o} (after {@link #reset}). */
    public int state(Observation o) {
        if (spec == null) {
            throw new IllegalStateException("call reset(spec) before act()");
        }
        return encoder.encode(o, spec);
    }

    /** Action values for the state of {@code o}, indexed like {@link #actions()}. */
    public double[] qValues(Observation o) {
        return q.row(state(o));
    }

    /** Action values of state {@code s}. */
    public double[] qValues(int s) {
        return q.row(s);
    }

    /** The greedy action index in state {@code s}, with the deterministic tie rule. */
    public int greedyAction(int s) {
        int best = actions.mpcIndex() >= 0 ? actions.mpcIndex() : actions.holdIndex();
        double bestValue = q.get(s, best);
        for (int a = 0; a < actions.size(); a++) {
            double v = q.get(s, a);
            if (v > bestValue || (v == bestValue && tieRank(a) < tieRank(best))) {
                best = a;
                bestValue = v;
            }
        }
        return best;
    }

    /**
     * Ties prefer, in residual mode, the action reproducing {@code mpc} (the fallback where nothing was learned);
     * then small moves, then headroom targets (in index order, as the scan goes).
     */
    private int tieRank(int a) {
        if (a == actions.mpcIndex()) {
            return -1;
        }
        return actions.isTarget(a) ? Integer.MAX_VALUE : Math.abs(actions.delta(a));
    }

    /** The instance delta the policy requests after {@code o} (after {@link #reset}). */
    public int deltaOf(int action, Observation o) {
        if (spec == null) {
            throw new IllegalStateException("call reset(spec) before act()");
        }
        return actions.delta(action, o, spec);
    }

    /** Whether each decision depends on its observation only (no scale-down stabilization window). */
    public boolean stateless() {
        return actions.residual() == null || actions.residual().stabilizationSteps() == 0;
    }

    public String agentName() {
        return agentName;
    }

    public ActionSet actions() {
        return actions;
    }

    public StateEncoder encoder() {
        return encoder;
    }

    /** A copy of the values. */
    public QTable table() {
        return QTable.of(q.states(), q.actions(), q.values());
    }
}
