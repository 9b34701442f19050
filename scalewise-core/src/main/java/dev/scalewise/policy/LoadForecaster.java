package dev.scalewise.policy;

/**
 * What predictive scaling needs from a forecaster: from the observed rates {@code history[0 .. count)} (oldest
 * first, never the future), the forecast for each of the next {@code horizon} steps. A small seam so that the
 * richer forecasters of {@code dev.scalewise.forecast} can replace {@link SeasonalNaive}.
 */
@FunctionalInterface
public interface LoadForecaster {
    double[] forecast(double[] history, int count, int horizon);

    /**
     * Seasonal naive: the value one season earlier, averaged over up to {@code seasons} past seasons (plain
     * seasonal naive with {@code seasons = 1}).
     *
     * @param periodSteps season length in steps
     * @param seasons     past seasons averaged, &gt;= 1
     */
    record SeasonalNaive(int periodSteps, int seasons) implements LoadForecaster {
        public SeasonalNaive {
            if (periodSteps < 1 || seasons < 1) {
                throw new IllegalArgumentException("seasonal naive needs periodSteps >= 1 and seasons >= 1, got "
                        + periodSteps + ", " + seasons);
            }
        }

        @Override
        public double[] forecast(double[] history, int count, int horizon) {
            double[] f = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                // Seasons that end before the forecast window: the first is floor(h / period) + 1 seasons back.
                int first = h / periodSteps + 1;
                double sum = 0;
                int n = 0;
                for (int k = first; k < first + seasons; k++) {
                    long idx = (long) count + h - (long) k * periodSteps;
                    if (idx >= 0) {
                        sum += history[(int) idx];
                        n++;
                    }
                }
                f[h] = n == 0 ? (count > 0 ? history[count - 1] : 0) : sum / n;
            }
            return f;
        }
    }
}
