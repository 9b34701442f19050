package dev.scalewise.experiment;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A workload as data, so that a run's spec can rebuild it.
 *
 * @param kind   {@code default-diurnal} ({@link Scenarios#defaultWorkload}), {@code seed-a}, {@code seed-b}
 *               (unit-free, scaled by {@code params.scale}, default 1), or {@code trace} (a named trace,
 *               resolved by the caller's {@link Scenarios.TraceResolver})
 * @param params named numbers of the generator (see each kind); missing ones take the defaults
 * @param trace  the trace name for kind {@code trace}, else null
 */
public record WorkloadSpec(String kind, Map<String, Double> params, String trace) {
    public WorkloadSpec {
        Objects.requireNonNull(kind, "workload.kind");
        params = new TreeMap<>(params == null ? Map.of() : params);
    }

    public static WorkloadSpec of(String kind) {
        return new WorkloadSpec(kind, Map.of(), null);
    }

    /** A named trace (resolved by a {@link Scenarios.TraceResolver}). */
    public static WorkloadSpec trace(String name) {
        return new WorkloadSpec("trace", Map.of(), name);
    }

    /** The parameter {@code name}, or {@code fallback}. */
    public double param(String name, double fallback) {
        Double v = params.get(name);
        return v == null ? fallback : v;
    }
}
