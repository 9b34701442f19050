package dev.scalewise.web;

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
     * @param name  the policy name (with {@code #k} appended when a name repeats)
     * @param steps the step records, in order
     */
    public record World(String name, List<StepInfo> steps) {
    }

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
        for (String p : request.policies()) {
            if (!policies.contains(p)) {
                throw ApiException.badRequest("policies: unknown policy '" + p + "'; known: "
                        + String.join(", ", policies.choices().stream().map(PolicyProvider.Choice::name).toList()));
            }
        }
        EnvConfig config = EnvConfig.defaults().withStepSeconds(request.stepSeconds());
        Workload workload = workload(request, traces);
        List<World> worlds = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        String traceName = null;
        for (String name : request.policies()) {
            AutoscaleEnv env = new AutoscaleEnv(config, workload, CostSlaReward.defaults());
            env.reset(request.seed());
            traceName = env.trace().name();
            Policy policy = policies.create(name, new PolicyProvider.Context(env.trace(), config, request.seed()));
            List<StepInfo> steps = new ArrayList<>(request.steps());
            Episodes.run(env, policy, request.seed(), steps::add);
            int k = seen.merge(name, 1, Integer::sum);
            worlds.add(new World(k == 1 ? name : name + "#" + k, List.copyOf(steps)));
        }
        return new LiveComparison(id, request, traceName, config, List.copyOf(worlds));
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
            t = t.slice(0, Math.min(n, t.length()));
            double tp = t.peakRate();
            return Workload.fixed(tp > 0 ? t.scaled(peak / tp) : t);
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
