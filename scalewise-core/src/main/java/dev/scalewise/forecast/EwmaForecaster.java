package dev.scalewise.forecast;

import java.util.Arrays;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * Simple exponential smoothing (EWMA): {@code l[t] = alpha y[t] + (1 - alpha) l[t-1]}, {@code l[0] = y[0]}; every
 * future value equals the last level (Hyndman &amp; Athanasopoulos, FPP3 section 8.1). {@code alpha} is given or
 * fitted on the training split by minimising the sum of squared one-step errors with Brent's method on [0, 1];
 * Brent never evaluates the ends of the interval, so the ends 0 and 1 are compared with its optimum and win when
 * their error is lower (alpha = 1 is the naive forecast exactly, which matters on series with zero steps: a weight
 * of 0.99999999 forecasts a tiny positive rate after a zero and pays the full 200% sMAPE for it).
 */
public final class EwmaForecaster implements Forecaster {
    private double alpha;

    /** @param alpha smoothing weight in [0, 1], or NaN to fit it */
    public EwmaForecaster(double alpha) {
        if (!Double.isNaN(alpha) && !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1] or NaN (fitted), got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "ewma";
    }

    /** The smoothing weight (NaN until fitted when it was not given). */
    public double alpha() {
        return alpha;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        if (!Double.isNaN(alpha)) {
            return;
        }
        if (train.length < 3) {
            alpha = 0.5;
            return;
        }
        double best = new BrentOptimizer(1e-8, 1e-12)
                .optimize(new MaxEval(500), new UnivariateObjectiveFunction(a -> sse(train, a)), GoalType.MINIMIZE,
                        new SearchInterval(0, 1, 0.3))
                .getPoint();
        double bestSse = sse(train, best);
        for (double end : new double[] {0, 1}) {
            double e = sse(train, end);
            if (e <= bestSse) {
                best = end;
                bestSse = e;
            }
        }
        alpha = best;
    }

    static double sse(double[] y, double a) {
        double level = y[0];
        double sse = 0;
        for (int t = 1; t < y.length; t++) {
            double e = y[t] - level;
            sse += e * e;
            level = a * y[t] + (1 - a) * level;
        }
        return sse;
    }

    private double a() {
        return Double.isNaN(alpha) ? 0.5 : alpha;
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        double a = a();
        double level = series[0];
        for (int t = 1; t < end; t++) {
            level = a * series[t] + (1 - a) * level;
        }
        double[] f = new double[horizon];
        Arrays.fill(f, level);
        return f;
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return Forecaster.forecastManyByStream(this, series, ends, horizon);
    }

    @Override
    public ForecastStream stream() {
        double a = a();
        return new ForecastStream() {
            private double level;
            private int n;

            @Override
            public void observe(double value) {
                level = n == 0 ? value : a * value + (1 - a) * level;
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
                if (horizon < 1) {
                    throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
                }
                double[] f = new double[horizon];
                Arrays.fill(f, level);
                return f;
            }
        };
    }
}
