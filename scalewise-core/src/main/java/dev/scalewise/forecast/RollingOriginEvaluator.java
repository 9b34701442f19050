package dev.scalewise.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Rolling-origin ("evaluation on a rolling forecasting origin", FPP3 section 5.10) evaluation on the test split:
 * the forecaster is fitted once on the training split (with the validation split for early stopping), then, for
 * every origin {@code e} from the start of the test split to {@code length - horizon} (every {@code stride} steps),
 * it forecasts {@code series[e .. e + horizon)} from {@code series[0 .. e)} and the errors are pooled over all
 * origins and leads {@code 1..horizon}. Metrics per lead are kept too; the lead equal to the horizon is the one an
 * autoscaler with that boot delay acts on.
 */
public final class RollingOriginEvaluator {
    private final int horizon;
    private final int season;
    private final int stride;
    private final boolean clampNonNegative;
    private final LongSupplier nanoClock;

    /**
     * @param horizon          leads 1..horizon are scored, &gt;= 1
     * @param season           season length in steps (MASE scale and the seasonal naive benchmark), &gt;= 1
     * @param stride           steps between origins, &gt;= 1
     * @param clampNonNegative whether forecasts are clamped at zero before scoring (rates cannot be negative)
     * @param nanoClock        the clock that times fitting (e.g. {@code System::nanoTime}); only for reporting
     */
    public RollingOriginEvaluator(int horizon, int season, int stride, boolean clampNonNegative, LongSupplier nanoClock) {
        if (horizon < 1 || season < 1 || stride < 1) {
            throw new IllegalArgumentException("horizon, season and stride must be >= 1, got " + horizon + ", " + season + ", " + stride);
        }
        this.horizon = horizon;
        this.season = season;
        this.stride = stride;
        this.clampNonNegative = clampNonNegative;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * The outcome for one forecaster.
     *
     * @param name                the forecaster's name
     * @param overall             errors pooled over all origins and leads 1..horizon
     * @param byLead              errors per lead; element {@code k} is lead {@code k + 1}
     * @param relativeMae         overall MAE divided by the seasonal naive forecast's MAE at the same origins and
     *                            leads (below 1: beats seasonal naive on the test split)
     * @param fitSeconds          wall time of {@link Forecaster#fit}
     * @param forecastSeconds     wall time of all the forecasts
     * @param targets             for the plot: the index of the value forecast at lead {@code horizon}, per origin
     * @param forecastsAtHorizon  for the plot: the forecast at lead {@code horizon}, per origin
     */
    public record Result(String name, ForecastMetrics overall, List<ForecastMetrics> byLead, double relativeMae,
                         double fitSeconds, double forecastSeconds, int[] targets, double[] forecastsAtHorizon) {
    }

    /** The origins (values observed) scored on this split. */
    public int[] origins(ChronologicalSplit split) {
        int first = split.validationEnd();
        int last = split.length() - horizon;
        if (last < first) {
            throw new IllegalArgumentException("test split of " + (split.length() - first) + " steps is shorter than the horizon " + horizon);
        }
        int count = (last - first) / stride + 1;
        int[] ends = new int[count];
        for (int i = 0; i < count; i++) {
            ends[i] = first + i * stride;
        }
        return ends;
    }

    /** Fits {@code forecaster} on the split and scores it on the test split. */
    public Result evaluate(Forecaster forecaster, double[] series, ChronologicalSplit split) {
        if (series.length != split.length()) {
            throw new IllegalArgumentException("series has " + series.length + " values but the split is for " + split.length());
        }
        long t0 = nanoClock.getAsLong();
        forecaster.fit(split.train(series), split.validation(series));
        long t1 = nanoClock.getAsLong();
        int[] ends = origins(split);
        double[][] f = forecaster.forecastMany(series, ends, horizon);
        long t2 = nanoClock.getAsLong();
        double[][] benchmark = new SeasonalNaiveForecaster(season).forecastMany(series, ends, horizon);

        double scale = ForecastMetrics.seasonalNaiveScale(split.train(series), season);
        ForecastMetrics.Accumulator all = new ForecastMetrics.Accumulator();
        ForecastMetrics.Accumulator bench = new ForecastMetrics.Accumulator();
        List<ForecastMetrics.Accumulator> perLead = new ArrayList<>();
        for (int k = 0; k < horizon; k++) {
            perLead.add(new ForecastMetrics.Accumulator());
        }
        int[] targets = new int[ends.length];
        double[] atHorizon = new double[ends.length];
        for (int i = 0; i < ends.length; i++) {
            if (f[i].length != horizon) {
                throw new IllegalStateException(forecaster.name() + " returned " + f[i].length + " values for horizon " + horizon);
            }
            for (int k = 0; k < horizon; k++) {
                double actual = series[ends[i] + k];
                double p = clampNonNegative ? Math.max(0, f[i][k]) : f[i][k];
                double b = clampNonNegative ? Math.max(0, benchmark[i][k]) : benchmark[i][k];
                all.add(actual, p);
                perLead.get(k).add(actual, p);
                bench.add(actual, b);
                if (k == horizon - 1) {
                    targets[i] = ends[i] + k;
                    atHorizon[i] = p;
                }
            }
        }
        List<ForecastMetrics> byLead = perLead.stream().map(a -> a.metrics(scale)).toList();
        return new Result(forecaster.name(), all.metrics(scale), byLead, all.mae() / bench.mae(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, targets, atHorizon);
    }
}
