package dev.scalewise.forecast;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Holt-Winters seasonal exponential smoothing (Hyndman &amp; Athanasopoulos, FPP3 section 8.3), season length
 * {@code m}:
 * <pre>
 *   additive:        l[t] = alpha (y[t] - s[t-m]) + (1 - alpha)(l[t-1] + b[t-1])
 *                    b[t] = beta (l[t] - l[t-1]) + (1 - beta) b[t-1]
 *                    s[t] = gamma (y[t] - l[t]) + (1 - gamma) s[t-m]
 *                    y[t+h|t] = l[t] + h b[t] + s[t+h-m(k+1)],  k = floor((h-1)/m)
 *   multiplicative:  l[t] = alpha y[t] / s[t-m] + (1 - alpha)(l[t-1] + b[t-1])
 *                    s[t] = gamma y[t] / l[t] + (1 - gamma) s[t-m]
 *                    y[t+h|t] = (l[t] + h b[t]) s[t+h-m(k+1)]
 * </pre>
 * <b>Initial state</b> (the state before {@code y[0]}): the heuristic of Hyndman, Koehler, Ord &amp; Snyder,
 * "Forecasting with Exponential Smoothing" (Springer 2008), section 2.6.1, also described as classical
 * decomposition in Hyndman &amp; Athanasopoulos, "Forecasting: Principles and Practice" (FPP2 section 6.3, FPP3
 * section 3.4). Over the first {@code k = min(}{@value #INIT_SEASONS}{@code , n / m)} seasons (at least two) a centred
 * moving average ({@code 2 x m}-MA for even {@code m}) estimates the trend-cycle; each value's deviation from it
 * (ratio to it) is averaged per phase over the seasons, and the averages are normalised to sum to 0 (to average
 * 1): those are the initial seasonal indices. The first ten deseasonalised values are regressed on time: the
 * intercept is the initial level, the slope the initial trend. Averaging several seasons keeps one odd day (a
 * site launch, a quiet night step) from fixing the season for ever; smoothing then runs from {@code t = 0}.
 * {@code alpha, beta, gamma} are fitted on the training split by minimising the sum of squared one-step errors
 * over the whole split with BOBYQA on [0, 1]^3 from the fixed start (0.3, 0.02, 0.1).
 *
 * <p><b>Short history.</b> With fewer than two seasons of history (at fit or at forecast time) there is no way to
 * estimate a season, so it falls back to {@link HoltForecaster} (fitted on the same training split), and with a
 * single value to the naive forecast. <b>Multiplicative</b> seasonality needs a positive level: levels and seasonal
 * indices are floored at {@value #FLOOR} to stay finite on series with zeros (outages), where the additive form is
 * the safer choice.
 */
public final class HoltWintersForecaster implements Forecaster {
    /** Floor of the level and the seasonal indices in the multiplicative form. */
    public static final double FLOOR = 1e-6;

    /** Most seasons the initial state is estimated from. */
    public static final int INIT_SEASONS = 5;

    /** Values regressed on time for the initial level and trend. */
    static final int INIT_REGRESSION = 10;

    /** How the season combines with level and trend. */
    public enum Seasonality {
        /** {@code y = level + trend + season}. */
        ADDITIVE,
        /** {@code y = (level + trend) * season}. */
        MULTIPLICATIVE
    }

    /** Level, trend and the seasonal index of every phase after the last observed value. */
    public record Components(double level, double trend, double[] season) {
        public Components {
            season = season.clone();
        }
    }

    private final int season;
    private final Seasonality seasonality;
    private final HoltForecaster fallback = new HoltForecaster();
    private double alpha = 0.3;
    private double beta = 0.02;
    private double gamma = 0.1;

    /**
     * @param season      season length in steps, &gt;= 2
     * @param seasonality additive or multiplicative
     */
    public HoltWintersForecaster(int season, Seasonality seasonality) {
        if (season < 2) {
            throw new IllegalArgumentException("season must be >= 2, got " + season);
        }
        this.season = season;
        this.seasonality = java.util.Objects.requireNonNull(seasonality, "seasonality");
    }

    @Override
    public String name() {
        return seasonality == Seasonality.ADDITIVE ? "holt-winters-add" : "holt-winters-mul";
    }

    /** Level smoothing weight. */
    public double alpha() {
        return alpha;
    }

    /** Trend smoothing weight. */
    public double beta() {
        return beta;
    }

    /** Season smoothing weight. */
    public double gamma() {
        return gamma;
    }

    /** Season length in steps. */
    public int season() {
        return season;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        fallback.fit(train, validation);
        if (train.length < 2 * season + 2) {
            return; // too short to estimate a season: forecasts use the Holt fallback
        }
        double[] p = new BOBYQAOptimizer(7, 0.1, 1e-6)
                .optimize(new MaxEval(3000), new ObjectiveFunction(x -> sse(train, x)), GoalType.MINIMIZE,
                        new InitialGuess(new double[] {0.3, 0.02, 0.1}),
                        new SimpleBounds(new double[] {0, 0, 0}, new double[] {1, 1, 1}))
                .getPoint();
        alpha = HoltForecaster.clamp01(p[0]);
        beta = HoltForecaster.clamp01(p[1]);
        gamma = HoltForecaster.clamp01(p[2]);
    }

    private double sse(double[] y, double[] x) {
        State s = new State(season, seasonality, HoltForecaster.clamp01(x[0]), HoltForecaster.clamp01(x[1]),
                HoltForecaster.clamp01(x[2]));
        s.initialise(y, y.length);
        double sse = 0;
        for (int t = 0; t < y.length; t++) {
            double e = y[t] - s.forecast1(1);
            sse += e * e;
            s.observe(y[t]);
        }
        return Double.isFinite(sse) ? sse : Double.MAX_VALUE;
    }

    /**
     * The fitted components after observing {@code series[0 .. end)}; needs {@code end >= 2 * season}.
     * {@code season()[k]} is the seasonal index used for the value {@code k + 1} steps ahead.
     */
    public Components components(double[] series, int end) {
        if (end < 2 * season || end > series.length) {
            throw new IllegalArgumentException("components need end in [" + 2 * season + ", " + series.length + "], got " + end);
        }
        State s = run(series, end);
        double[] idx = new double[season];
        for (int k = 0; k < season; k++) {
            idx[k] = s.seasonal(k + 1);
        }
        return new Components(s.level, s.trend, idx);
    }

    private State run(double[] series, int end) {
        State s = new State(season, seasonality, alpha, beta, gamma);
        s.initialise(series, end);
        for (int t = 0; t < end; t++) {
            s.observe(series[t]);
        }
        return s;
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        if (end < 2 * season) {
            return fallback.forecast(series, end, horizon);
        }
        return run(series, end).forecastAll(horizon);
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return Forecaster.forecastManyByStream(this, series, ends, horizon);
    }

    @Override
    public ForecastStream stream() {
        return new ForecastStream() {
            private final ForecastStream holt = fallback.stream();
            private final int full = INIT_SEASONS * season;
            private final double[] first = new double[full];
            private State state;
            private int n;

            @Override
            public void observe(double value) {
                if (state == null) {
                    holt.observe(value);
                    first[n] = value;
                    if (n + 1 == full) {
                        state = run(first, full);
                    }
                } else {
                    state.observe(value);
                }
                n++;
            }

            @Override
            public int observed() {
                return n;
            }

            @Override
            public double[] forecast(int horizon) {
                if (n == 0) {
                    throw new IllegalStateException("forecast before any value was observed");
                }
                if (state != null) {
                    return state.forecastAll(horizon);
                }
                // fewer than INIT_SEASONS seasons: the initial state depends on how many there are, so replay
                return n < 2 * season ? holt.forecast(horizon) : run(first, n).forecastAll(horizon);
            }
        };
    }

    /** The recursive state; seasonal indices kept in a ring indexed by time modulo m. */
    private static final class State {
        private final int m;
        private final boolean mul;
        private final double a;
        private final double b;
        private final double g;
        private final double[] s;
        private double level;
        private double trend;
        private int t; // number of values absorbed

        State(int m, Seasonality seasonality, double a, double b, double g) {
            this.m = m;
            this.mul = seasonality == Seasonality.MULTIPLICATIVE;
            this.a = a;
            this.b = b;
            this.g = g;
            this.s = new double[m];
        }

        /**
         * Sets the state before {@code y[0]} from the first {@code min(INIT_SEASONS, n / m)} seasons of
         * {@code y[0 .. n)} (see the class comment); needs {@code n >= 2m}.
         */
        void initialise(double[] y, int n) {
            int k = Math.min(INIT_SEASONS, n / m);
            int len = k * m;
            // centred moving average over one season: 2 x m-MA for even m, m-MA for odd m
            int half = m / 2;
            double[] prefix = new double[len + 1];
            for (int i = 0; i < len; i++) {
                prefix[i + 1] = prefix[i] + y[i];
            }
            double[] sum = new double[m];
            int[] count = new int[m];
            for (int c = half; c + half < len; c++) {
                double ma = prefix[c + half + 1] - prefix[c - half];
                if (m % 2 == 0) {
                    ma -= 0.5 * (y[c - half] + y[c + half]);
                }
                ma /= m;
                sum[c % m] += mul ? y[c] / Math.max(ma, FLOOR) : y[c] - ma;
                count[c % m]++;
            }
            double mean = 0;
            for (int p = 0; p < m; p++) {
                s[p] = sum[p] / count[p];
                mean += s[p];
            }
            mean /= m;
            for (int p = 0; p < m; p++) {
                s[p] = mul ? Math.max(s[p] / Math.max(mean, FLOOR), FLOOR) : s[p] - mean;
            }
            // level and trend: least squares line through the first deseasonalised values on t = 1..r
            int r = Math.min(INIT_REGRESSION, len);
            double st = 0;
            double sy = 0;
            double stt = 0;
            double sty = 0;
            for (int i = 0; i < r; i++) {
                double d = mul ? y[i] / s[i] : y[i] - s[i];
                double ti = i + 1;
                st += ti;
                sy += d;
                stt += ti * ti;
                sty += ti * d;
            }
            double slope = (r * sty - st * sy) / (r * stt - st * st);
            double intercept = (sy - slope * st) / r;
            level = mul ? Math.max(intercept, FLOOR) : intercept;
            trend = slope;
            t = 0;
        }

        void observe(double y) {
            int phase = t % m;
            double previous = level;
            double sOld = s[phase];
            if (mul) {
                level = Math.max(a * y / sOld + (1 - a) * (level + trend), FLOOR);
                trend = b * (level - previous) + (1 - b) * trend;
                s[phase] = Math.max(g * y / level + (1 - g) * sOld, FLOOR);
            } else {
                level = a * (y - sOld) + (1 - a) * (level + trend);
                trend = b * (level - previous) + (1 - b) * trend;
                s[phase] = g * (y - level) + (1 - g) * sOld;
            }
            t++;
        }

        /** Seasonal index for the value {@code h} steps after the last absorbed one. */
        double seasonal(int h) {
            return s[(t - 1 + h) % m];
        }

        double forecast1(int h) {
            return mul ? (level + h * trend) * seasonal(h) : level + h * trend + seasonal(h);
        }

        double[] forecastAll(int horizon) {
            if (horizon < 1) {
                throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
            }
            double[] f = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                f[h - 1] = forecast1(h);
            }
            return f;
        }
    }

    @Override
    public String toString() {
        return name() + "[m=" + season + ", alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + "]";
    }
}
