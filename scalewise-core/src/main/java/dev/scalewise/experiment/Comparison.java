package dev.scalewise.experiment;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.StepInfo;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.metrics.SlaCredit;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-world comparison: every policy on the identical trace and the identical random streams, over several
 * seeds.
 *
 * <p>For each seed, the arrivals the environment will draw are first recorded with a policy that never acts
 * (the environment draws exactly one Poisson sample per step from its "env" stream whatever the policy does);
 * then each policy runs in a fresh environment reset with that seed, and the arrivals it saw are checked to be
 * bit-identical to the recorded ones (a mismatch is an error, never silent). The static world and the oracle are
 * always run as references (savings and regret are quoted per seed against them), whether or not they are listed.
 *
 * <p>Savings vs static = {@code 100 (1 - cost / cost_static)}; regret vs oracle = {@code 100 (cost / cost_oracle - 1)};
 * across seeds: mean and Student-t 95% half-width ({@link MetricStats}). Total cost = the bill + the SLA credit
 * ({@link SlaCredit}) at the prices of the setup's {@code cost-sla} reward (its defaults for other rewards); flaps per
 * day = flaps / (steps x dt / 86,400 s), a flap being a scaling action opposite to the previous one within
 * 600 s ({@link dev.scalewise.metrics.KpiAccumulator}).
 */
public final class Comparison {
    private Comparison() {
    }

    /** A policy to compare: a report name and a factory. */
    public record Entry(String name, PolicyRegistry.Factory factory) {
    }

    /**
     * What to compare.
     *
     * @param trace    the trace every policy replays
     * @param history  arrival rates observed before the trace (for predictive scaling), may be empty
     * @param env      the environment (Poisson arrivals on for honest noise)
     * @param reward   the reward (reported, not used for KPIs)
     * @param policies the policies, in report order
     * @param seeds    the seeds (one episode per seed per policy)
     * @param registry where the static and oracle references come from
     */
    public record Setup(Trace trace, double[] history, EnvConfig env, RewardFunction reward, List<Entry> policies,
                        List<Long> seeds, PolicyRegistry registry) {
        public Setup {
            if (trace == null || env == null || reward == null || registry == null) {
                throw new IllegalArgumentException("comparison needs a trace, an environment, a reward and a registry");
            }
            if (policies == null || policies.isEmpty()) {
                throw new IllegalArgumentException("comparison needs at least one policy");
            }
            if (seeds == null || seeds.isEmpty()) {
                throw new IllegalArgumentException("comparison needs at least one seed");
            }
            history = history == null ? new double[0] : history.clone();
            policies = List.copyOf(policies);
            seeds = List.copyOf(seeds);
            if (Math.abs(trace.stepSeconds() - env.stepSeconds()) > 1e-9) {
                throw new IllegalArgumentException("trace '" + trace.name() + "' has steps of " + trace.stepSeconds()
                        + " s but env.stepSeconds is " + env.stepSeconds());
            }
        }

        /** Entries for registry names. */
        public static List<Entry> entries(PolicyRegistry registry, List<String> names) {
            return names.stream().map(n -> new Entry(n, registry.factory(n))).toList();
        }
    }

    /** Runs the comparison. */
    public static ComparisonResult run(Setup setup) {
        Map<String, List<Kpis>> kpis = new LinkedHashMap<>();
        Map<String, List<StepInfo>> series = new LinkedHashMap<>();
        for (Entry e : setup.policies()) {
            if (kpis.put(e.name(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("policy '" + e.name() + "' is listed twice");
            }
        }
        List<Double> staticCost = new ArrayList<>();
        List<Double> oracleCost = new ArrayList<>();
        double[] firstArrivals = null;
        for (int si = 0; si < setup.seeds().size(); si++) {
            long seed = setup.seeds().get(si);
            double[] arrivals = recordArrivals(setup, seed);
            if (si == 0) {
                firstArrivals = arrivals;
            }
            PolicyRegistry.Context ctx = new PolicyRegistry.Context(setup.trace(), setup.env(), arrivals.clone(),
                    setup.history(), seed);
            Map<String, Kpis> thisSeed = new LinkedHashMap<>();
            for (Entry e : setup.policies()) {
                List<StepInfo> steps = new ArrayList<>();
                Kpis k = runOne(setup, e.name(), e.factory().create(ctx), seed, arrivals, steps);
                kpis.get(e.name()).add(k);
                thisSeed.put(e.name(), k);
                if (si == 0) {
                    series.put(e.name(), List.copyOf(steps));
                }
            }
            staticCost.add(referenceCost(setup, "static", ctx, seed, arrivals, thisSeed));
            oracleCost.add(referenceCost(setup, "oracle", ctx, seed, arrivals, thisSeed));
        }
        List<ComparisonResult.PolicyResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Kpis>> e : kpis.entrySet()) {
            results.add(summarize(e.getKey(), e.getValue(), staticCost, oracleCost, creditOf(setup.reward()),
                    setup.env().stepSeconds()));
        }
        return new ComparisonResult(setup.trace().name(), setup.trace().length(), setup.env().stepSeconds(),
                setup.seeds(), setup.env(), results, series, setup.trace().rates(), firstArrivals, true);
    }

    private static double referenceCost(Setup setup, String name, PolicyRegistry.Context ctx, long seed,
                                        double[] arrivals, Map<String, Kpis> thisSeed) {
        Kpis listed = thisSeed.get(name);
        if (listed != null) {
            return listed.costUsd();
        }
        if (!setup.registry().contains(name)) {
            return Double.NaN;
        }
        return runOne(setup, name, setup.registry().create(name, ctx), seed, arrivals, null).costUsd();
    }

    private static AutoscaleEnv newEnv(Setup setup) {
        return new AutoscaleEnv(setup.env(), Workload.fixed(setup.trace()), setup.reward());
    }

    /** The arrival rates the environment draws for {@code seed}, recorded with a policy that never acts. */
    static double[] recordArrivals(Setup setup, long seed) {
        AutoscaleEnv env = newEnv(setup);
        env.reset(seed);
        double[] a = new double[env.episodeLength()];
        for (int t = 0; t < a.length; t++) {
            a[t] = env.step(0).info().arrivalRate();
        }
        return a;
    }

    private static Kpis runOne(Setup setup, String name, Policy policy, long seed, double[] arrivals,
                               List<StepInfo> sink) {
        AutoscaleEnv env = newEnv(setup);
        int[] idx = {0};
        Kpis k = Episodes.run(env, policy, seed, info -> {
            int t = idx[0]++;
            if (t >= arrivals.length || Double.doubleToLongBits(info.arrivalRate()) != Double.doubleToLongBits(arrivals[t])) {
                throw new IllegalStateException("policy '" + name + "' saw arrival rate " + info.arrivalRate() + " at step "
                        + t + " but the recorded arrivals say " + (t < arrivals.length ? arrivals[t] : "nothing")
                        + " (seed " + seed + "): the comparison would not be fair");
            }
            if (sink != null) {
                sink.add(info);
            }
        });
        if (idx[0] != arrivals.length) {
            throw new IllegalStateException("policy '" + name + "' ran " + idx[0] + " steps, expected " + arrivals.length);
        }
        return k;
    }

    /** The SLA credit's prices: the reward's when it is a {@code cost-sla} reward, else its defaults. */
    static SlaCredit creditOf(RewardFunction reward) {
        return reward instanceof CostSlaReward c ? SlaCredit.of(c) : SlaCredit.defaults();
    }

    private static ComparisonResult.PolicyResult summarize(String name, List<Kpis> perSeed, List<Double> staticCost,
                                                           List<Double> oracleCost, SlaCredit credit,
                                                           double stepSeconds) {
        int n = perSeed.size();
        Map<Metric, MetricStats> stats = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                Kpis k = perSeed.get(i);
                v[i] = switch (m) {
                    case COST_USD -> k.costUsd();
                    case INSTANCE_HOURS -> k.instanceHours();
                    case SAVINGS_VS_STATIC_PCT -> staticCost.get(i) > 0 ? 100 * (1 - k.costUsd() / staticCost.get(i)) : Double.NaN;
                    case SLA_COMPLIANCE_PCT -> k.slaCompliancePct();
                    case SLA_COMPLIANCE_REQUESTS_PCT -> k.slaComplianceRequestsPct();
                    case P50_LATENCY_MS -> k.p50LatencyMs();
                    case P95_LATENCY_MS -> k.p95LatencyMs();
                    case P99_LATENCY_MS -> k.p99LatencyMs();
                    case DROPPED_REQUESTS -> k.droppedRequests();
                    case SCALING_ACTIONS -> k.scalingActions();
                    case FLAPS -> k.flaps();
                    case FLAPS_PER_DAY -> k.steps() == 0 ? 0 : k.flaps() / (k.steps() * stepSeconds / 86_400.0);
                    case TOTAL_COST_USD -> credit.totalCost(k, stepSeconds);
                    case MEAN_UTILIZATION -> k.meanUtilization();
                    case REGRET_VS_ORACLE_PCT -> oracleCost.get(i) > 0 ? 100 * (k.costUsd() / oracleCost.get(i) - 1) : Double.NaN;
                };
            }
            stats.put(m, MetricStats.of(v));
        }
        return new ComparisonResult.PolicyResult(name, perSeed, stats);
    }
}
