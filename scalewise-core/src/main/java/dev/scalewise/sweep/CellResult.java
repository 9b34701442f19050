package dev.scalewise.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.MetricStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one {@link SweepCell}: KPIs of the trained greedy policy on held-out data, mean and 95% CI over the
 * evaluation seeds, or the error that stopped it.
 *
 * @param index            the cell's position
 * @param id               the cell's id
 * @param configId         the configuration's id
 * @param ok               false when the cell failed
 * @param error            the failure (exception and message), null when ok
 * @param metrics          metric name -&gt; statistics over the evaluation seeds ({@link #METRICS})
 * @param trainEpisodes    episodes trained
 * @param trainSteps       environment steps trained
 * @param trainMeanReturn  mean return of the last 50 training episodes
 * @param wallSeconds      wall-clock time of the cell (not part of the results' identity)
 */
public record CellResult(@JsonProperty("index") int index, @JsonProperty("id") String id,
                         @JsonProperty("config_id") String configId, @JsonProperty("ok") boolean ok,
                         @JsonProperty("error") String error,
                         @JsonProperty("metrics") Map<String, MetricStats> metrics,
                         @JsonProperty("train_episodes") int trainEpisodes,
                         @JsonProperty("train_steps") long trainSteps,
                         @JsonProperty("train_mean_return") double trainMeanReturn,
                         @JsonProperty("wall_seconds") double wallSeconds) {

    /** The evaluation metrics (JSON names): {@link Metric}s that need no reference policy. */
    public static final List<Metric> EVAL_METRICS = List.of(Metric.COST_USD, Metric.INSTANCE_HOURS,
            Metric.SLA_COMPLIANCE_PCT, Metric.SLA_COMPLIANCE_REQUESTS_PCT, Metric.P50_LATENCY_MS, Metric.P95_LATENCY_MS,
            Metric.P99_LATENCY_MS, Metric.DROPPED_REQUESTS, Metric.SCALING_ACTIONS, Metric.FLAPS,
            Metric.MEAN_UTILIZATION);

    /** Every metric name a result carries: the evaluation metrics, then {@code train_mean_return}. */
    public static final List<String> METRICS;

    static {
        List<String> m = new ArrayList<>();
        EVAL_METRICS.forEach(x -> m.add(x.jsonName()));
        m.add("train_mean_return");
        METRICS = List.copyOf(m);
    }

    public CellResult {
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /** A failed cell. */
    public static CellResult failed(SweepCell cell, String error, double wallSeconds) {
        return new CellResult(cell.index(), cell.id(), cell.configId(), false, error, Map.of(), 0, 0, Double.NaN,
                wallSeconds);
    }

    /** The mean of a metric (NaN when absent). */
    public double mean(String metric) {
        MetricStats s = metrics.get(metric);
        return s == null ? Double.NaN : s.mean();
    }

    /** The same result at another position. */
    public CellResult withIndex(int i) {
        return new CellResult(i, id, configId, ok, error, metrics, trainEpisodes, trainSteps, trainMeanReturn,
                wallSeconds);
    }

    /** The same result without its wall-clock time: what must not depend on the engine. */
    public CellResult withoutTiming() {
        return new CellResult(index, id, configId, ok, error, metrics, trainEpisodes, trainSteps, trainMeanReturn, 0);
    }

    public String toJson() {
        return SweepJson.write(this);
    }

    public static CellResult fromJson(String json) {
        return SweepJson.read(json, CellResult.class);
    }
}
