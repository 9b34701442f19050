package dev.scalewise.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Quantile forecasts for any point {@link Forecaster}, from the model's own out-of-sample errors (split conformal
 * prediction: Vovk, Gammerman &amp; Shafer, "Algorithmic Learning in a Random World", 2005; Lei, G'Sell, Rinaldo,
 * Tibshirani &amp; Wasserman, "Distribution-Free Predictive Inference for Regression", JASA 113, 2018), one
 * calibration per lead as in conformal multi-step forecasting (Stankeviciute, Alaa &amp; van der Schaar, NeurIPS 2021).
 *
 * <p><b>Fit.</b> The point model is fitted as usual ({@code fit(train, validation)}). Then, on the calibration
 * window, it forecasts from every origin and the residuals {@code y[e + k] - max(0, f[e, k])} are kept per lead
 * {@code k = 1 .. leads}, sorted. The calibration window is the validation split when it holds at least
 * {@link #MIN_CALIBRATION} values (origins the model was not fitted on); otherwise the last
 * {@value #CALIBRATION_FRACTION} of the training split (in sample for the point model, which for the classical
 * smoothers with one to three parameters costs little). Forecasts from the calibration origins read only the
 * values before each origin, like any forecast.
 *
 * <p><b>Quantile.</b> With {@code n} sorted residuals {@code r(1) <= .. <= r(n)} of lead {@code k}, the
 * q-quantile forecast is {@code max(0, f[k]) + r(ceil((n + 1) q))} (the rank clamped to [1, n]): the split
 * conformal bound, which covers a new value with probability at least {@code q} when the errors are exchangeable.
 * It is non-decreasing in {@code q} by construction. Leads beyond {@code leads} use the last calibrated lead's
 * residuals. The errors of a real trace are not exchangeable (busy afternoons err more than quiet nights), so the
 * coverage is marginal over the calibration period and is measured on the test split, not assumed
 * ({@link RollingOriginEvaluator} reports it).
 *
 * <p><b>Relative residuals</b> ({@link Scale#RELATIVE}): the errors of a rate grow with its level, so residuals
 * taken on busy calibration days are too wide on quiet test days (and the reverse). The relative form stores the
 * normalised residuals {@code (y - f) / (f + c)} and forecasts {@code f + (f + c) r(rank)} (normalised
 * nonconformity scores: Papadopoulos, Vovk &amp; Gammerman, "Regression Conformal Prediction with Nearest
 * Neighbours", JAIR 40, 2011), with {@code f} the zero-clamped point forecast and {@code c} =
 * {@value #RELATIVE_FLOOR} times the mean absolute value of the calibration window (so zero forecasts do not divide
 * by zero). Still monotone in {@code q}. The default is {@link Scale#ABSOLUTE}.
 *
 * <p>Deterministic: the same data give the same residuals.
 */
public final class ConformalForecaster implements QuantileForecaster {
    /** Share of the training split used for calibration when the validation split is too short. */
    public static final double CALIBRATION_FRACTION = 0.2;
    /** Fewest validation values that make the validation split the calibration window. */
    public static final int MIN_CALIBRATION = 100;
    /** Most leads calibrated separately (beyond: the last one's residuals). */
    public static final int MAX_CALIBRATED_LEADS = 288;

    /** Share of the calibration window's mean absolute value added to the forecast in the relative scale. */
    public static final double RELATIVE_FLOOR = 0.1;

    /** How residuals are measured. */
    public enum Scale {
        /** {@code y - f}, in the unit of the series. */
        ABSOLUTE,
        /** {@code (y - f) / (f + c)}: relative to the forecast level. */
        RELATIVE
    }

    private final Forecaster point;
    private final int leads;
    private final Scale scale;
    private double[][] residuals;
    private double floor;

    /**
     * @param point the point forecaster (unfitted; {@link #fit} fits it)
     * @param leads leads calibrated separately, &gt;= 1 (capped at {@value #MAX_CALIBRATED_LEADS})
     */
    public ConformalForecaster(Forecaster point, int leads) {
        this(point, leads, Scale.ABSOLUTE);
    }

    /**
     * @param point the point forecaster (unfitted; {@link #fit} fits it)
     * @param leads leads calibrated separately, &gt;= 1 (capped at {@value #MAX_CALIBRATED_LEADS})
     * @param scale absolute or relative residuals
     */
    public ConformalForecaster(Forecaster point, int leads, Scale scale) {
        this.scale = Objects.requireNonNull(scale, "scale");
        this.point = Objects.requireNonNull(point, "point");
        if (leads < 1) {
            throw new IllegalArgumentException("leads must be >= 1, got " + leads);
        }
        this.leads = Math.min(leads, MAX_CALIBRATED_LEADS);
    }

    /** The wrapped point forecaster. */
    public Forecaster point() {
        return point;
    }

    @Override
    public String name() {
        return point.name();
    }

    @Override
    public void fit(double[] train, double[] validation) {
        point.fit(train, validation);
        double[] series = new double[train.length + validation.length];
        System.arraycopy(train, 0, series, 0, train.length);
        System.arraycopy(validation, 0, series, train.length, validation.length);
        int first = validation.length >= MIN_CALIBRATION ? train.length
                : Math.max(1, train.length - (int) Math.round(train.length * CALIBRATION_FRACTION));
        int last = series.length - 1; // an origin needs at least one value after it
        if (last < first) {
            throw new IllegalArgumentException("conformal calibration needs at least 2 values, got " + series.length);
        }
        int[] ends = new int[last - first + 1];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = first + i;
        }
        double[][] f = point.forecastMany(series, ends, leads);
        double mean = 0;
        for (int i = first; i < series.length; i++) {
            mean += Math.abs(series[i]);
        }
        floor = scale == Scale.RELATIVE ? Math.max(RELATIVE_FLOOR * mean / (series.length - first), 1e-12) : 0;
        double[][] r = new double[leads][];
        for (int k = 0; k < leads; k++) {
            int n = Math.max(0, Math.min(ends.length, series.length - first - k));
            double[] rk = new double[n];
            for (int i = 0; i < n; i++) {
                double p = Math.max(0, f[i][k]);
                rk[i] = scale == Scale.RELATIVE ? (series[ends[i] + k] - p) / (p + floor) : series[ends[i] + k] - p;
            }
            Arrays.sort(rk);
            r[k] = rk;
        }
        for (int k = 1; k < leads; k++) {
            if (r[k].length == 0) {
                r[k] = r[k - 1]; // a calibration window shorter than the lead: reuse the longest lead it has
            }
        }
        residuals = r;
    }

    /** Number of calibration residuals of lead {@code lead} (1-based). */
    public int calibrationSize(int lead) {
        return sorted(lead).length;
    }

    private double[] sorted(int lead) {
        if (residuals == null) {
            throw new IllegalStateException(point.name() + ": quantiles before fit");
        }
        if (lead < 1) {
            throw new IllegalArgumentException("lead must be >= 1, got " + lead);
        }
        return residuals[Math.min(lead, leads) - 1];
    }

    /**
     * The {@code ceil((n + 1) q)}-th smallest calibration residual of {@code lead} (1-based): what the q-quantile
     * adds to the zero-clamped point forecast (absolute scale), or that times {@code f + c} (relative scale).
     */
    public double offset(int lead, double q) {
        QuantileForecaster.checkQuantile(q);
        double[] r = sorted(lead);
        int n = r.length;
        int rank = (int) Math.ceil((n + 1) * q);
        return r[Math.max(1, Math.min(n, rank)) - 1];
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        return point.forecast(series, end, horizon);
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return point.forecastMany(series, ends, horizon);
    }

    @Override
    public ForecastStream stream() {
        return point.stream();
    }

    @Override
    public double[] forecastQuantile(double[] series, int end, int horizon, double q) {
        return shift(point.forecast(series, end, horizon), q);
    }

    private double[] shift(double[] f, double q) {
        double[] out = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            double p = Math.max(0, f[k]);
            out[k] = p + (scale == Scale.RELATIVE ? (p + floor) * offset(k + 1, q) : offset(k + 1, q));
        }
        return out;
    }

    @Override
    public Forecaster atQuantile(double q) {
        QuantileForecaster.checkQuantile(q);
        return new Forecaster() {
            @Override
            public String name() {
                return point.name() + "@" + q;
            }

            @Override
            public void fit(double[] train, double[] validation) {
                ConformalForecaster.this.fit(train, validation);
            }

            @Override
            public double[] forecast(double[] series, int end, int horizon) {
                return forecastQuantile(series, end, horizon, q);
            }

            @Override
            public double[][] forecastMany(double[] series, int[] ends, int horizon) {
                double[][] f = point.forecastMany(series, ends, horizon);
                for (int i = 0; i < f.length; i++) {
                    f[i] = shift(f[i], q);
                }
                return f;
            }

            @Override
            public ForecastStream stream() {
                ForecastStream s = point.stream();
                return new ForecastStream() {
                    @Override
                    public void observe(double value) {
                        s.observe(value);
                    }

                    @Override
                    public int observed() {
                        return s.observed();
                    }

                    @Override
                    public double[] forecast(int horizon) {
                        return shift(s.forecast(horizon), q);
                    }
                };
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    @Override
    public String toString() {
        return "conformal[" + point + "]";
    }
}
