package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoltWintersForecasterTest {
    static final int M = 24;

    @Test
    void additiveRecoversLevelTrendAndSeason() {
        int n = 30 * M;
        double[] y = Series.seasonal(n, 100, 0.5, 10, M, 0.5, 11);
        HoltWintersForecaster hw = new HoltWintersForecaster(M, HoltWintersForecaster.Seasonality.ADDITIVE);
        hw.fit(y);
        HoltWintersForecaster.Components c = hw.components(y, n);
        // the level at the last observation (t = n - 1) and the slope of the trend
        assertThat(c.level()).isCloseTo(100 + 0.5 * (n - 1), within(1.0));
        assertThat(c.trend()).isCloseTo(0.5, within(0.05));
        for (int k = 0; k < M; k++) {
            double phase = 10 * Math.sin(2 * Math.PI * (n + k) / M);
            assertThat(c.season()[k]).as("season %d steps ahead", k + 1).isCloseTo(phase, within(1.0));
        }
        double[] f = hw.forecast(y, n, M);
        for (int k = 0; k < M; k++) {
            double truth = 100 + 0.5 * (n + k) + 10 * Math.sin(2 * Math.PI * (n + k) / M);
            assertThat(f[k]).isCloseTo(truth, within(1.5));
        }
    }

    @Test
    void multiplicativeRecoversLevelTrendAndSeasonRatios() {
        int n = 30 * M;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = (200 + 0.4 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / M)) + 0.5 * rng.nextGaussian();
        }
        HoltWintersForecaster hw = new HoltWintersForecaster(M, HoltWintersForecaster.Seasonality.MULTIPLICATIVE);
        hw.fit(y);
        HoltWintersForecaster.Components c = hw.components(y, n);
        assertThat(c.level()).isCloseTo(200 + 0.4 * (n - 1), within(3.0));
        assertThat(c.trend()).isCloseTo(0.4, within(0.05));
        for (int k = 0; k < M; k++) {
            assertThat(c.season()[k]).isCloseTo(1 + 0.3 * Math.sin(2 * Math.PI * (n + k) / M), within(0.02));
        }
    }

    @Test
    void withLessThanTwoSeasonsFallsBackToHolt() {
        double[] y = Series.seasonal(40, 10, 1, 0, M, 0, 1); // a straight line, 40 < 2 * 24
        HoltWintersForecaster hw = new HoltWintersForecaster(M, HoltWintersForecaster.Seasonality.ADDITIVE);
        hw.fit(y);
        double[] f = hw.forecast(y, 3);
        assertThat(f).containsExactly(new double[] {50, 51, 52}, within(1e-6));
        assertThat(hw.forecast(new double[] {7}, 2)).containsExactly(7, 7);
        // fitted on a long series, forecasting from a short prefix still works (Holt on the prefix)
        double[] z = Series.seasonal(10 * M, 10, 0, 3, M, 0.1, 3);
        hw.fit(z);
        assertThat(java.util.Arrays.stream(hw.forecast(z, M + 5, 4)).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void fittedParametersAreDeterministic() {
        double[] y = Series.seasonal(20 * M, 50, 0.1, 5, M, 1, 4);
        HoltWintersForecaster a = new HoltWintersForecaster(M, HoltWintersForecaster.Seasonality.ADDITIVE);
        HoltWintersForecaster b = new HoltWintersForecaster(M, HoltWintersForecaster.Seasonality.ADDITIVE);
        a.fit(y);
        b.fit(y);
        assertThat(new double[] {a.alpha(), a.beta(), a.gamma()}).containsExactly(b.alpha(), b.beta(), b.gamma());
    }
}
