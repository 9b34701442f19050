package dev.scalewise.forecast;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Holt's linear trend method (Hyndman &amp; Athanasopoulos, FPP3 section 8.2):
 * <pre>
 *   l[t] = alpha y[t] + (1 - alpha)(l[t-1] + b[t-1])
 *   b[t] = beta (l[t] - l[t-1]) + (1 - beta) b[t-1]
 *   y[t+h|t] = l[t] + h b[t]
 * </pre>
 * with {@code l[0] = y[0]} and {@code b[0] = y[1] - y[0]} (0 with a single value). {@code alpha} and {@code beta}
 * are fitted on the training split by minimising the sum of squared one-step errors with BOBYQA on [0, 1]^2 from
 * the fixed start (0.3, 0.05), so fitting is deterministic.
 */
public final class HoltForecaster implements Forecaster {
    private double alpha = 0.3;
    private double beta = 0.05;
    private boolean fixed;

    /** An unfitted Holt forecaster (alpha 0.3, beta 0.05 until fitted). */
    public HoltForecaster() {
    }

    /** A Holt forecaster with fixed weights; {@link #fit} leaves them alone. */
    public static HoltForecaster withWeights(double alpha, double beta) {
        HoltForecaster h = new HoltForecaster();
        h.alpha = checkWeight("alpha", alpha);
        h.beta = checkWeight("beta", beta);
        h.fixed = true;
        return h;
    }

    static double checkWeight(String name, double w) {
        if (!(w >= 0 && w <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + w);
        }
        return w;
    }

    @Override
    public String name() {
        return "holt";
    }

    /** Level smoothing weight. */
    public double alpha() {
        return alpha;
    }

    /** Trend smoothing weight. */
    public double beta() {
        return beta;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        if (fixed || train.length < 4) {
            return;
        }
        double[] p = new BOBYQAOptimizer(5, 0.1, 1e-6)
                .optimize(new MaxEval(2000), new ObjectiveFunction(x -> sse(train, x[0], x[1])), GoalType.MINIMIZE,
                        new InitialGuess(new double[] {0.3, 0.05}), new SimpleBounds(new double[] {0, 0}, new double[] {1, 1}))
                .getPoint();
        alpha = clamp01(p[0]);
        beta = clamp01(p[1]);
    }

    static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double sse(double[] y, double a, double b) {
        State s = new State(clamp01(a), clamp01(b));
        double sse = 0;
        for (int t = 0; t < y.length; t++) {
            if (t >= 2) {
                double e = y[t] - s.forecast1(1);
                sse += e * e;
            }
            s.observe(y[t]);
        }
        return Double.isFinite(sse) ? sse : Double.MAX_VALUE;
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        State s = new State(alpha, beta);
        for (int t = 0; t < end; t++) {
            s.observe(series[t]);
        }
        return s.forecastAll(horizon);
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return Forecaster.forecastManyByStream(this, series, ends, horizon);
    }

    @Override
    public ForecastStream stream() {
        return new State(alpha, beta);
    }

    /** The recursive state of Holt's method; also its O(1)-per-step stream. */
    static final class State implements ForecastStream {
        private final double a;
        private final double b;
        private double first;
        private double level;
        private double trend;
        private int n;

        State(double a, double b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void observe(double y) {
            if (n == 0) {
                first = y;
                level = y;
                trend = 0;
            } else if (n == 1) {
                level = y;
                trend = y - first;
            } else {
                double previous = level;
                level = a * y + (1 - a) * (level + trend);
                trend = b * (level - previous) + (1 - b) * trend;
            }
            n++;
        }

        @Override
        public int observed() {
            return n;
        }

        double forecast1(int h) {
            return level + h * trend;
        }

        @Override
        public double forecastAt(int h) {
            return forecast1(h);
        }

        @Override
        public double[] forecast(int horizon) {
            if (n == 0) {
                throw new IllegalStateException("forecast before any value was observed");
            }
            return forecastAll(horizon);
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

        double level() {
            return level;
        }

        double trend() {
            return trend;
        }
    }
}
