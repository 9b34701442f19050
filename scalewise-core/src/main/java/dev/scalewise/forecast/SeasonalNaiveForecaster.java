package dev.scalewise.forecast;

/**
 * The seasonal naive forecast: the value one season earlier, {@code y[t + h] = y[t + h - m * k]} with
 * {@code k = ceil(h / m)} (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed.,
 * section 5.2). With less than one season of history it falls back to the naive forecast. No parameters.
 */
public final class SeasonalNaiveForecaster implements Forecaster {
    private final int season;

    /** @param season season length in steps, &gt;= 1 */
    public SeasonalNaiveForecaster(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, got " + season);
        }
        this.season = season;
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    /** Season length in steps. */
    public int season() {
        return season;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        // nothing to learn
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        double[] f = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            if (end < season) {
                f[h - 1] = series[end - 1];
            } else {
                int k = (h + season - 1) / season;
                f[h - 1] = series[end - 1 + h - season * k];
            }
        }
        return f;
    }
}
