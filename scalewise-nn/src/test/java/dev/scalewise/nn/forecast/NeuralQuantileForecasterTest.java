package dev.scalewise.nn.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.scalewise.forecast.ChronologicalSplit;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.RollingOriginEvaluator;

/**
 * Native quantile heads trained for real on a seasonal series with Gaussian noise of a known spread (period 24,
 * amplitude 10, noise sd 1, 3,000 points), so the true q-quantile is the season plus {@code sd * z_q}: the levels
 * never cross, the 0.9 and 0.99 levels cover the test split close to nominal, the same seed gives the same network,
 * and the last-value anchor makes the forecast follow a shift of the level. About 20 s on one thread.
 */
class NeuralQuantileForecasterTest {
    static final int PERIOD = 24;
    static final int HORIZON = 3;
    static final double[] SERIES = series(3000, 5);
    static final ChronologicalSplit SPLIT = ChronologicalSplit.of(SERIES.length, 0.6, 0.2);
    private static NeuralQuantileForecaster lstm;

    static double[] series(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 20 + 10 * Math.sin(2 * Math.PI * t / PERIOD) + rng.nextGaussian();
        }
        return y;
    }

    static ForecasterConfig config() {
        return ForecasterConfig.of(PERIOD, HORIZON, 42).withOption("window", 24).withOption("hidden", 16)
                .withOption("epochs", 15).withOption("patience", 3).withOption("batch", 32);
    }

    static NeuralQuantileForecaster train(String name, ForecasterConfig c) {
        NeuralQuantileForecaster f = (NeuralQuantileForecaster) ForecasterRegistry.standard().create(name, c);
        f.fit(SPLIT.train(SERIES), SPLIT.validation(SERIES));
        return f;
    }

    static synchronized NeuralQuantileForecaster lstm() {
        if (lstm == null) {
            lstm = train("lstm-quantile", config());
        }
        return lstm;
    }

    @AfterAll
    static void free() {
        if (lstm != null) {
            lstm.close();
        }
    }

    @Test
    void levelsNeverCrossAndInterpolateBetweenTrainedLevels() {
        NeuralQuantileForecaster f = lstm();
        assertThat(f.levels()).containsExactly(0.5, 0.9, 0.99);
        double[] qs = {0.5, 0.6, 0.75, 0.9, 0.95, 0.99};
        for (int end : new int[] {1, 30, 1000, SPLIT.validationEnd(), SERIES.length}) {
            double[] previous = null;
            for (double q : qs) {
                double[] v = f.forecastQuantile(SERIES, end, 7, q); // leads 4..7 recursive
                if (previous != null) {
                    for (int k = 0; k < v.length; k++) {
                        assertThat(v[k]).as("end %d lead %d q %s", end, k + 1, q).isGreaterThanOrEqualTo(previous[k]);
                    }
                }
                previous = v;
            }
            // the median is the point forecast; 0.95 lies between 0.9 and 0.99 linearly
            assertThat(f.forecastQuantile(SERIES, end, 3, 0.5)).containsExactly(f.forecast(SERIES, end, 3));
            double[] a = f.forecastQuantile(SERIES, end, 3, 0.9);
            double[] b = f.forecastQuantile(SERIES, end, 3, 0.99);
            double[] mid = f.forecastQuantile(SERIES, end, 3, 0.945);
            for (int k = 0; k < 3; k++) {
                assertThat(mid[k]).isCloseTo(0.5 * (a[k] + b[k]), within(1e-6 * (1 + Math.abs(b[k]))));
            }
        }
        assertThatThrownBy(() -> f.forecastQuantile(SERIES, 100, 3, 0.995))
                .hasMessageContaining("outside the trained levels [0.5, 0.9, 0.99]");
        assertThatThrownBy(() -> f.atQuantile(0.2)).hasMessageContaining("outside the trained levels");
    }

    @Test
    void coversTheTestSplitNearNominalAndTheSpreadMatchesTheNoise() {
        NeuralQuantileForecaster f = lstm();
        RollingOriginEvaluator ev = new RollingOriginEvaluator(HORIZON, PERIOD, 1, false, System::nanoTime);
        RollingOriginEvaluator.Result r = ev.evaluate(Prefitted.of(f), SERIES, SPLIT, new double[] {0.5, 0.9, 0.99});
        for (RollingOriginEvaluator.QuantileScore s : r.quantiles()) {
            System.out.printf("lstm-quantile q=%s coverage %.4f pinball %.4f%n", s.q(), s.coverage(), s.pinball());
        }
        assertThat(r.quantiles().get(0).coverage()).isCloseTo(0.5, within(0.06));
        assertThat(r.quantiles().get(1).coverage()).isCloseTo(0.9, within(0.04));
        assertThat(r.quantiles().get(2).coverage()).isCloseTo(0.99, within(0.015));
        // the spread of N(0, 1) noise: q0.9 - q0.5 = 1.28, q0.99 - q0.5 = 2.33 (mean over test origins)
        int[] ends = ev.origins(SPLIT);
        double[][] med = f.quantiles(SERIES, ends, HORIZON, 0.5);
        double[][] hi = f.quantiles(SERIES, ends, HORIZON, 0.9);
        double[][] top = f.quantiles(SERIES, ends, HORIZON, 0.99);
        double s90 = 0;
        double s99 = 0;
        for (int i = 0; i < ends.length; i++) {
            s90 += hi[i][0] - med[i][0];
            s99 += top[i][0] - med[i][0];
        }
        assertThat(s90 / ends.length).isCloseTo(1.2816, within(0.35));
        assertThat(s99 / ends.length).isCloseTo(2.3263, within(0.6));
    }

    @Test
    void sameSeedSameNetworkAndSavedModelsLoadBack(@TempDir Path dir) throws Exception {
        NeuralQuantileForecaster a = lstm();
        int[] ends = {SPLIT.validationEnd(), SPLIT.validationEnd() + 17, SERIES.length - 1};
        try (NeuralQuantileForecaster b = train("lstm-quantile", config())) {
            assertThat(b.quantiles(SERIES, ends, HORIZON, 0.99)).isDeepEqualTo(a.quantiles(SERIES, ends, HORIZON, 0.99));
            assertThat(b.network().metadata().validationLoss()).isEqualTo(a.network().metadata().validationLoss());
        }
        a.network().save(dir);
        try (NeuralForecaster loaded = NeuralForecasterProvider.load(dir, "lstm")) {
            assertThat(loaded.config().quantiles()).containsExactly(0.5, 0.9, 0.99);
            NeuralQuantileForecaster q = new NeuralQuantileForecaster(loaded);
            assertThat(q.quantiles(SERIES, ends, HORIZON, 0.9)).isDeepEqualTo(a.quantiles(SERIES, ends, HORIZON, 0.9));
        }
    }

    @Test
    void registryGivesTheNativeQuantileAndRejectsBadLevels() {
        ForecasterRegistry r = ForecasterRegistry.standard();
        assertThat(r.names()).contains("lstm-quantile", "tcn-quantile");
        Forecaster at = r.create("tcn-quantile@0.9", config());
        assertThat(at.name()).isEqualTo("tcn-quantile@0.9");
        assertThat(r.quantiles("lstm-quantile", config())).isInstanceOf(NeuralQuantileForecaster.class);
        NeuralQuantileForecaster custom = (NeuralQuantileForecaster) r.create("lstm-quantile",
                config().withOption("quantiles", "0.99,0.1"));
        assertThat(custom.levels()).containsExactly(0.1, 0.5, 0.99);
        assertThatThrownBy(() -> r.create("lstm-quantile", config().withOption("quantiles", "0.9,x")))
                .hasMessage("option quantiles: 'x' is not a number (e.g. 0.5,0.9,0.99)");
        assertThatThrownBy(() -> r.create("lstm-quantile", config().withOption("quantiles", "1.5")))
                .hasMessage("option quantiles: levels must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> r.create("tcn", config().withOption("anchor", "first")))
                .hasMessage("option anchor must be last or none, got 'first'");
        assertThatThrownBy(() -> new NeuralConfig(24, 3, 8, 1, 3, 5, 2, 16, 0.01, 1, List.of(0.9, 0.99), false))
                .hasMessageContaining("must hold 0.5");
    }

    @Test
    void anchoredTcnFollowsAShiftOfTheLevelAndItsQuantilesDoNotCross() {
        ForecasterConfig c = config().withOption("layers", 3).withOption("epochs", 6).withOption("hidden", 8);
        try (NeuralQuantileForecaster tcn = train("tcn-quantile", c)) {
            assertThat(tcn.network().config().anchorLast()).isTrue(); // the TCN's default
            double[] shifted = SERIES.clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 500; // far above anything in training (max about 33)
            }
            int[] ends = {100, SPLIT.validationEnd(), SERIES.length};
            for (double q : new double[] {0.5, 0.9, 0.99}) {
                double[][] base = tcn.quantiles(SERIES, ends, HORIZON, q);
                double[][] moved = tcn.quantiles(shifted, ends, HORIZON, q);
                for (int i = 0; i < ends.length; i++) {
                    for (int k = 0; k < HORIZON; k++) {
                        // equivariant up to float rounding of the normalised inputs (values near 500 / std)
                        assertThat(moved[i][k] - 500).isCloseTo(base[i][k], within(0.01));
                    }
                }
            }
            double[][] lo = tcn.quantiles(SERIES, ends, HORIZON, 0.5);
            double[][] hi = tcn.quantiles(SERIES, ends, HORIZON, 0.9);
            double[][] top = tcn.quantiles(SERIES, ends, HORIZON, 0.99);
            for (int i = 0; i < ends.length; i++) {
                for (int k = 0; k < HORIZON; k++) {
                    assertThat(hi[i][k]).isGreaterThanOrEqualTo(lo[i][k]);
                    assertThat(top[i][k]).isGreaterThanOrEqualTo(hi[i][k]);
                }
            }
        }
    }
}
