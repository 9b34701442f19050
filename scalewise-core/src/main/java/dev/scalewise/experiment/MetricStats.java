package dev.scalewise.experiment;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Mean and 95% confidence half-width across seeds: {@code t(0.975, n-1) x s / sqrt(n)} with the sample standard
 * deviation s (Student t); 0 with one seed; NaN when undefined (e.g. no static reference).
 *
 * @param mean the mean across seeds
 * @param ci95 the half-width of the 95% confidence interval
 * @param n    seeds
 */
public record MetricStats(double mean, double ci95, int n) {

    /** Statistics of {@code values}; NaN values make the result NaN. */
    public static MetricStats of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MetricStats(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MetricStats(mean, Double.isNaN(mean) ? Double.NaN : 0, 1);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return new MetricStats(mean, t * sd / Math.sqrt(n), n);
    }
}
