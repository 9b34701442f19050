package dev.scalewise.sweep;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.Environment;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.experiment.MetricStats;
import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one cell: trains with {@link Trainer#trainInMemory}, then evaluates the frozen greedy policy on held-out
 * data, one episode per evaluation seed ({@link Episodes#run}).
 *
 * <p>Held-out data: for the {@code default-diurnal} generator, training episode {@code e} draws its day from
 * {@code Seeds.derive(trainingSeed, "episode", e)} and evaluation resets with the evaluation seeds themselves (days
 * training never drew); for a trace (synthetic {@code diurnal}, {@code seed-b}, {@code flash-crowd}, {@code step},
 * or a catalog trace) the first {@code trainFraction} of it is trained on and the rest evaluated, with Poisson
 * arrivals drawn by each evaluation seed.
 *
 * <p>A pure function of the cell (and of the trace source's data): no shared mutable state, so cells can run in
 * any order on any number of threads or machines with the same results. An exception becomes a failed result.
 */
public final class CellRunner {
    private final TraceSource traces;

    public CellRunner(TraceSource traces) {
        this.traces = traces;
    }

    /** The training workload of a configuration: the generator with its {@code workload.*} numbers, or a trace. */
    static WorkloadSpec workloadSpec(Map<String, Object> params) {
        String w = (String) params.getOrDefault("workload", Scenarios.DEFAULT_WORKLOAD);
        if (!w.equals(Scenarios.DEFAULT_WORKLOAD)) {
            return WorkloadSpec.trace(w);
        }
        Map<String, Double> numbers = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("workload.")) {
                numbers.put(k.substring("workload.".length()), ((Number) v).doubleValue());
            }
        });
        return new WorkloadSpec(Scenarios.DEFAULT_WORKLOAD, numbers, null);
    }

    /** Whether the workload {@code name} is loaded from the trace source (neither the generator nor a synthetic trace). */
    public static boolean readsTrace(String name) {
        return !name.equals(Scenarios.DEFAULT_WORKLOAD) && !Scenarios.NAMES.contains(name);
    }

    /** The whole trace of a workload name: a synthetic one (length {@code workload.steps}, default 2880) or a loaded one. */
    static Trace fullTrace(SweepCell cell, TraceSource traces) {
        String name = cell.workload();
        if (!readsTrace(name)) {
            int steps = ((Number) cell.params().getOrDefault("workload.steps", 2880)).intValue();
            return Scenarios.synthetic(name, steps, 0, cell.traceSeed()).trace();
        }
        return traces.load(name);
    }

    /** Runs the cell; never throws (a failure is a result). */
    public CellResult run(SweepCell cell) {
        long t0 = System.nanoTime();
        try {
            return evaluate(cell, t0);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String first = e.getClass().getName() + ": " + e.getMessage();
            return CellResult.failed(cell, first, (System.nanoTime() - t0) / 1e9);
        }
    }

    private CellResult evaluate(SweepCell cell, long t0) {
        TrainSpec base = TrainSpec.preset(cell.base());
        WorkloadSpec wspec = workloadSpec(cell.params());
        TrainSpec spec = SweepParameters.apply(base, cell.params(), wspec, cell.trainingSeed());
        Scenarios.TraceResolver trainData;
        Scenarios.TraceResolver testData;
        if (wspec.kind().equals("trace")) {
            double dt = spec.scenario().config() != null ? spec.scenario().config().stepSeconds() : 60;
            Trace full = fullTrace(cell, traces);
            if (Math.abs(full.stepSeconds() - dt) > 1e-9) {
                full = full.resample(dt);
            }
            int cut = (int) Math.round(full.length() * cell.trainFraction());
            if (cut < 2 || full.length() - cut < 2) {
                throw new IllegalArgumentException("trace '" + full.name() + "' has " + full.length()
                        + " steps: too short to split at " + cell.trainFraction());
            }
            Trace train = full.slice(0, cut);
            Trace test = full.slice(cut, full.length());
            trainData = n -> Workload.fixed(train);
            testData = n -> Workload.fixed(test);
        } else {
            trainData = Scenarios.NO_TRACES;
            testData = Scenarios.NO_TRACES;
        }
        Trainer.Result trained = Trainer.trainInMemory(spec, trainData);
        GreedyPolicy policy = trained.policy();
        Environment env = Scenarios.environment(spec.scenario(), spec.newReward(), testData);
        List<Long> seeds = cell.evaluationSeeds();
        Map<Metric, double[]> values = new LinkedHashMap<>();
        for (Metric m : CellResult.EVAL_METRICS) {
            values.put(m, new double[seeds.size()]);
        }
        for (int i = 0; i < seeds.size(); i++) {
            Kpis k = Episodes.run(env, policy, seeds.get(i), null);
            for (Metric m : CellResult.EVAL_METRICS) {
                values.get(m)[i] = value(k, m);
            }
        }
        Map<String, MetricStats> stats = new TreeMap<>();
        values.forEach((m, v) -> stats.put(m.jsonName(), MetricStats.of(v)));
        stats.put("train_mean_return", MetricStats.of(new double[] {trained.meanReturnLast50()}));
        return new CellResult(cell.index(), cell.id(), cell.configId(), true, null, stats, trained.episodes(),
                trained.steps(), trained.meanReturnLast50(), (System.nanoTime() - t0) / 1e9);
    }

    private static double value(Kpis k, Metric m) {
        return switch (m) {
            case COST_USD -> k.costUsd();
            case INSTANCE_HOURS -> k.instanceHours();
            case SLA_COMPLIANCE_PCT -> k.slaCompliancePct();
            case SLA_COMPLIANCE_REQUESTS_PCT -> k.slaComplianceRequestsPct();
            case P50_LATENCY_MS -> k.p50LatencyMs();
            case P95_LATENCY_MS -> k.p95LatencyMs();
            case P99_LATENCY_MS -> k.p99LatencyMs();
            case DROPPED_REQUESTS -> k.droppedRequests();
            case SCALING_ACTIONS -> k.scalingActions();
            case FLAPS -> k.flaps();
            case MEAN_UTILIZATION -> k.meanUtilization();
            default -> Double.NaN;
        };
    }
}
