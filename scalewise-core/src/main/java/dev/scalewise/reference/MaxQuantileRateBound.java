package dev.scalewise.reference;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.forecast.ConformalForecaster;
import dev.scalewise.forecast.ConformalForecaster.Scale;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.QuantileForecaster;
import java.util.Arrays;
import java.util.Objects;

/**
 * A calibrated q-quantile of the <b>maximum</b> rate over the horizon {@code [t, t + b]}: the maximum of a point
 * forecast over leads {@code 1 .. b + 1} ({@link ForecastRateBound}) raised by split-conformal scores of that maximum.
 *
 * <p>Why not the maximum of per-lead quantiles ({@code ForecastRateBound} on {@code conformal.atQuantile(q)}): each
 * lead's q-quantile covers that lead's value with probability q, but the capacity chosen now must cover every step up
 * to {@code t + b}, and the maximum of per-lead quantiles is not a q-quantile of the maximum (with {@code b + 1}
 * leads each missing with probability 1 - q, the maximum can miss up to {@code (b + 1)(1 - q)} of the time). This
 * bound calibrates the quantity the policy needs directly.
 *
 * <p><b>Calibration</b> (split conformal prediction: Vovk, Gammerman &amp; Shafer, "Algorithmic Learning in a Random
 * World", 2005; Angelopoulos &amp; Bates, "A Gentle Introduction to Conformal Prediction and Distribution-Free
 * Uncertainty Quantification", 2021, section 1): from every calibration origin {@code e} (the values before {@code e}
 * known), {@code F_e = max(0, max_k f[e, k])} over leads {@code k = 1 .. L} and the actual {@code Y_e =
 * max(y[e .. e + L))}; the nonconformity score is {@code Y_e - F_e} ({@link Scale#ABSOLUTE}) or {@code (Y_e - F_e) /
 * (F_e + c)} ({@link Scale#RELATIVE}, normalised scores as in Papadopoulos, Vovk &amp; Gammerman, JAIR 40, 2011;
 * {@code c} = {@value ConformalForecaster#RELATIVE_FLOOR} of the calibration window's mean, so a zero forecast does
 * not divide by zero). With the {@code n} sorted scores {@code s(1) <= .. <= s(n)}, the q-quantile bound is
 * {@code F + s(ceil((n + 1) q))} or {@code F + (F + c) s(ceil((n + 1) q))}, the rank clamped to [1, n] (the
 * {@code (1 - alpha)(1 + 1/n)} empirical quantile of Angelopoulos &amp; Bates with {@code q = 1 - alpha}), at least 0.
 * When the scores are exchangeable it covers a new maximum with probability at least {@code q}; a real trace's are
 * not (origins one step apart share most of their horizon), so coverage is marginal over the calibration period and
 * is measured ({@link Calibration#coverage}), not assumed. Non-decreasing in {@code q} by construction.
 */
public final class MaxQuantileRateBound implements RateUpperBound {
    private final ForecastRateBound point;
    private final Calibration calibration;
    private final double q;

    /**
     * @param fitted      the point forecaster, already fitted (the one {@code calibration} was made with)
     * @param warmup      rates observed before the episode (as {@link ForecastRateBound})
     * @param calibration the scores of the maximum over {@code calibration.leads()} leads
     * @param q           quantile level in (0, 1)
     */
    public MaxQuantileRateBound(Forecaster fitted, double[] warmup, Calibration calibration, double q) {
        this.point = new ForecastRateBound(fitted, warmup);
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.q = QuantileForecaster.checkQuantile(q);
    }

    /** {@code NAME@maxQ}, e.g. {@code ewma@max0.99}. */
    public String forecasterName() {
        return point.forecasterName() + "@max" + q;
    }

    public double quantile() {
        return q;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** {@code ewma, max-quantile q 0.99 (absolute scores)}. */
    @Override
    public String describe() {
        return point.forecasterName() + ", max-quantile q " + q + " (" + calibration.scale().name().toLowerCase(
                java.util.Locale.ROOT) + " scores)";
    }

    @Override
    public void reset(EnvSpec spec) {
        point.reset(spec);
    }

    @Override
    public double upperBound(Observation o, int horizon) {
        if (horizon + 1 != calibration.leads()) {
            throw new IllegalStateException("max-quantile bound calibrated for " + calibration.leads() + " leads (boot "
                    + "horizon " + (calibration.leads() - 1) + " steps), asked for horizon " + horizon);
        }
        return calibration.bound(point.upperBound(o, horizon), q);
    }

    /**
     * The sorted scores of the maximum over {@code leads} leads.
     *
     * @param leads  leads the maximum is taken over (boot steps + 1)
     * @param scale  absolute or relative scores
     * @param floor  {@code c} of the relative scale (0 for the absolute one)
     * @param scores sorted nonconformity scores, at least one
     */
    public record Calibration(int leads, Scale scale, double floor, double[] scores) {
        public Calibration {
            Objects.requireNonNull(scale, "scale");
            scores = scores.clone();
            if (leads < 1 || scores.length == 0) {
                throw new IllegalArgumentException("a max-quantile calibration needs leads >= 1 and at least one score, "
                        + "got " + leads + " leads, " + scores.length + " scores");
            }
            Arrays.sort(scores);
        }

        @Override
        public double[] scores() {
            return scores.clone();
        }

        /** The {@code ceil((n + 1) q)}-th smallest score, the rank clamped to [1, n]. */
        public double score(double q) {
            QuantileForecaster.checkQuantile(q);
            return scoreAtLevel(q);
        }

        /**
         * As {@link #score} for any finite {@code level}, also outside (0, 1): the rank {@code ceil((n + 1) level)}
         * clamped to [1, n], so a level of 1 or more gives the largest score and 0 or less the smallest (the finite
         * stand-ins of the infinite and empty sets of adaptive conformal inference, {@link AdaptiveMaxQuantileRateBound}).
         */
        public double scoreAtLevel(double level) {
            if (!Double.isFinite(level)) {
                throw new IllegalArgumentException("level must be finite, got " + level);
            }
            int n = scores.length;
            double rank = Math.ceil((n + 1) * level);
            return scores[(int) Math.max(1, Math.min(n, rank)) - 1];
        }

        /** The bound at any finite {@code level} ({@link #scoreAtLevel}), given {@code fmax} (&gt;= 0), at least 0. */
        public double boundAtLevel(double fmax, double level) {
            double s = scoreAtLevel(level);
            double b = scale == Scale.RELATIVE ? fmax + (fmax + floor) * s : fmax + s;
            return Math.max(0, b);
        }

        /** The q-quantile of the maximum given the point forecast's maximum {@code fmax} (&gt;= 0), at least 0. */
        public double bound(double fmax, double q) {
            QuantileForecaster.checkQuantile(q);
            return boundAtLevel(fmax, q);
        }

        /**
         * Share of origins {@code e} of {@code ends} (each with {@code leads} values after it in {@code series})
         * whose actual maximum over the leads is at or below the q-bound: the empirical coverage, nominal q.
         */
        public double coverage(Forecaster fitted, double[] series, int[] ends, double q) {
            double[][] f = fitted.forecastMany(series, ends, leads);
            int covered = 0;
            for (int i = 0; i < ends.length; i++) {
                if (maxOf(series, ends[i], leads) <= bound(maxForecast(f[i], fitted), q) + 1e-9) {
                    covered++;
                }
            }
            return (double) covered / ends.length;
        }
    }

    /**
     * Calibrates the maximum over {@code leads} leads of {@code fitted}'s forecasts on the origins {@code first ..
     * series.length - leads} of {@code series} (each origin reads the values before it).
     *
     * @throws IllegalArgumentException when there is no such origin
     */
    public static Calibration calibrate(Forecaster fitted, double[] series, int first, int leads, Scale scale) {
        if (leads < 1) {
            throw new IllegalArgumentException("leads must be >= 1, got " + leads);
        }
        int from = Math.max(1, first);
        int last = series.length - leads;
        if (last < from) {
            throw new IllegalArgumentException("max-quantile calibration needs an origin with " + leads + " values after "
                    + "it from index " + from + ", got a series of " + series.length);
        }
        int[] ends = new int[last - from + 1];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = from + i;
        }
        double[][] f = fitted.forecastMany(series, ends, leads);
        double floor = 0;
        if (scale == Scale.RELATIVE) {
            double mean = 0;
            for (int i = from; i < series.length; i++) {
                mean += Math.abs(series[i]);
            }
            floor = Math.max(ConformalForecaster.RELATIVE_FLOOR * mean / (series.length - from), 1e-12);
        }
        double[] s = new double[ends.length];
        for (int i = 0; i < ends.length; i++) {
            double fmax = maxForecast(f[i], fitted);
            double y = maxOf(series, ends[i], leads);
            s[i] = scale == Scale.RELATIVE ? (y - fmax) / (fmax + floor) : y - fmax;
        }
        return new Calibration(leads, scale, floor, s);
    }

    private static double maxOf(double[] series, int from, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, series[from + k]);
        }
        return m;
    }

    /** {@code max(0, max_k f[k])}, as {@link ForecastRateBound} computes it; a non-finite forecast is an error. */
    private static double maxForecast(double[] f, Forecaster model) {
        double m = 0;
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                throw new IllegalStateException(model.name() + " forecast " + f[k] + " at lead " + (k + 1));
            }
            m = Math.max(m, f[k]);
        }
        return m;
    }
}
