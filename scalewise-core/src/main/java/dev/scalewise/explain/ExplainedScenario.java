package dev.scalewise.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.workload.Trace;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario an explained episode ran on, named so a reader can tell it from another run's (the demo explains the
 * held-out days; {@code explain --run-dir} a day drawn from the run's training part): the trace, the steps of it
 * (in the resampled trace's steps), the scale factor and the episode seed.
 *
 * @param trace       the trace or workload name
 * @param fromStep    first step of the trace played (null when the workload is generated, not a slice of a trace)
 * @param toStep      end of the steps played, exclusive (null as {@code fromStep})
 * @param stepSeconds seconds per step
 * @param steps       steps in the episode
 * @param scale       factor the trace's rates were multiplied by
 * @param seed        the episode seed
 * @param note        where the steps come from (e.g. "held-out days"), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trace", "from_step", "to_step", "step_seconds", "steps", "scale", "seed", "note", "description"})
public record ExplainedScenario(@JsonProperty("trace") String trace,
                                @JsonProperty("from_step") Integer fromStep,
                                @JsonProperty("to_step") Integer toStep,
                                @JsonProperty("step_seconds") double stepSeconds,
                                @JsonProperty("steps") int steps,
                                @JsonProperty("scale") double scale,
                                @JsonProperty("seed") long seed,
                                @JsonProperty("note") String note) {

    /** One line: "nasa-http-1995, steps 60480..61920 (60 s each), scaled x0.01234, episode seed 1 (held-out days)". */
    @JsonProperty("description")
    public String description() {
        StringBuilder b = new StringBuilder(trace);
        if (fromStep != null) {
            b.append(String.format(Locale.ROOT, ", steps %d..%d", fromStep, toStep));
        } else {
            b.append(String.format(Locale.ROOT, ", %d steps", steps));
        }
        b.append(String.format(Locale.ROOT, " (%s s each)", Narrative.significant(stepSeconds)));
        if (scale != 1) {
            b.append(String.format(Locale.ROOT, ", scaled x%.4g", scale));
        }
        b.append(", episode seed ").append(seed);
        if (note != null) {
            b.append(" (").append(note).append(')');
        }
        return b.toString();
    }

    /**
     * The scenario of an episode played on the workload of {@code spec}: for a trace workload, the episode's trace
     * is found in the prepared trace (resampled, sliced and scaled as the spec says), so a window drawn at random
     * per episode is named by its steps; other workloads are named by kind and length.
     *
     * @param spec    the workload spec the environment was built from
     * @param episode the trace the episode played (the environment's after its reset)
     * @param traces  resolves the spec's trace name
     * @param seed    the episode seed
     * @param note    where the steps come from, or null
     */
    public static ExplainedScenario of(WorkloadSpec spec, Trace episode, Scenarios.TraceResolver traces, long seed,
                                       String note) {
        double scale = spec.param("scale", 1);
        if (!"trace".equals(spec.kind()) || spec.trace() == null) {
            return new ExplainedScenario(spec.kind(), null, null, episode.stepSeconds(), episode.length(), scale, seed,
                    note);
        }
        Map<String, Double> whole = new LinkedHashMap<>(spec.params());
        whole.remove("windowSteps");
        Trace prepared = Scenarios.traceWorkload(traces.resolve(spec.trace()), new WorkloadSpec(spec.kind(), whole,
                spec.trace())).generate(new java.util.SplittableRandom(0));
        int at = locate(episode.rates(), prepared.rates());
        if (at < 0) {
            return new ExplainedScenario(spec.trace(), null, null, episode.stepSeconds(), episode.length(), scale, seed,
                    note);
        }
        int from = (int) spec.param("fromStep", 0) + at;
        return new ExplainedScenario(spec.trace(), from, from + episode.length(), episode.stepSeconds(),
                episode.length(), scale, seed, note);
    }

    /** A slice {@code [from, to)} of a trace, scaled by {@code scale}. */
    public static ExplainedScenario slice(String trace, int from, int to, double stepSeconds, double scale, long seed,
                                          String note) {
        return new ExplainedScenario(trace, from, to, stepSeconds, to - from, scale, seed, note);
    }

    /** The first index where {@code part} occurs in {@code whole} value for value, or -1. */
    static int locate(double[] part, double[] whole) {
        if (part.length == 0) {
            return -1;
        }
        outer:
        for (int s = 0; s + part.length <= whole.length; s++) {
            for (int i = 0; i < part.length; i++) {
                if (Double.compare(whole[s + i], part[i]) != 0) {
                    continue outer;
                }
            }
            return s;
        }
        return -1;
    }
}
