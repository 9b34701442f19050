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
 *
 * <p><b>Quantiles.</b> Given quantile levels and a {@link QuantileForecaster}, the same origins are scored for
 * calibration: per level {@code q}, the <i>coverage</i> (share of actual values at or below the q-forecast, which
 * should be close to {@code q}) and the mean <i>pinball loss</i> {@code max(q (a - f), (q - 1)(a - f))}
 * (Koenker &amp; Bassett, "Regression Quantiles", Econometrica 46, 1978; Gneiting &amp; Raftery, JASA 102, 2007:
 * a proper scoring rule for quantiles, lower is better), pooled over leads 1..horizon and at lead {@code horizon}.
 * Quantile forecasts are clamped at zero like the point forecasts.
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
     * @param quantiles           calibration per quantile level asked for (empty: none asked)
     */
    public record Result(String name, ForecastMetrics overall, List<ForecastMetrics> byLead, double relativeMae,
                         double fitSeconds, double forecastSeconds, int[] targets, double[] forecastsAtHorizon,
                         List<QuantileScore> quantiles) {
        public Result {
            quantiles = List.copyOf(quantiles);
        }
    }

    /**
     * Calibration of the q-quantile forecasts on the test split.
     *
     * @param q                 the quantile level
     * @param coverage          share of actual values at or below the q-forecast, leads 1..horizon pooled
     * @param pinball           mean pinball loss, leads 1..horizon pooled (unit of the series)
     * @param coverageAtHorizon coverage at lead {@code horizon} only
     * @param pinballAtHorizon  mean pinball loss at lead {@code horizon} only
     */
    public record QuantileScore(double q, double coverage, double pinball, double coverageAtHorizon,
                                double pinballAtHorizon) {
    }

    /** The pinball (quantile) loss of forecast {@code f} for the actual value {@code a} at level {@code q}. */
    public static double pinball(double q, double a, double f) {
        double e = a - f;
        return Math.max(q * e, (q - 1) * e);
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
        return evaluate(forecaster, series, split, new double[0]);
    }

    /**
     * Fits {@code forecaster} on the split and scores its point forecasts and, for each level in {@code quantiles},
     * its quantile forecasts on the test split.
     *
     * @throws IllegalArgumentException when quantiles are asked of a forecaster that is not a
     *                                  {@link QuantileForecaster}, or a level is outside (0, 1)
     */
    public Result evaluate(Forecaster forecaster, double[] series, ChronologicalSplit split, double[] quantiles) {
        if (quantiles.length > 0 && !(forecaster instanceof QuantileForecaster)) {
            throw new IllegalArgumentException(forecaster.name() + " gives no quantiles (wrap it in a ConformalForecaster)");
        }
        for (double q : quantiles) {
            QuantileForecaster.checkQuantile(q);
        }
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
        List<QuantileScore> scores = new ArrayList<>();
        for (double q : quantiles) {
            scores.add(score(((QuantileForecaster) forecaster).atQuantile(q), q, series, ends));
        }
        return new Result(forecaster.name(), all.metrics(scale), byLead, all.mae() / bench.mae(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, targets, atHorizon, scores);
    }

    private QuantileScore score(Forecaster atQ, double q, double[] series, int[] ends) {
        double[][] f = atQ.forecastMany(series, ends, horizon);
        long below = 0;
        long belowAtH = 0;
        double loss = 0;
        double lossAtH = 0;
        for (int i = 0; i < ends.length; i++) {
            for (int k = 0; k < horizon; k++) {
                double a = series[ends[i] + k];
                double p = clampNonNegative ? Math.max(0, f[i][k]) : f[i][k];
                boolean covered = a <= p;
                double l = pinball(q, a, p);
                below += covered ? 1 : 0;
                loss += l;
                if (k == horizon - 1) {
                    belowAtH += covered ? 1 : 0;
                    lossAtH += l;
                }
            }
        }
        long n = (long) ends.length * horizon;
        return new QuantileScore(q, (double) below / n, loss / n, (double) belowAtH / ends.length, lossAtH / ends.length);
    }
}
