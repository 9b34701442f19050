package dev.scalewise.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario a trained agent's run folder records, which live worlds replay by default when that agent is chosen:
 * the catalog trace of its {@code spec.json} resampled to the run's control step, the held-out slice (from the end
 * of the training part, {@code toStep}, for as many steps as the run's {@code comparison.json} compared, one day
 * without a comparison), the run's scale factor, its environment (service rate, SLO, boot delay, prices, bounds,
 * physics) warm-started as the demo's comparison is ({@code Scenarios.warmStart}), and the comparison's first seed.
 * This is the scenario {@code scalewise demo} evaluates, so a live world of the demo's agent reproduces the
 * comparison's first seed step for step.
 *
 * <p>The training range is what the banner checks a live world against: with a randomized training scenario
 * ({@code RandomizedEnv}: each episode a day scaled so that its peak needs {@code peakInstancesMin..Max} instances at
 * 70% utilization, a boot delay of {@code bootMin..Max} seconds), those; otherwise peaks up to the training part's
 * (10% beyond tolerated) and its one boot delay.
 *
 * @param run              the run folder's name
 * @param trace            the catalog trace
 * @param from             the slice's first step (after resampling to {@code env.stepSeconds()})
 * @param steps            the slice's length
 * @param scale            the factor the trace's rates are multiplied by
 * @param seed             the episode seed (the comparison's first)
 * @param env              the environment (not yet warm-started: that depends on the slice)
 * @param range            the training range
 * @param comparisonSlaPct the agent's mean SLA compliance in the run's comparison (null without one)
 * @param comparisonSeeds  the comparison's seeds (empty without one)
 */
public record LiveScenario(String run, String trace, int from, int steps, double scale, long seed, EnvConfig env,
                           TrainingRange range, Double comparisonSlaPct, List<Long> comparisonSeeds) {

    /** Utilization at which a randomized training peak "needs" its instances ({@code Randomization}). */
    public static final double PEAK_UTILIZATION = 0.7;
    /** Share of an agent world's steps in never-trained states above which the banner warns. */
    public static final double UNVISITED_SHARE_WARNING = 0.05;

    /**
     * What the agent was trained on.
     *
     * @param peakInstancesMin smallest training peak in instances at 70% utilization
     * @param peakInstancesMax largest
     * @param bootMinSeconds   shortest boot delay trained on
     * @param bootMaxSeconds   longest
     * @param randomized       whether every episode drew its scale and boot delay (else one scale and delay)
     */
    public record TrainingRange(double peakInstancesMin, double peakInstancesMax, double bootMinSeconds,
                                double bootMaxSeconds, boolean randomized) {

        /** Why a world with this peak (instances at 70%) and boot delay is outside the range; empty when inside. */
        public List<String> outside(double peakInstances, double bootSeconds) {
            List<String> why = new ArrayList<>();
            if (peakInstances < peakInstancesMin * 0.999 || peakInstances > peakInstancesMax * 1.001) {
                why.add(String.format(Locale.ROOT, "the peak needs %.1f instances at 70%% utilization; it trained on "
                        + "%s", peakInstances, randomized
                        ? String.format(Locale.ROOT, "peaks of %.0f to %.0f", peakInstancesMin, peakInstancesMax)
                        : String.format(Locale.ROOT, "one scale, with peaks up to %.1f", peakInstancesMax / 1.1)));
            }
            if (bootSeconds < bootMinSeconds - 1e-9 || bootSeconds > bootMaxSeconds + 1e-9) {
                why.add(String.format(Locale.ROOT, "the boot delay is %.0f s; it trained on %s", bootSeconds, randomized
                        ? String.format(Locale.ROOT, "%.0f to %.0f s", bootMinSeconds, bootMaxSeconds)
                        : String.format(Locale.ROOT, "%.0f s only", bootMinSeconds)));
            }
            return why;
        }
    }

    /** Loads catalog traces (as read, not resampled). */
    @FunctionalInterface
    public interface Traces {
        Trace load(String name);
    }

    /**
     * The scenario of the run folder {@code dir} (called {@code run}).
     *
     * @throws ApiException 422 naming the reason when the run cannot be replayed live (no spec, another environment,
     *                      a workload that is not a catalog trace)
     */
    public static LiveScenario of(String run, Path dir, Traces traces) throws IOException {
        Path specFile = dir.resolve(RunDirectory.SPEC);
        if (!Files.isRegularFile(specFile)) {
            throw new ApiException(422, "run '" + run + "' has no " + RunDirectory.SPEC + ": no training scenario to "
                    + "replay");
        }
        JsonNode spec = read(run, specFile);
        JsonNode scenario = spec.path("scenario");
        String envId = scenario.path("env").asText(AutoscaleEnv.ID);
        if (!envId.equals(AutoscaleEnv.ID)) {
            throw new ApiException(422, "run '" + run + "' was trained on the " + envId + " environment; live worlds "
                    + "run " + AutoscaleEnv.ID);
        }
        JsonNode workload = scenario.path("workload");
        String kind = workload.path("kind").asText("");
        String trace = workload.path("trace").asText("");
        if (!kind.equals("trace") || TraceCatalog.entry(trace).isEmpty()) {
            throw new ApiException(422, "run '" + run + "' trained on the workload '" + kind
                    + (trace.isEmpty() ? "" : " " + trace) + "', not a catalog trace: live worlds cannot replay it; "
                    + "choose a trace, slice and scale yourself");
        }
        EnvConfig env;
        try {
            env = RunDirectory.json().treeToValue(scenario.path("config"), EnvConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(422, "run '" + run + "': its spec.json scenario.config cannot be read: "
                    + RunStore.clip(String.valueOf(e.getMessage())));
        }
        if (env == null) {
            throw new ApiException(422, "run '" + run + "': its spec.json has no scenario.config");
        }
        JsonNode params = workload.path("params");
        double dt = params.path("stepSeconds").asDouble(0);
        if (dt > 0) {
            env = env.withStepSeconds(dt);
        }
        double scale = params.path("scale").asDouble(1);
        int fromStep = params.path("fromStep").asInt(0);
        int toStep = params.path("toStep").asInt(0);
        int window = params.path("windowSteps").asInt(0);

        Path cmpFile = dir.resolve("comparison.json");
        JsonNode cmp = Files.isRegularFile(cmpFile) ? read(run, cmpFile) : null;
        int day = (int) Math.round(86_400 / env.stepSeconds());
        int steps = cmp != null && cmp.path("steps").asInt(0) > 0 ? cmp.path("steps").asInt() : window > 0 ? window : day;
        int length = traces.load(trace).resample(env.stepSeconds()).length();
        int from = toStep > 0 && toStep + steps <= length ? toStep : fromStep;
        steps = Math.max(1, Math.min(steps, length - from));
        List<Long> seeds = new ArrayList<>();
        Double sla = null;
        if (cmp != null) {
            cmp.path("seeds").forEach(s -> seeds.add(s.asLong()));
            if (cmp.path("boot_delay_s").isNumber()) {
                env = env.withCluster(env.cluster().withBootDelaySeconds(cmp.path("boot_delay_s").asDouble()));
            }
            for (JsonNode p : cmp.path("policies")) {
                if (p.path("name").asText().equals("agent") && p.path("sla_compliance_pct").isNumber()) {
                    sla = p.path("sla_compliance_pct").asDouble();
                }
            }
        }
        JsonNode rnd = scenario.path("randomization");
        TrainingRange range;
        if (rnd.isObject()) {
            range = new TrainingRange(rnd.path("peakInstancesMin").asDouble(), rnd.path("peakInstancesMax").asDouble(),
                    rnd.path("bootMinSeconds").asDouble(), rnd.path("bootMaxSeconds").asDouble(), true);
        } else {
            Trace trained = traces.load(trace).resample(env.stepSeconds());
            trained = trained.slice(Math.min(fromStep, trained.length()), toStep > 0 ? Math.min(toStep, trained.length())
                    : trained.length());
            // one scale: every load up to the training part's peak was seen (10% beyond is tolerated); lower loads
            // are left to the never-visited-states check
            double peak = trained.peakRate() * scale / (env.serviceRate() * PEAK_UTILIZATION);
            double boot = env.cluster().bootDelaySeconds();
            range = new TrainingRange(0, peak * 1.1, boot, boot, false);
        }
        return new LiveScenario(run, trace, from, steps, scale, seeds.isEmpty() ? 1 : seeds.get(0), env, range, sla,
                List.copyOf(seeds));
    }

    /** The scenario as the page reads it ({@code GET /api/live/scenario}). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("trace", trace);
        m.put("from", from);
        m.put("steps", steps);
        m.put("scale", scale);
        m.put("seed", seed);
        m.put("step_seconds", env.stepSeconds());
        m.put("boot_delay_s", env.cluster().bootDelaySeconds());
        m.put("slo_ms", env.sloSeconds() * 1000);
        m.put("service_rate", env.serviceRate());
        m.put("physics", env.physics().id());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("randomized", range.randomized());
        r.put("peak_instances_min", range.peakInstancesMin());
        r.put("peak_instances_max", range.peakInstancesMax());
        r.put("boot_min_s", range.bootMinSeconds());
        r.put("boot_max_s", range.bootMaxSeconds());
        m.put("training_range", r);
        m.put("comparison_sla_pct", comparisonSlaPct);
        m.put("comparison_seeds", comparisonSeeds);
        return m;
    }

    private static JsonNode read(String run, Path f) throws IOException {
        if (Files.size(f) > RunStore.MAX_FILE_BYTES) {
            throw new ApiException(413, f.getFileName() + " of run '" + run + "' is too large");
        }
        try {
            return RunDirectory.json().readTree(f.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(422, f.getFileName() + " of run '" + run + "' is not valid JSON: "
                    + RunStore.clip(e.getOriginalMessage()));
        }
    }
}
