package dev.scalewise.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /api/live}: which workload, which policies, how long and how fast. Every field is
 * checked by {@link #validate()}, which names the field and the bad value.
 *
 * @param trace       a trace catalog name (letters, digits, '-', '_', '.'), or null for a synthetic workload
 * @param workload    synthetic workload when no trace: diurnal (default), step, flash-crowd, seed-b
 * @param policies    one policy name per world (1 to {@link #MAX_WORLDS})
 * @param steps       steps to simulate (1 to {@link #MAX_STEPS}; default 1,440: one day of minutes)
 * @param stepSeconds control interval in seconds (10 to 3,600; default 60)
 * @param peakRate    the workload's peak arrival rate in requests/s (default 270)
 * @param speed       simulated steps per second of playback; 0 streams at full speed (default 0)
 * @param seed        the episode's seed, shared by every world (default 42; with {@code run}, the run's comparison's
 *                    first seed)
 * @param run         a trained agent's run folder whose scenario is the default ({@link LiveScenario}): trace, slice,
 *                    scale, environment and seed come from it unless given here
 * @param from        the trace slice's first step (after resampling to {@code step_seconds}; default 0)
 * @param scale       multiply the trace's rates by this (default: scale the slice's peak to {@code peak_rate})
 * @param bootDelay   the instances' boot delay in seconds (default: the run's, else the environment's default)
 * @param physics     {@code fast} (default) or {@code des}: the request-level simulation, step by step
 */
public record LiveRequest(@JsonProperty("trace") String trace,
                          @JsonProperty("workload") String workload,
                          @JsonProperty("policies") List<String> policies,
                          @JsonProperty("steps") Integer steps,
                          @JsonProperty("step_seconds") Double stepSeconds,
                          @JsonProperty("peak_rate") Double peakRate,
                          @JsonProperty("speed") Double speed,
                          @JsonProperty("seed") Long seed,
                          @JsonProperty("run") String run,
                          @JsonProperty("from") Integer from,
                          @JsonProperty("scale") Double scale,
                          @JsonProperty("boot_delay_s") Double bootDelay,
                          @JsonProperty("physics") String physics) {
    /** Most worlds in one comparison. */
    public static final int MAX_WORLDS = 8;
    /** Most steps per world (two weeks of minutes). */
    public static final int MAX_STEPS = 20_160;
    /**
     * Most work in one comparison, in world-steps (steps x policies): four two-week worlds. An oracle world of
     * 20,160 steps costs about 10 s of CPU, so one comparison stays under a minute.
     */
    public static final int MAX_WORK = 4 * MAX_STEPS;
    /** The synthetic workloads offered. */
    public static final List<String> WORKLOADS = List.of("diurnal", "step", "flash-crowd", "seed-b");

    /** Most steps a slice may start at. */
    public static final int MAX_FROM = 100_000_000;

    /**
     * This request with the fields it leaves out taken from a run's scenario: the trace when it names no workload;
     * the slice (from, steps) and scale when it replays the scenario's trace; boot delay, physics, step and seed.
     */
    public LiveRequest withDefaults(LiveScenario s) {
        boolean own = (trace == null || trace.isBlank()) && (workload == null || workload.isBlank());
        boolean same = own || trace != null && trace.strip().equals(s.trace());
        return new LiveRequest(own ? s.trace() : trace, workload, policies, steps == null && same ? s.steps() : steps,
                stepSeconds == null ? s.env().stepSeconds() : stepSeconds, peakRate, speed,
                seed == null ? s.seed() : seed, run, from == null && same ? s.from() : from,
                scale == null && same && peakRate == null ? s.scale() : scale,
                bootDelay == null ? s.env().cluster().bootDelaySeconds() : bootDelay,
                physics == null ? s.env().physics().id() : physics);
    }

    /** This request with defaults filled in, or an {@link ApiException} (400) naming the bad field. */
    public LiveRequest validate() {
        String t = trace == null || trace.isBlank() ? null : trace.strip();
        if (t != null && !t.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}")) {
            throw ApiException.badRequest("trace must be a catalog name (see /api/traces), got '" + RunStore.clip(t) + "'");
        }
        String w = workload == null || workload.isBlank() ? "diurnal" : workload.strip();
        if (t == null && !WORKLOADS.contains(w)) {
            throw ApiException.badRequest("workload must be one of " + String.join(", ", WORKLOADS) + ", got '"
                    + RunStore.clip(w) + "'");
        }
        if (policies == null || policies.isEmpty()) {
            throw ApiException.badRequest("policies must list 1 to " + MAX_WORLDS + " policy names");
        }
        if (policies.size() > MAX_WORLDS) {
            throw ApiException.badRequest("policies: at most " + MAX_WORLDS + " worlds, got " + policies.size());
        }
        for (String p : policies) {
            if (p == null || !p.matches("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}")) {
                throw ApiException.badRequest("policies: bad policy name '" + RunStore.clip(p) + "'");
            }
        }
        int n = steps == null ? 1440 : steps;
        if (n < 1 || n > MAX_STEPS) {
            throw ApiException.badRequest("steps must be in [1, " + MAX_STEPS + "], got " + n);
        }
        long work = (long) n * policies.size();
        if (work > MAX_WORK) {
            throw ApiException.badRequest("steps x policies = " + n + " x " + policies.size() + " = " + work
                    + " world-steps, more than the " + MAX_WORK + " one comparison may run; ask for fewer steps or "
                    + "policies");
        }
        double dt = stepSeconds == null ? 60 : stepSeconds;
        if (!(dt >= 10 && dt <= 3600)) {
            throw ApiException.badRequest("step_seconds must be in [10, 3600], got " + dt);
        }
        double peak = peakRate == null ? 270 : peakRate;
        if (!(peak > 0 && peak <= 1e6)) {
            throw ApiException.badRequest("peak_rate must be in (0, 1000000] requests/s, got " + peak);
        }
        double v = speed == null ? 0 : speed;
        LiveStream.checkSpeed(v);
        String r = run == null || run.isBlank() ? null : run.strip();
        if (r != null && !r.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}")) {
            throw ApiException.badRequest("run must be a run folder name (see /api/runs), got '" + RunStore.clip(r) + "'");
        }
        if (from != null && (from < 0 || from > MAX_FROM)) {
            throw ApiException.badRequest("from must be in [0, " + MAX_FROM + "], got " + from);
        }
        if (from != null && from > 0 && t == null) {
            throw ApiException.badRequest("from slices a catalog trace; the synthetic workloads start at step 0");
        }
        if (scale != null && !(scale > 0 && scale <= 1e6)) {
            throw ApiException.badRequest("scale must be in (0, 1000000], got " + scale);
        }
        if (scale != null && t == null) {
            throw ApiException.badRequest("scale multiplies a catalog trace's rates; for a synthetic workload give peak_rate");
        }
        if (bootDelay != null && !(bootDelay >= 0 && bootDelay <= 3600)) {
            throw ApiException.badRequest("boot_delay_s must be in [0, 3600] seconds, got " + bootDelay);
        }
        String ph = physics == null || physics.isBlank() ? "fast" : physics.strip().toLowerCase(java.util.Locale.ROOT);
        if (!ph.equals("fast") && !ph.equals("des")) {
            throw ApiException.badRequest("physics must be fast or des, got '" + RunStore.clip(physics) + "'");
        }
        return new LiveRequest(t, t == null ? w : null, List.copyOf(policies), n, dt, peak, v, seed == null ? 42L : seed,
                r, from == null ? 0 : from, scale, bootDelay, ph);
    }
}
