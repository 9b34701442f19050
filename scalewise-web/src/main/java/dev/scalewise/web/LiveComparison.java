package dev.scalewise.web;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.StepInfo;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One live comparison: every requested policy runs one episode ({@link Episodes#run}) on the identical trace with
 * the identical seed, each in its own {@link AutoscaleEnv}; the steps are kept for {@link LiveStream} to play back.
 *
 * @param id        the comparison's id
 * @param request   the validated request
 * @param traceName the trace's name
 * @param env       the environment configuration every world used
 * @param worlds    one result per policy, in request order
 */
public record LiveComparison(String id, LiveRequest request, String traceName, EnvConfig env, List<World> worlds) {

    /**
     * One world: a policy and every step it produced.
     *
     * @param name           the policy name (with {@code #k} appended when a name repeats)
     * @param steps          the step records, in order
     * @param warnings       why this world's agent runs outside its training range (empty when it does not, and for
     *                       every policy that is not a trained agent)
     * @param unvisitedShare for a tabular agent, the share of its steps in states training never updated (every
     *                       Q-value still 0); null when not a tabular agent
     */
    public record World(String name, List<StepInfo> steps, List<String> warnings, Double unvisitedShare) {
    }

    /** Most requests (expected arrivals over every world) one {@code des} comparison may simulate. */
    public static final double MAX_DES_REQUESTS = 30_000_000;

    /** Number of steps (the same in every world). */
    public int steps() {
        return worlds.get(0).steps().size();
    }

    /** The index of the static world, if one was requested (savings are measured against it). */
    public Optional<Integer> staticWorld() {
        for (int i = 0; i < worlds.size(); i++) {
            if (request.policies().get(i).equals("static")) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the comparison.
     *
     * @param id       the id to give it
     * @param request  a validated request
     * @param policies the policy provider
     * @param traces   resolves catalog traces (already read traces may be cached by the caller)
     */
    public static LiveComparison run(String id, LiveRequest request, PolicyProvider policies, TraceLoader traces) {
        return run(id, request, policies, traces, null, name -> null);
    }

    /**
     * Runs the comparison on a run's scenario ({@code scenario} non-null: its environment, warm-started on the slice
     * as the demo's comparison is), checking every trained agent's world against its training range.
     *
     * @param scenario the scenario of {@code request.run()}, or null for the default environment
     * @param ranges   the training range of a policy name (null when it is not a trained agent or has none)
     */
    public static LiveComparison run(String id, LiveRequest request, PolicyProvider policies, TraceLoader traces,
                                     LiveScenario scenario,
                                     java.util.function.Function<String, LiveScenario.TrainingRange> ranges) {
        for (String p : request.policies()) {
            if (!policies.contains(p)) {
                throw ApiException.badRequest("policies: unknown policy '" + p + "'; known: "
                        + String.join(", ", policies.choices().stream().map(PolicyProvider.Choice::name).toList()));
            }
        }
        EnvConfig config = (scenario != null ? scenario.env() : EnvConfig.defaults()).withStepSeconds(request.stepSeconds())
                .withPhysics(dev.scalewise.env.Physics.parse(request.physics()));
        if (request.bootDelay() != null) {
            config = config.withCluster(config.cluster().withBootDelaySeconds(request.bootDelay()));
        }
        Workload workload = workload(request, traces);
        if (scenario != null && workload instanceof FixedTrace ft) {
            config = dev.scalewise.experiment.Scenarios.warmStart(config, ft.trace());
        }
        Trace shown = workload instanceof FixedTrace ft ? ft.trace() : null;
        if (config.physics() == dev.scalewise.env.Physics.DES) {
            double requests = (shown != null ? shown.totalRequests()
                    : workload.generate(dev.scalewise.experiment.Seeds.stream(request.seed(), "live")).totalRequests())
                    * request.policies().size();
            if (requests > MAX_DES_REQUESTS) {
                throw ApiException.badRequest(String.format(java.util.Locale.ROOT, "physics des simulates every request: "
                        + "%.3g requests over %d worlds is more than the %.0f one comparison may simulate; ask for fewer "
                        + "steps, worlds or a smaller scale", requests, request.policies().size(), MAX_DES_REQUESTS));
            }
        }
        List<World> worlds = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        String traceName = null;
        for (String name : request.policies()) {
            AutoscaleEnv env = new AutoscaleEnv(config, workload, CostSlaReward.defaults());
            env.reset(request.seed());
            traceName = env.trace().name();
            Policy policy = policies.create(name, new PolicyProvider.Context(env.trace(), config, request.seed()));
            VisitCounter visits = policy instanceof GreedyPolicy g ? new VisitCounter(g) : null;
            List<StepInfo> steps = new ArrayList<>(request.steps());
            Episodes.run(env, visits != null ? visits : policy, request.seed(), steps::add);
            int k = seen.merge(name, 1, Integer::sum);
            List<String> warnings = new ArrayList<>();
            LiveScenario.TrainingRange range = ranges.apply(name);
            if (range != null) {
                double peakInstances = env.trace().peakRate() / (config.serviceRate() * LiveScenario.PEAK_UTILIZATION);
                warnings.addAll(range.outside(peakInstances, config.cluster().bootDelaySeconds()));
            }
            Double share = visits == null ? null : visits.unvisitedShare();
            if (share != null && share > LiveScenario.UNVISITED_SHARE_WARNING) {
                warnings.add(String.format(java.util.Locale.ROOT, "%.1f%% of its steps were in states training never "
                        + "visited (every Q-value 0: the action there is only the tie-break)", share * 100));
            }
            worlds.add(new World(k == 1 ? name : name + "#" + k, List.copyOf(steps), List.copyOf(warnings), share));
        }
        return new LiveComparison(id, request, traceName, config, List.copyOf(worlds));
    }

    /**
     * A greedy tabular policy that counts its steps in states whose Q-values training never changed (all 0). The
     * encoder is stateless, so encoding the observation once more changes nothing.
     */
    private static final class VisitCounter implements Policy {
        private final GreedyPolicy inner;
        private long steps;
        private long unvisited;

        VisitCounter(GreedyPolicy inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void reset(dev.scalewise.env.EnvSpec spec) {
            inner.reset(spec);
        }

        @Override
        public int act(dev.scalewise.env.Observation o) {
            steps++;
            boolean untouched = true;
            for (double q : inner.qValues(inner.state(o))) {
                untouched &= q == 0;
            }
            unvisited += untouched ? 1 : 0;
            return inner.act(o);
        }

        Double unvisitedShare() {
            return steps == 0 ? null : unvisited / (double) steps;
        }
    }

    /** A catalog trace's slice, replayed as is (the live worlds need the trace itself for warm start and limits). */
    private record FixedTrace(Trace trace) implements Workload {
        @Override
        public String name() {
            return trace.name();
        }

        @Override
        public Trace generate(java.util.random.RandomGenerator rng) {
            return trace;
        }
    }

    /** Loads catalog traces by name. */
    @FunctionalInterface
    public interface TraceLoader {
        /** The trace called {@code name} as read from the catalog (not yet resampled or scaled). */
        Trace load(String name);

        /** Reads from {@code catalog}, accepting catalog names only (never file paths). */
        static TraceLoader of(TraceCatalog catalog) {
            return name -> {
                if (TraceCatalog.entry(name).isEmpty()) {
                    throw ApiException.badRequest("trace: unknown catalog trace '" + RunStore.clip(name) + "'; known: "
                            + String.join(", ", TraceCatalog.entries().stream().map(TraceCatalog.Entry::name).toList()));
                }
                try {
                    return catalog.resolve(name);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("trace: " + e.getMessage());
                }
            };
        }
    }

    private static Workload workload(LiveRequest r, TraceLoader traces) {
        int n = r.steps();
        double dt = r.stepSeconds();
        double peak = r.peakRate();
        if (r.trace() != null) {
            Trace t = traces.load(r.trace()).resample(dt);
            if (t.length() < 1 || t.peakRate() <= 0) {
                throw ApiException.badRequest("trace: '" + r.trace() + "' has no requests");
            }
            int from = r.from() == null ? 0 : r.from();
            if (from >= t.length()) {
                throw ApiException.badRequest("from: trace '" + r.trace() + "' has " + t.length() + " steps of " + dt
                        + " s; a slice must start before step " + t.length() + ", got " + from);
            }
            t = t.slice(from, (int) Math.min(t.length(), (long) from + n));
            if (r.scale() != null) {
                return new FixedTrace(t.scaled(r.scale()));
            }
            double tp = t.peakRate();
            return new FixedTrace(tp > 0 ? t.scaled(peak / tp) : t);
        }
        double day = 86_400 / dt;
        return switch (r.workload()) {
            case "diurnal" -> Workloads.diurnal(n, dt, peak * 0.55, peak * 0.41, day, peak * 0.04);
            case "step" -> Workloads.step(n, dt, peak * 0.3, peak, n / 2);
            case "flash-crowd" -> Workloads.flashCrowd(n, dt, peak / 8, 8, n / 3, Math.max(1, n / 100),
                    Math.max(1, n / 20), Math.max(1, n / 30.0));
            case "seed-b" -> Workloads.seedB(n, dt, day, 0.4, 0.3, 0.05, 0.005, 0.4).scaled(peak);
            default -> throw ApiException.badRequest("workload: unknown '" + r.workload() + "'");
        };
    }
}
