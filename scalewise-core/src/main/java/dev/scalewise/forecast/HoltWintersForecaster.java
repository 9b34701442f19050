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
 * Initialisation from the first two seasons: the level is the mean of season 1, the trend the difference of the
 * means of seasons 2 and 1 divided by {@code m}, the seasonal indices the first season's deviations from (ratios
 * to) that level; smoothing then runs from {@code t = m}. {@code alpha, beta, gamma} are fitted on the training split
 * by minimising the sum of squared one-step errors with BOBYQA on [0, 1]^3 from the fixed start (0.3, 0.02, 0.1).
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
        s.initialise(y);
        double sse = 0;
        for (int t = 2 * season; t < y.length; t++) {
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
        s.initialise(series);
        for (int t = 2 * season; t < end; t++) {
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
        ForecastStream s = stream();
        double[][] out = new double[ends.length][];
        int fed = 0;
        for (int i = 0; i < ends.length; i++) {
            Forecaster.checkArguments(series, ends[i], horizon);
            if (ends[i] < fed) {
                return Forecaster.super.forecastMany(series, ends, horizon); // unsorted: no shared pass
            }
            while (fed < ends[i]) {
                s.observe(series[fed++]);
            }
            out[i] = s.forecast(horizon);
        }
        return out;
    }

    @Override
    public ForecastStream stream() {
        return new ForecastStream() {
            private final ForecastStream holt = fallback.stream();
            private final double[] first = new double[2 * season];
            private State state;
            private int n;

            @Override
            public void observe(double value) {
                if (state == null) {
                    holt.observe(value);
                    first[n] = value;
                    if (n + 1 == 2 * season) {
                        state = new State(season, seasonality, alpha, beta, gamma);
                        state.initialise(first);
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
                return state == null ? holt.forecast(horizon) : state.forecastAll(horizon);
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

        /** Initialises from {@code y[0 .. 2m)} and runs the recursion over {@code y[m .. 2m)}. */
        void initialise(double[] y) {
            double mean1 = 0;
            double mean2 = 0;
            for (int i = 0; i < m; i++) {
                mean1 += y[i];
                mean2 += y[m + i];
            }
            mean1 /= m;
            mean2 /= m;
            level = mul ? Math.max(mean1, FLOOR) : mean1;
            trend = (mean2 - mean1) / m;
            for (int i = 0; i < m; i++) {
                s[i] = mul ? Math.max(y[i] / level, FLOOR) : y[i] - level;
            }
            t = m;
            for (int i = m; i < 2 * m; i++) {
                observe(y[i]);
            }
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
