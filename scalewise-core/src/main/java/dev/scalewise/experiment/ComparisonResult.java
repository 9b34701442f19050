package dev.scalewise.experiment;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.StepInfo;
import dev.scalewise.metrics.Kpis;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link Comparison}.
 *
 * @param trace            trace name
 * @param steps            steps per episode
 * @param stepSeconds      dt
 * @param seeds            seeds run
 * @param env              the environment configuration
 * @param policies         per policy: per-seed KPIs and statistics, in report order
 * @param firstSeedSeries  per policy, every step of the first seed (for charts)
 * @param traceRates       the trace's rates (deterministic)
 * @param firstSeedArrivals the arrival rates realized in the first seed (identical for every policy)
 * @param arrivalsVerified every policy's arrivals were checked identical, step by step, in every seed
 */
public record ComparisonResult(String trace, int steps, double stepSeconds, List<Long> seeds, EnvConfig env,
                               List<PolicyResult> policies, Map<String, List<StepInfo>> firstSeedSeries,
                               double[] traceRates, double[] firstSeedArrivals, boolean arrivalsVerified) {

    /** The result of one policy. */
    public record PolicyResult(String name, List<Kpis> perSeed, Map<Metric, MetricStats> stats) {
        public MetricStats stat(Metric m) {
            return stats.get(m);
        }

        public double mean(Metric m) {
            return stats.get(m).mean();
        }
    }

    /** The result of the named policy; fails when absent. */
    public PolicyResult policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy '" + name + "' in this comparison"));
    }
}
