package dev.scalewise.forecast;

import java.util.Arrays;

/**
 * The simple moving average: every future value equals the mean of the last {@code k} observed values (fewer when
 * the history is shorter). The window {@code k} is given, or chosen on the training split as the one in
 * {@code 1..maxWindow} with the smallest sum of squared one-step errors.
 */
public final class MovingAverageForecaster implements Forecaster {
    private final int maxWindow;
    private int window;

    /**
     * @param window    the window in steps, or 0 to fit it
     * @param maxWindow the largest window tried when fitting, &gt;= 1
     */
    public MovingAverageForecaster(int window, int maxWindow) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0 (0 = fitted), got " + window);
        }
        if (maxWindow < 1) {
            throw new IllegalArgumentException("maxWindow must be >= 1, got " + maxWindow);
        }
        this.window = window;
        this.maxWindow = maxWindow;
    }

    @Override
    public String name() {
        return "sma";
    }

    /** The window in steps (0 until fitted when it was not given). */
    public int window() {
        return window;
    }

    @Override
    public void fit(double[] train, double[] validation) {
        if (window > 0) {
            return;
        }
        int n = train.length;
        int kMax = Math.min(maxWindow, n - 1);
        if (kMax < 1) {
            window = 1;
            return;
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + train[i];
        }
        double best = Double.POSITIVE_INFINITY;
        int bestK = 1;
        for (int k = 1; k <= kMax; k++) {
            double sse = 0;
            for (int t = kMax; t < n; t++) {
                double e = train[t] - (prefix[t] - prefix[t - k]) / k;
                sse += e * e;
            }
            if (sse < best) {
                best = sse;
                bestK = k;
            }
        }
        window = bestK;
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        int k = Math.min(Math.max(window, 1), end);
        double sum = 0;
        for (int i = end - k; i < end; i++) {
            sum += series[i];
        }
        double[] f = new double[horizon];
        Arrays.fill(f, sum / k);
        return f;
    }
}
