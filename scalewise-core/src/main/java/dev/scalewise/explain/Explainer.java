package dev.scalewise.explain;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.env.StepResult;
import dev.scalewise.metrics.KpiAccumulator;
import dev.scalewise.policy.ExplainablePolicy;
import dev.scalewise.policy.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a policy through one episode, recording an exact environment snapshot before every decision, and answers
 * "what if" from those snapshots.
 *
 * <h2>Counterfactual rollouts</h2>
 * For a decision at step t and an alternative action a: the environment is restored to its snapshot before step t
 * (cluster, queue backlog, billing clock, the arrival stream's generator state), a is applied for step t, then the
 * same policy decides for the rest of the horizon. Policies are stateful (HPA stabilization windows, cooldowns,
 * alarm counters), so the policy's state at t is rebuilt by <em>replay</em>: a fresh policy from the supplier is
 * reset and shown the recorded observations of steps 0..t-1 (its answers are checked against the recorded actions:
 * a mismatch means the policy is not deterministic and is an error). At step t the policy is shown the observation
 * and decides as it did; the actuator then applies a instead (an override, as an operator would impose), and from
 * t+1 on the policy decides freely. A {@link GreedyPolicy} without a stabilization window has no state between
 * steps and skips the replay; a policy that can be copied ({@link Policy#fork}) is replayed once per episode and
 * copied at each decision, any other is replayed from step 0 for each rollout.
 * Replaying with the recorded action reproduces the recorded steps bit for bit.
 *
 * <h2>Deltas</h2>
 * Over the steps t..t+H-1 (fewer at the episode's end): cost, SLA-violating steps, p95 latency (the
 * request-weighted 95th percentile of per-step p95s, as {@link KpiAccumulator} computes it for {@code compare}) and
 * total reward, each alternative minus actual.
 */
public final class Explainer {
    private final AutoscaleEnv env;
    private final Supplier<? extends Policy> policies;
    private final int horizon;
    private final List<Integer> baselineAlternatives;
    // a policy replayed along cursorEpisode's recorded observations up to cursorStep (policyAt), or null
    private Policy cursor;
    private Episode cursorEpisode;
    private int cursorStep;

    /**
     * @param env          the environment (its state is overwritten by {@link #run} and every rollout)
     * @param policies     fresh policies, all deciding alike (a registry factory; the same frozen greedy policy)
     * @param horizon      counterfactual horizon in steps, &gt;= 1
     * @param alternatives actions tried against a baseline's decisions (agents try their own action set)
     */
    public Explainer(AutoscaleEnv env, Supplier<? extends Policy> policies, int horizon, List<Integer> alternatives) {
        this.env = Objects.requireNonNull(env, "env");
        this.policies = Objects.requireNonNull(policies, "policies");
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1 step, got " + horizon);
        }
        this.horizon = horizon;
        this.baselineAlternatives = List.copyOf(Objects.requireNonNull(alternatives, "alternatives"));
    }

    /** Alternatives {-1, 0, +1} for baselines. */
    public Explainer(AutoscaleEnv env, Supplier<? extends Policy> policies, int horizon) {
        this(env, policies, horizon, List.of(-1, 0, 1));
    }

    public int horizon() {
        return horizon;
    }

    /**
     * A recorded episode.
     *
     * @param policy       the policy's report name
     * @param seed         the reset seed
     * @param observations what the policy saw before each step
     * @param steps        what happened in each step
     * @param snapshots    the environment's state before each step
     * @param rules        the rule that fired at each step (baselines implementing {@link ExplainablePolicy}; else null)
     * @param actionSet    the tabular agent's actions (null for baselines and networks)
     * @param choices      agents: the action chosen at each step, before the stabilization window (null for baselines)
     * @param window       agents: the scale-down stabilization window in steps (0: none)
     */
    public record Episode(String policy, long seed, List<Observation> observations, List<StepInfo> steps,
                          List<AutoscaleEnv.Snapshot> snapshots, List<String> rules, ActionSet actionSet,
                          List<Choice> choices, int window) {
        public int length() {
            return steps.size();
        }
    }

    /**
     * The action an agent chose at a step.
     *
     * @param index  the action's index in the agent's action set
     * @param key    its key in {@link DecisionRecord#qValues()}
     * @param delta  the instance delta it asked for on its own (before the stabilization window)
     * @param target the instances it asked for (instances + delta): what the stabilization window remembers
     */
    public record Choice(int index, String key, int delta, int target) {
    }

    /** Runs the policy through the episode of {@code seed}, recording everything a decision needs. */
    public Episode run(long seed) {
        Policy p = policies.get();
        Observation obs = env.reset(seed);
        p.reset(env.spec());
        AgentView agent = AgentView.of(p);
        List<Choice> choices = agent == null ? null : new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        List<StepInfo> steps = new ArrayList<>();
        List<AutoscaleEnv.Snapshot> snapshots = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        while (true) {
            snapshots.add(env.snapshot());
            observations.add(obs);
            int a;
            if (agent == null) {
                a = p.act(obs);
            } else {
                a = agent.act(obs);
                choices.add(agent.last());
            }
            rules.add(p instanceof ExplainablePolicy e ? e.lastRule() : null);
            StepResult r = env.step(a);
            steps.add(r.info());
            obs = r.observation();
            if (r.done()) {
                break;
            }
        }
        return new Episode(p.name(), seed, List.copyOf(observations), List.copyOf(steps), List.copyOf(snapshots),
                java.util.Collections.unmodifiableList(rules), agent == null ? null : agent.actionSet(),
                agent == null ? null : List.copyOf(choices), agent == null ? 0 : agent.window());
    }

    /**
     * The steps that follow taking {@code action} at {@code step} and then following the policy, for up to the
     * horizon (see the class comment).
     */
    public List<StepInfo> rollout(Episode ep, int step, int action) {
        checkStep(ep, step);
        Policy p = policyAt(ep, step);
        p.act(ep.observations().get(step)); // the policy decides as it did; the actuator overrides
        env.restore(ep.snapshots().get(step));
        List<StepInfo> out = new ArrayList<>(horizon);
        StepResult r = env.step(action);
        out.add(r.info());
        while (out.size() < horizon && !r.done()) {
            r = env.step(p.act(r.observation()));
            out.add(r.info());
        }
        return out;
    }

    /**
     * A policy in the state it had just before deciding at {@code step}. A policy that can be copied
     * ({@link Policy#fork}) is replayed once per episode: a cursor policy is advanced along the recorded
     * observations and forked at each decision asked for, so explaining every decision of an episode in step order
     * costs one replay (a request for an earlier step than the cursor's starts it again). Any other policy is
     * replayed from step 0 for every call. Either way the replayed actions are checked against the recorded ones.
     */
    private Policy policyAt(Episode ep, int step) {
        if (cursor == null || cursorEpisode != ep || cursorStep > step) {
            Policy p = policies.get();
            p.reset(env.spec());
            if (p instanceof GreedyPolicy g && g.stateless()) {
                return p;
            }
            cursor = p;
            cursorEpisode = ep;
            cursorStep = 0;
        }
        Policy p = cursor;
        for (; cursorStep < step; cursorStep++) {
            int a = p.act(ep.observations().get(cursorStep));
            int recorded = ep.steps().get(cursorStep).requestedDelta();
            if (a != recorded) {
                cursor = null;
                throw new IllegalStateException("policy '" + p.name() + "' replayed action " + a + " at step "
                        + cursorStep + " but recorded " + recorded
                        + ": it is not deterministic, so it cannot be explained by replay");
            }
        }
        Policy copy = p.fork();
        if (copy != null) {
            return copy;
        }
        cursor = null; // handed out: the caller moves it on
        return p;
    }

    /** The record of the decision at {@code step}, counterfactuals and narrative included. */
    public DecisionRecord explain(Episode ep, int step) {
        return narrated(unnarrated(ep, step));
    }

    private static DecisionRecord narrated(DecisionRecord r) {
        return r.withNarrative(Narrative.compose(r).text());
    }

    /** {@link #explain} without the narrative (which reads only the record's numbers). */
    private DecisionRecord unnarrated(Episode ep, int step) {
        checkStep(ep, step);
        Observation o = ep.observations().get(step);
        StepInfo info = ep.steps().get(step);
        int action = info.requestedDelta();
        Map<String, Double> q = new LinkedHashMap<>();
        Double margin = null;
        String label = null;
        Choice choice = null;
        Observation seen = o;
        DecisionRecord.HeldBack held = null;
        List<Integer> alternatives;
        if (ep.choices() != null) {
            // the agent in its state just before the step (replayed: the forecast's and the window's history)
            AgentView.Values v = AgentView.of(policyAt(ep, step)).values(o);
            choice = ep.choices().get(step);
            if (v.chosen() != choice.index()) {
                throw new IllegalStateException("policy '" + ep.policy() + "' chose action " + v.keys()[v.chosen()]
                        + " at step " + step + " when explained but " + choice.key() + " when played: it is not "
                        + "deterministic, so it cannot be explained by replay");
            }
            label = v.label();
            seen = v.seen();
            double bestOther = Double.NEGATIVE_INFINITY;
            alternatives = new ArrayList<>();
            for (int i = 0; i < v.q().length; i++) {
                q.put(v.keys()[i], v.q()[i]);
                if (i != choice.index()) {
                    bestOther = Math.max(bestOther, v.q()[i]);
                }
                if (!alternatives.contains(v.deltas()[i])) {
                    alternatives.add(v.deltas()[i]);
                }
            }
            margin = bestOther > Double.NEGATIVE_INFINITY ? v.q()[choice.index()] - bestOther : 0.0;
            held = heldBack(ep, step);
        } else {
            alternatives = baselineAlternatives;
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        List<String> names = env.reward().termNames();
        for (int i = 0; i < names.size(); i++) {
            terms.put(names.get(i), info.rewardTerms()[i]);
        }
        List<Counterfactual> cfs = new ArrayList<>();
        Set<Integer> tried = new LinkedHashSet<>(alternatives);
        tried.remove(action);
        double consequence = 0;
        Window actual = null; // the recorded steps' window, the same for every alternative of the same length
        for (int a : tried) {
            List<StepInfo> alt = rollout(ep, step, a);
            if (actual == null || actual.steps != alt.size()) {
                actual = Window.of(ep.steps().subList(step, step + alt.size()), env.spec().stepSeconds());
            }
            Counterfactual c = counterfactual(a, alt, actual);
            cfs.add(c);
            consequence = Math.max(consequence, Math.abs(c.deltaReward()));
        }
        return new DecisionRecord(step, ep.policy(), horizon, StateFeatures.of(seen, label), q,
                choice == null ? null : choice.key(), choice == null ? null : choice.delta(), action, held, margin,
                ep.rules().get(step), info.reward(), terms, cfs, consequence, null);
    }

    /**
     * Why the agent's chosen delta at {@code step} was not the one applied: its scale-down stabilization window
     * ({@code ActionSet.Executor}) scales down only to the highest target of the window, so a lower target is taken
     * once it has lasted the window. Null when the chosen delta was applied.
     */
    static DecisionRecord.HeldBack heldBack(Episode ep, int step) {
        Choice c = ep.choices().get(step);
        if (ep.window() == 0 || c.delta() == ep.steps().get(step).requestedDelta()) {
            return null;
        }
        int lasted = 0;
        for (int s = step; s >= 0 && lasted < ep.window() && ep.choices().get(s).target() <= c.target(); s--) {
            lasted++;
        }
        return new DecisionRecord.HeldBack(lasted, ep.window());
    }

    /** The counterfactual of {@code action} at {@code step} against the recorded steps. */
    public Counterfactual compare(Episode ep, int step, int action) {
        List<StepInfo> alt = rollout(ep, step, action);
        return counterfactual(action, alt,
                Window.of(ep.steps().subList(step, step + alt.size()), env.spec().stepSeconds()));
    }

    private Counterfactual counterfactual(int action, List<StepInfo> alt, Window b) {
        Window a = Window.of(alt, env.spec().stepSeconds());
        return new Counterfactual(action, alt.size(), a.cost - b.cost, a.violations - b.violations,
                a.p95Ms - b.p95Ms, a.reward - b.reward, alt.stream().map(StepInfo::ready).toList());
    }

    /**
     * The {@code explanations.json} document ({@code explain --out}, the demo; the dashboard's forensics view): the
     * policy, the scenario played (null when unknown), the episode seed, its length, the horizon, the decision
     * records and the episode's {@link #timeline}.
     */
    public static Map<String, Object> document(Episode ep, long seed, int horizon, List<DecisionRecord> records,
                                               ExplainedScenario scenario) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("policy", ep.policy());
        doc.put("scenario", scenario);
        doc.put("seed", seed);
        doc.put("steps", ep.length());
        doc.put("horizon", horizon);
        doc.put("decisions", records);
        doc.put("timeline", timeline(ep));
        return doc;
    }

    /**
     * The episode step by step, as columns of equal length for a chart: {@code arrival_rate} (req/s), {@code ready}
     * and {@code booting} instances, {@code action} (the requested instance delta) and {@code sla_violated}.
     */
    public static Map<String, Object> timeline(Episode ep) {
        int n = ep.length();
        double[] rate = new double[n];
        int[] ready = new int[n];
        int[] booting = new int[n];
        int[] action = new int[n];
        boolean[] violated = new boolean[n];
        for (int t = 0; t < n; t++) {
            StepInfo s = ep.steps().get(t);
            rate[t] = s.arrivalRate();
            ready[t] = s.ready();
            booting[t] = s.booting();
            action[t] = s.requestedDelta();
            violated[t] = s.slaViolated();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arrival_rate", rate);
        m.put("ready", ready);
        m.put("booting", booting);
        m.put("action", action);
        m.put("sla_violated", violated);
        return m;
    }

    /** Records of the given steps, in that order. */
    public List<DecisionRecord> explain(Episode ep, List<Integer> steps) {
        return steps.stream().map(s -> explain(ep, s)).toList();
    }

    /**
     * The {@code k} most consequential decisions (largest {@link DecisionRecord#consequence()}, earlier step first
     * on ties), most consequential first.
     */
    public List<DecisionRecord> top(Episode ep, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top k must be >= 1, got " + k);
        }
        List<DecisionRecord> all = new ArrayList<>();
        for (int t = 0; t < ep.length(); t++) {
            all.add(unnarrated(ep, t));
        }
        all.sort(Comparator.comparingDouble(DecisionRecord::consequence).reversed()
                .thenComparingInt(DecisionRecord::step));
        // the narrative reads only the record, so only the records kept need one
        return all.subList(0, Math.min(k, all.size())).stream().map(Explainer::narrated).toList();
    }

    private static void checkStep(Episode ep, int step) {
        if (step < 0 || step >= ep.length()) {
            throw new IllegalArgumentException("step must be in [0, " + ep.length() + "), got " + step);
        }
    }

    /** A window's KPIs: those of {@link KpiAccumulator#kpis()} the deltas need, over {@code steps} steps. */
    private record Window(int steps, double cost, int violations, double p95Ms, double reward) {
        static Window of(List<StepInfo> steps, double stepSeconds) {
            KpiAccumulator k = new KpiAccumulator(stepSeconds, KpiAccumulator.DEFAULT_FLAP_WINDOW_SECONDS,
                    steps.size());
            int v = 0;
            for (StepInfo s : steps) {
                k.add(s);
                v += s.slaViolated() ? 1 : 0;
            }
            return new Window(steps.size(), k.costUsd(), v, k.p95LatencyMs(), k.totalReward());
        }
    }
}
