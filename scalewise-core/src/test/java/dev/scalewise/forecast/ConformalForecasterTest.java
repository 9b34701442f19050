package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalForecasterTest {
    static final int M = 24;

    @Test
    void offsetIsTheConformalOrderStatisticOfTheValidationResiduals() {
        // naive forecaster: the lead-1 residual at origin e is y[e] - y[e - 1]; validation = y[200 .. 300)
        double[] y = new double[300];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 1; t < y.length; t++) {
            y[t] = y[t - 1] + rng.nextGaussian();
        }
        double[] shifted = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            shifted[t] = y[t] + 100; // positive, so the zero clamp does not bite
        }
        ConformalForecaster c = new ConformalForecaster(new NaiveForecaster(), 2);
        c.fit(Arrays.copyOf(shifted, 200), Arrays.copyOfRange(shifted, 200, 300));
        double[] r1 = new double[100];
        for (int i = 0; i < 100; i++) {
            r1[i] = shifted[200 + i] - shifted[199 + i];
        }
        Arrays.sort(r1);
        assertThat(c.calibrationSize(1)).isEqualTo(100);
        assertThat(c.calibrationSize(2)).isEqualTo(99);
        // rank ceil(101 q): q = 0.9 -> 91st smallest, q = 0.5 -> 51st, q = 0.999 -> clamped to the largest
        assertThat(c.offset(1, 0.9)).isEqualTo(r1[90]);
        assertThat(c.offset(1, 0.5)).isEqualTo(r1[50]);
        assertThat(c.offset(1, 0.999)).isEqualTo(r1[99]);
        assertThat(c.offset(1, 0.001)).isEqualTo(r1[0]);
        assertThat(c.forecastQuantile(shifted, 250, 1, 0.9)[0]).isEqualTo(shifted[249] + r1[90]);
        // leads beyond the calibrated ones reuse the last calibrated lead
        assertThat(c.offset(5, 0.9)).isEqualTo(c.offset(2, 0.9));
    }

    @Test
    void quantilesAreMonotoneInQForEveryClassicalForecaster() {
        double[] y = Series.seasonal(40 * M, 100, 0.1, 30, M, 5, 8);
        double[] qs = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
        ForecasterRegistry registry = ForecasterRegistry.classical();
        for (String name : registry.names()) {
            ConformalForecaster c = registry.quantile(name, ForecasterConfig.of(M, 4, 1));
            c.fit(Arrays.copyOf(y, 28 * M), Arrays.copyOfRange(y, 28 * M, 32 * M));
            for (int end : new int[] {5, 30 * M, 35 * M, 40 * M - 4}) {
                double[] previous = null;
                for (double q : qs) {
                    double[] f = c.forecastQuantile(y, end, 6, q);
                    if (previous != null) {
                        for (int k = 0; k < f.length; k++) {
                            assertThat(f[k]).as("%s end %d lead %d q %s", name, end, k + 1, q).isGreaterThanOrEqualTo(previous[k]);
                        }
                    }
                    previous = f;
                }
                double[] median = c.forecastQuantile(y, end, 6, 0.5);
                double[] low = c.forecastQuantile(y, end, 6, 0.05);
                double[] high = c.forecastQuantile(y, end, 6, 0.95);
                assertThat(high[0] - low[0]).as("%s 90%% interval width", name).isPositive();
                assertThat(Math.abs(median[0] - Math.max(0, c.forecast(y, end, 1)[0]))).as(name).isLessThan(high[0] - low[0]);
            }
        }
    }

    @Test
    void coverageOfIidNoiseIsNominalOnTheTestSplit() {
        // seasonal naive on season + iid noise: residuals e[t] - e[t - m], exchangeable across origins
        double[] y = Series.seasonal(200 * M, 200, 0, 40, M, 4, 12);
        ChronologicalSplit split = ChronologicalSplit.of(y.length, 0.6, 0.2);
        RollingOriginEvaluator ev = new RollingOriginEvaluator(3, M, 1, true, System::nanoTime);
        ConformalForecaster c = new ConformalForecaster(new SeasonalNaiveForecaster(M), 3);
        RollingOriginEvaluator.Result r = ev.evaluate(c, y, split, new double[] {0.1, 0.5, 0.9, 0.99});
        assertThat(r.quantiles()).extracting(RollingOriginEvaluator.QuantileScore::q).containsExactly(0.1, 0.5, 0.9, 0.99);
        for (RollingOriginEvaluator.QuantileScore s : r.quantiles()) {
            assertThat(s.coverage()).as("coverage of %s", s.q()).isCloseTo(s.q(), within(0.02));
            assertThat(s.coverageAtHorizon()).as("coverage of %s at lead 3", s.q()).isCloseTo(s.q(), within(0.03));
        }
        // the median's pinball loss is about half the MAE of the (median) point forecast; N(0, 2 * 16) errors:
        // the 0.9-quantile's expected pinball loss is sigma * phi(1.2816) = 5.657 * 0.1755 = 0.993
        assertThat(r.quantiles().get(1).pinball()).isCloseTo(0.5 * r.overall().mae(), within(0.05 * r.overall().mae()));
        assertThat(r.quantiles().get(2).pinball()).isCloseTo(0.993, within(0.06));
    }

    @Test
    void relativeResidualsCarryAcrossALevelShift() {
        // noise proportional to the level; calibration (validation) at level 100, test at level 50
        SplittableRandom rng = new SplittableRandom(21);
        double[] y = new double[4000];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t < 3000 ? 100 : 50) * (1 + 0.1 * rng.nextGaussian());
        }
        ChronologicalSplit split = new ChronologicalSplit(2000, 3000, 4000);
        RollingOriginEvaluator ev = new RollingOriginEvaluator(1, M, 1, true, System::nanoTime);
        double absolute = ev.evaluate(new ConformalForecaster(new NaiveForecaster(), 1), y, split, new double[] {0.9})
                .quantiles().get(0).coverage();
        double relative = ev.evaluate(new ConformalForecaster(new NaiveForecaster(), 1, ConformalForecaster.Scale.RELATIVE),
                y, split, new double[] {0.9}).quantiles().get(0).coverage();
        // absolute: a band twice too wide (P(N < 2 x 1.2816) = 0.995); relative: (50 + 10) / (100 + 10) of it
        assertThat(absolute).isGreaterThan(0.98);
        assertThat(relative).isBetween(0.88, 0.95);
        ForecasterConfig c = ForecasterConfig.of(M, 1, 0).withOption("quantile-scale", "relative");
        ConformalForecaster viaRegistry = ForecasterRegistry.classical().quantile("naive", c);
        ConformalForecaster direct = new ConformalForecaster(new NaiveForecaster(), 1, ConformalForecaster.Scale.RELATIVE);
        viaRegistry.fit(split.train(y), split.validation(y));
        direct.fit(split.train(y), split.validation(y));
        assertThat(viaRegistry.forecastQuantile(y, 3500, 1, 0.9)).containsExactly(direct.forecastQuantile(y, 3500, 1, 0.9));
        assertThatThrownBy(() -> ForecasterRegistry.classical().quantile("naive", c.withOption("quantile-scale", "log")))
                .hasMessage("option quantile-scale must be absolute or relative, got 'log'");
    }

    @Test
    void pinballReferenceValues() {
        assertThat(RollingOriginEvaluator.pinball(0.9, 10, 8)).isCloseTo(1.8, within(1e-12)); // under-forecast: q |e|
        assertThat(RollingOriginEvaluator.pinball(0.9, 8, 10)).isCloseTo(0.2, within(1e-12)); // over: (1 - q) |e|
        assertThat(RollingOriginEvaluator.pinball(0.5, 3, 3)).isZero();
    }

    @Test
    void registryNamesWithAQuantile() {
        ForecasterRegistry registry = ForecasterRegistry.classical();
        assertThat(registry.contains("holt@0.99")).isTrue();
        assertThat(registry.contains("holt@1.5")).isFalse();
        assertThat(registry.contains("nope@0.5")).isFalse();
        Forecaster f = registry.create("naive@0.9", ForecasterConfig.of(M, 1, 0));
        assertThat(f.name()).isEqualTo("naive@0.9");
        double[] y = Series.seasonal(10 * M, 50, 0, 10, M, 2, 5);
        f.fit(y);
        ConformalForecaster c = registry.quantile("naive", ForecasterConfig.of(M, 1, 0));
        c.fit(y);
        assertThat(f.forecast(y, 100, 1)).containsExactly(c.forecastQuantile(y, 100, 1, 0.9));
        assertThatThrownBy(() -> registry.create("holt@1.5", ForecasterConfig.of(M, 1, 0)))
                .hasMessage("forecaster 'holt@1.5': quantile must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> registry.create("holt@high", ForecasterConfig.of(M, 1, 0)))
                .hasMessage("forecaster 'holt@high': quantile 'high' is not a number");
        assertThatThrownBy(() -> registry.create("nope@0.5", ForecasterConfig.of(M, 1, 0)))
                .hasMessageStartingWith("unknown forecaster 'nope'");
        assertThatThrownBy(() -> new ConformalForecaster(new NaiveForecaster(), 1).forecastQuantile(y, 5, 1, 0.5))
                .hasMessage("naive: quantiles before fit");
        assertThatThrownBy(() -> new RollingOriginEvaluator(1, M, 1, true, System::nanoTime)
                .evaluate(new NaiveForecaster(), y, ChronologicalSplit.of(y.length, 0.7, 0.1), new double[] {0.9}))
                .hasMessageContaining("naive gives no quantiles");
    }

    @Test
    void ewmaReachesAlphaOneAndThenForecastsZeroAfterAZero() {
        // a straight line: every alpha below 1 lags behind it, so the least-squares weight is exactly 1
        double[] line = new double[50];
        for (int t = 0; t < line.length; t++) {
            line[t] = 3 * t;
        }
        EwmaForecaster e = new EwmaForecaster(Double.NaN);
        e.fit(line);
        assertThat(e.alpha()).isEqualTo(1.0);
        double[] withZero = Arrays.copyOf(line, 51);
        withZero[50] = 0;
        assertThat(e.forecast(withZero, 2)).containsExactly(0, 0);
        // a noisy level: an interior weight, as before
        EwmaForecaster noisy = new EwmaForecaster(Double.NaN);
        noisy.fit(Series.seasonal(500, 20, 0, 0, M, 1, 9));
        assertThat(noisy.alpha()).isStrictlyBetween(0.0, 0.5);
    }
}
