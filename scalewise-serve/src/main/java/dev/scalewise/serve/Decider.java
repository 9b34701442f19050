package dev.scalewise.serve;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.explain.DecisionRecord;
import dev.scalewise.explain.StateFeatures;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.policy.ExplainablePolicy;
import dev.scalewise.policy.HpaReplicaCalculator;
import dev.scalewise.policy.Policy;
import dev.scalewise.queue.ErlangC;

import java.io.IOException;
import java.util.function.Function;

/**
 * Decides the replicas of one workload once per interval: the configured policy on the live observation, inside
 * guard rails, with a fallback.
 *
 * <p>The observation is built as the simulator builds it ({@link Observation}): arrival rate and the one before,
 * ready replicas, booting = spec - ready, utilization (measured, or offered load {@code rate / (ready x mu)}), p95
 * (measured, or the M/M/c estimate of {@link ErlangC#responseQuantile(int, double, double, double)} when not
 * measured), backlog (the queue length, or 0), no drops, and a forecast equal to the rate (no forecaster live).
 *
 * <p><b>Warm-up.</b> The policy is built at the first fresh sample, from its factory given the rates observed before
 * that sample ({@link WarmUp.Source}: with {@code serve}, the Prometheus history of the rate query), as
 * {@code compare} builds a policy given the rates before the evaluated days; when a stale history resets it, it is
 * built again from the history before the sample it resumes at. The decision that built it says how many minutes of
 * history it was given, and why fewer than asked for (a gap, no data).
 *
 * <p>Safety model, in order: (1) no usable reading at all (Prometheus down, a required series missing) -> hold the
 * last decision; (2) replica samples older than {@code guard.staleSeconds}, a rate above {@code guard.maxRate},
 * inputs outside what a trained agent saw ({@link TrainedRange}: the ranges of its run's logged inputs, a tabular
 * agent's unvisited states), or the policy throwing -> fallback: the Kubernetes HPA replica
 * calculator ({@link HpaController#replicaCount}) on offered load with target {@code guard.fallbackUtilization};
 * (3) whatever decided, the change is cut to {@code guard.maxStep} and the result to [{@code minReplicas},
 * {@code maxReplicas}]. Not thread-safe: one decider per workload, called by one thread at a time.
 */
public final class Decider {
    private static final double FALLBACK_TOLERANCE = 0.1;

    private final String policyName;
    private final Function<double[], Policy> factory;
    private final WarmUp.Source history;
    /** Null until the first fresh sample, and again after a reset: built (warmed) at the next fresh sample. */
    private Policy policy;
    private final EnvSpec spec;
    private final ServeConfig.Guard guard;
    private final TrainedRange trained;
    private int step;
    /** Samples shown to the policy since its last reset: the observation's step. */
    private int policyStep;
    private double previousRate = Double.NaN;
    private double lastFed = Double.NaN;
    private int lastDesired = -1;

    /** A decider for one policy instance, reset at its first fresh sample; no warm-up. */
    public Decider(String policyName, Policy policy, EnvSpec spec, ServeConfig.Guard guard) {
        this(policyName, h -> policy, WarmUp.none(spec.stepSeconds()), spec, guard, TrainedRange.none());
    }

    /**
     * @param factory builds the policy having observed the given rates (one per interval, oldest first)
     * @param history the rates before a sample, given to {@code factory} when the policy is (re)built
     * @param trained what the policy was trained on: inputs outside it fall back
     */
    public Decider(String policyName, Function<double[], Policy> factory, WarmUp.Source history, EnvSpec spec,
                   ServeConfig.Guard guard, TrainedRange trained) {
        this.policyName = policyName;
        this.factory = factory;
        this.history = history;
        this.spec = spec;
        this.guard = guard;
        this.trained = trained;
    }

    /** The last decision's desired replicas, or -1 before the first usable one. */
    public int lastDesired() {
        return lastDesired;
    }

    /**
     * A decision when the read failed: hold the last decision (or -1 when there is none yet). The policy sees
     * nothing: its state stays as it was.
     */
    public Decision failed(ScaledTarget target, double time, String why) {
        String reason = lastDesired < 0 ? "no decision yet and no metrics: " + why
                : "hold " + lastDesired + ": no metrics: " + why;
        return new Decision(time, target.key(), Decision.HOLD, -1, lastDesired, lastDesired, reason, null, null);
    }

    /**
     * The decision for one sample. A sample whose replica readings are stale is not shown to the policy (its state
     * stays as it was: a stateful policy, e.g. the HPA's stabilization window or an agent's trend, skips the
     * interval); any other sample is, even when the policy's answer is then replaced by the fallback (inputs outside
     * the trained range, a policy error), so that its history stays continuous. When the policy was last shown a
     * sample more than {@code guard.staleSeconds} before this one, its history is stale too: it is built again and
     * warmed with the history before this sample, as at the start of an episode, and the rate before is taken to be
     * this one.
     */
    public Decision decide(ScaledTarget target, LiveSample s) {
        double mu = spec.serviceRate();
        String why = s.sampleAgeSeconds() > guard.staleSeconds()
                ? "replica metrics " + Math.round(s.sampleAgeSeconds()) + " s old > staleSeconds " + guard.staleSeconds()
                : null;
        String reset = null;
        if (why == null && !Double.isNaN(lastFed) && s.time() - lastFed > guard.staleSeconds()) {
            reset = "policy reset: last fresh sample " + Math.round(s.time() - lastFed) + " s ago > staleSeconds "
                    + guard.staleSeconds();
            policy = null;
            previousRate = Double.NaN;
            policyStep = 0;
        }
        double prev = Double.isNaN(previousRate) ? s.arrivalRate() : previousRate;
        Observation obs = observation(policyStep, s, prev, mu, spec.sloSeconds());
        int current = s.desired();
        String source = Decision.POLICY;
        String reason = null;
        int proposed = -1;
        String rule = null;
        String warmed = null;
        if (why == null) {
            previousRate = s.arrivalRate();
            lastFed = s.time();
            policyStep++;
            try {
                if (policy == null) {
                    warmed = warm(target, s.time());
                }
                int action = act(obs);
                why = outOfRange(s, obs);
                if (why == null) {
                    why = unvisitedState;
                }
                proposed = current + action;
                rule = policy instanceof ExplainablePolicy ep ? ep.lastRule() : null;
                reason = policyName + (rule == null ? " asked " + signed(action) : ": " + rule);
            } catch (RuntimeException e) {
                why = "policy " + policyName + " failed: " + e;
            }
        }
        if (why != null) {
            source = Decision.FALLBACK;
            proposed = fallback(s, obs.utilization());
            reason = "fallback (" + why + "): target tracking at " + guard.fallbackUtilization() + " -> " + proposed;
        }
        if (reset != null) {
            reason += "; " + reset;
        }
        if (warmed != null) {
            reason += "; " + warmed;
        }
        int desired = proposed;
        if (desired > current + guard.maxStep() || desired < current - guard.maxStep()) {
            desired = desired > current ? current + guard.maxStep() : current - guard.maxStep();
            reason += "; step cut to maxStep " + guard.maxStep();
        }
        if (desired < guard.minReplicas() || desired > guard.maxReplicas()) {
            desired = Math.max(guard.minReplicas(), Math.min(guard.maxReplicas(), desired));
            reason += "; bounded to [" + guard.minReplicas() + ", " + guard.maxReplicas() + "]";
        }
        DecisionRecord record = new DecisionRecord(step, Decision.POLICY.equals(source) ? policyName : "fallback", 0,
                StateFeatures.of(obs, null), null, desired - current, null, reason, 0, null, null, 0, null);
        step++;
        lastDesired = desired;
        return new Decision(s.time(), target.key(), source, current, proposed, desired, reason, s, record);
    }

    /**
     * Builds the policy from the history before {@code time} and resets it; says what it was warmed with. When the
     * history cannot be read, the policy starts cold and the answer says why.
     */
    private String warm(ScaledTarget target, double time) {
        WarmUp.History h;
        String failed = null;
        try {
            h = history.before(target, time);
        } catch (IOException | RuntimeException e) {
            h = new WarmUp.History(new double[0], spec.stepSeconds(), "");
            failed = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        Policy p = factory.apply(h.rates());
        p.reset(spec);
        policy = p;
        return failed == null ? h.describe() : "not warmed: cold start, the history could not be read: " + failed;
    }

    /** Set by {@link #act}: why the tabular agent's state is outside training, or null. */
    private String unvisitedState;

    /**
     * The policy's action on {@code obs}. A tabular agent (bare or carrying its forecast) is asked the way its
     * {@code act} works, state first, so that the state can be checked against the visited ones.
     */
    private int act(Observation obs) {
        unvisitedState = null;
        Observation seen = obs;
        Policy p = policy;
        if (p instanceof ForecastingPolicy fp && fp.inner() instanceof GreedyPolicy && trained.hasStates()) {
            seen = fp.withForecast(obs); // exactly what ForecastingPolicy.act hands its inner policy
            p = fp.inner();
        }
        if (p instanceof GreedyPolicy g && trained.hasStates()) {
            int s = g.state(seen);
            unvisitedState = trained.unvisited(g, s);
            return g.deltaOf(g.greedyAction(s), seen);
        }
        return policy.act(obs);
    }

    /** Why the policy's answer must not be used on this fresh sample, or null when it may. */
    private String outOfRange(LiveSample s, Observation obs) {
        if (guard.maxRate() > 0 && s.arrivalRate() > guard.maxRate()) {
            return "rate " + s.arrivalRate() + " req/s above the policy's range (maxRate " + guard.maxRate() + ")";
        }
        return trained.outside(obs);
    }

    /** The HPA replica calculator on offered load (ceil(rate / (mu u)) from zero ready replicas). */
    private int fallback(LiveSample s, double utilization) {
        double u = guard.fallbackUtilization();
        if (s.ready() <= 0) {
            return (int) Math.ceil(s.arrivalRate() / (spec.serviceRate() * u) - 1e-9);
        }
        // Every ready replica at the observed utilization; whole percents and tolerances as Kubernetes computes them.
        long usageMilli = Math.round(Math.max(0, utilization) * 1000);
        java.util.List<HpaReplicaCalculator.Pod> pods = java.util.Collections.nCopies(s.ready(),
                HpaReplicaCalculator.Pod.ready(usageMilli));
        return HpaReplicaCalculator.resourceReplicas(Math.max(s.desired(), s.ready()), (int) Math.round(u * 100), pods,
                0, HpaReplicaCalculator.Tolerances.of(FALLBACK_TOLERANCE), 0, 0).replicas();
    }

    /** The simulator's observation of a live sample ({@code previousRate}: the rate of the interval before). */
    public static Observation observation(int step, LiveSample s, double previousRate, double mu, double slo) {
        double util = s.utilization() != null ? s.utilization()
                : s.arrivalRate() / (Math.max(s.ready(), 1) * mu);
        double p95;
        if (s.p95Seconds() != null) {
            p95 = s.p95Seconds();
        } else if (s.ready() > 0 && s.arrivalRate() < s.ready() * mu) {
            p95 = s.arrivalRate() <= 0 ? 1 / mu * Math.log(20) // M/M/c with no load: the service time's p95
                    : ErlangC.responseQuantile(s.ready(), s.arrivalRate(), mu, 0.95);
        } else {
            p95 = 10 * slo; // overloaded: unbounded in the model; reported as ten times the objective
        }
        double backlog = s.queueLength() != null ? s.queueLength() : 0;
        return new Observation(step, s.arrivalRate(), previousRate, s.ready(), s.booting(), util, p95, backlog, 0, mu,
                s.arrivalRate());
    }

    private static String signed(int a) {
        return a > 0 ? "+" + a : Integer.toString(a);
    }
}
