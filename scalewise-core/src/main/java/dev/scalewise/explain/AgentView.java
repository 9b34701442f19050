package dev.scalewise.explain;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.Observation;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.policy.Policy;
import java.util.Locale;

/**
 * An agent as {@link Explainer} reads it: its action values at a decision, the action it chose, and the delta that
 * action asked for before an executor (the residual action set's scale-down stabilization, {@link ActionSet.Executor})
 * held it back. The one place that knows the kinds of agents: a tabular {@link GreedyPolicy}, a {@link QValuePolicy}
 * (the DQN), either behind a {@link ForecastingPolicy} (a run trained with a forecaster, as {@code compare} and the
 * demo load it), which is unwrapped: its inner agent is shown the observation with the wrapper's forecast.
 */
abstract class AgentView {

    /**
     * An agent's decision on one observation.
     *
     * @param label  the encoder's state (tabular) or the features by name (networks)
     * @param keys   each action's key in {@link DecisionRecord#qValues()}
     * @param q      each action's value
     * @param deltas each action's instance delta on its own (no stabilization window)
     * @param chosen the index of the action the agent takes (its greedy action, with its tie rule)
     * @param seen   the observation as the agent saw it (with its own forecast, behind a {@link ForecastingPolicy})
     */
    record Values(String label, String[] keys, double[] q, int[] deltas, int chosen, Observation seen) {
    }

    /** The view of {@code p}, or null when it has no action values (a baseline). */
    static AgentView of(Policy p) {
        if (p instanceof ForecastingPolicy f) {
            AgentView inner = of(f.inner());
            return inner == null ? null : new Forecasting(f, inner);
        }
        if (p instanceof GreedyPolicy g) {
            return new Greedy(g);
        }
        if (p instanceof QValuePolicy q) {
            return new Network(q);
        }
        return null;
    }

    /**
     * Acts on {@code o} exactly as the policy's {@code act} does and returns the requested delta; {@link #last()}
     * then holds the action chosen.
     */
    abstract int act(Observation o);

    /** The action the last {@link #act} chose. */
    abstract Explainer.Choice last();

    /** The decision on {@code o}, the policy's next observation (it is in its state just before it). */
    abstract Values values(Observation o);

    /** The scale-down stabilization window in steps (0: none). */
    abstract int window();

    /** The tabular agent's actions (null for networks). */
    abstract ActionSet actionSet();

    private static final class Greedy extends AgentView {
        private final GreedyPolicy g;
        private Explainer.Choice last;

        Greedy(GreedyPolicy g) {
            this.g = g;
        }

        @Override
        int act(Observation o) {
            int a = g.greedyAction(g.state(o));
            int d = g.deltaOf(a, o);
            last = new Explainer.Choice(a, key(a), d, o.instances() + d);
            return g.act(o);
        }

        @Override
        Explainer.Choice last() {
            return last;
        }

        @Override
        Values values(Observation o) {
            int s = g.state(o);
            ActionSet set = g.actions();
            String[] keys = new String[set.size()];
            int[] deltas = new int[set.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = key(i);
                deltas[i] = g.deltaOf(i, o);
            }
            return new Values(g.encoder().describe(s), keys, g.qValues(s), deltas, g.greedyAction(s), o);
        }

        private String key(int a) {
            return g.actions().isTarget(a) ? g.actions().label(a) : DecisionRecord.key(g.actions().delta(a));
        }

        @Override
        int window() {
            return g.stateless() ? 0 : g.actions().residual().stabilizationSteps();
        }

        @Override
        ActionSet actionSet() {
            return g.actions();
        }
    }

    /** A wrapped agent: it sees the observations with the wrapper's forecast ({@link ForecastingPolicy#act}). */
    private static final class Forecasting extends AgentView {
        private final ForecastingPolicy f;
        private final AgentView inner;

        Forecasting(ForecastingPolicy f, AgentView inner) {
            this.f = f;
            this.inner = inner;
        }

        @Override
        int act(Observation o) {
            return inner.act(f.withForecast(o));
        }

        @Override
        Explainer.Choice last() {
            return inner.last();
        }

        @Override
        Values values(Observation o) {
            return inner.values(f.withForecast(o));
        }

        @Override
        int window() {
            return inner.window();
        }

        @Override
        ActionSet actionSet() {
            return inner.actionSet();
        }
    }

    private static final class Network extends AgentView {
        private final QValuePolicy p;
        private Explainer.Choice last;

        Network(QValuePolicy p) {
            this.p = p;
        }

        @Override
        int act(Observation o) {
            int applied = p.act(o);
            int a = p.lastAction();
            int d = p.deltaOf(a, o);
            last = new Explainer.Choice(a, p.actionKey(a), d, o.instances() + d);
            return applied;
        }

        @Override
        Explainer.Choice last() {
            return last;
        }

        @Override
        Values values(Observation o) {
            double[] x = p.features(o);
            double[] q = p.qValues(x);
            StringBuilder features = new StringBuilder();
            java.util.List<String> names = p.featureNames();
            for (int i = 0; i < x.length; i++) {
                features.append(i == 0 ? "" : " ").append(i < names.size() ? names.get(i) : "x" + i).append('=')
                        .append(String.format(Locale.ROOT, "%.3g", x[i]));
            }
            String[] keys = new String[q.length];
            int[] deltas = new int[q.length];
            for (int i = 0; i < q.length; i++) {
                keys[i] = p.actionKey(i);
                deltas[i] = p.deltaOf(i, o);
            }
            return new Values(features.toString(), keys, q, deltas, p.greedyAction(x), o);
        }

        @Override
        int window() {
            return p.stabilizationSteps();
        }

        @Override
        ActionSet actionSet() {
            return null;
        }
    }
}
