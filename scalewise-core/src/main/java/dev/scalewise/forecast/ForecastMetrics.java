package dev.scalewise.forecast;

/**
 * Point-forecast errors over a set of (actual, forecast) pairs (Hyndman &amp; Koehler, "Another look at measures of
 * forecast accuracy", IJF 22(4), 2006; FPP3 section 5.8).
 *
 * <ul>
 *   <li>{@code mae} = mean |a - f|; {@code rmse} = sqrt(mean (a - f)^2), in the unit of the series;</li>
 *   <li>{@code smapePct} = 100/n * sum 2|a - f| / (|a| + |f|), pairs with {@code a = f = 0} counting as 0, in [0, 200];</li>
 *   <li>{@code mase} = mae / scale, where the scale is the <b>in-sample</b> mean absolute error of the one-step
 *       seasonal naive forecast on the training split, {@code mean |y[t] - y[t-m]|} (Hyndman's definition), so
 *       every model evaluated on one split shares one denominator and MASE ranks them like MAE. Below 1 means better
 *       than the seasonal naive forecast was in sample, not necessarily better than seasonal naive on the test
 *       split: compare with the seasonal naive model's own MASE for that.</li>
 * </ul>
 *
 * @param count number of pairs
 */
public record ForecastMetrics(double mae, double rmse, double smapePct, double mase, long count) {

    /** The MASE scale: mean |y[t] - y[t - m]| over the training split (lag 1 when it is not longer than a season). */
    public static double seasonalNaiveScale(double[] train, int season) {
        int lag = train.length > season ? season : 1;
        if (train.length <= lag) {
            return Double.NaN;
        }
        double sum = 0;
        for (int t = lag; t < train.length; t++) {
            sum += Math.abs(train[t] - train[t - lag]);
        }
        return sum / (train.length - lag);
    }

    /** Metrics of paired arrays with the given MASE scale. */
    public static ForecastMetrics of(double[] actual, double[] forecast, double maseScale) {
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " values but forecast has " + forecast.length);
        }
        Accumulator acc = new Accumulator();
        for (int i = 0; i < actual.length; i++) {
            acc.add(actual[i], forecast[i]);
        }
        return acc.metrics(maseScale);
    }

    /** Sums errors one pair at a time. */
    public static final class Accumulator {
        private double absSum;
        private double sqSum;
        private double smapeSum;
        private long n;

        /** Adds one pair. */
        public void add(double actual, double forecast) {
            double e = actual - forecast;
            absSum += Math.abs(e);
            sqSum += e * e;
            double denominator = Math.abs(actual) + Math.abs(forecast);
            smapeSum += denominator == 0 ? 0 : 2 * Math.abs(e) / denominator;
            n++;
        }

        /** Number of pairs added. */
        public long count() {
            return n;
        }

        /** Mean absolute error so far (NaN when empty). */
        public double mae() {
            return n == 0 ? Double.NaN : absSum / n;
        }

        /** The metrics so far. */
        public ForecastMetrics metrics(double maseScale) {
            if (n == 0) {
                return new ForecastMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double mae = absSum / n;
            return new ForecastMetrics(mae, Math.sqrt(sqSum / n), 100 * smapeSum / n,
                    maseScale > 0 ? mae / maseScale : Double.NaN, n);
        }
    }
}
