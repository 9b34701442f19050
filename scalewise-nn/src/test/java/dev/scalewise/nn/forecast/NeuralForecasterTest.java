package dev.scalewise.nn.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.scalewise.forecast.ChronologicalSplit;
import dev.scalewise.forecast.ForecastStream;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.NaiveForecaster;
import dev.scalewise.forecast.RollingOriginEvaluator;

/**
 * LSTM and TCN trained for real on a small synthetic seasonal series (period 24, amplitude 10, noise sd 0.5,
 * 2,400 points): they beat naive by a wide margin, training is reproducible for a seed, saved models load back to
 * the same forecasts, and they never look ahead. Each network is trained twice (about 10-20 s each on one thread).
 */
class NeuralForecasterTest {
    static final int PERIOD = 24;
    static final int HORIZON = 3;
    static final double[] SERIES = series(2400, 3);
    static final ChronologicalSplit SPLIT = ChronologicalSplit.of(SERIES.length, 0.7, 0.1);
    private static final Map<String, NeuralForecaster> TRAINED = new HashMap<>();

    static double[] series(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 20 + 10 * Math.sin(2 * Math.PI * t / PERIOD) + 0.5 * rng.nextGaussian();
        }
        return y;
    }

    static ForecasterConfig config() {
        return ForecasterConfig.of(PERIOD, HORIZON, 42).withOption("window", 36).withOption("hidden", 16)
                .withOption("epochs", 12).withOption("patience", 3).withOption("batch", 32);
    }

    static NeuralForecaster train(String kind) {
        NeuralForecaster f = (NeuralForecaster) ForecasterRegistry.standard().create(kind, config());
        f.fit(SPLIT.train(SERIES), SPLIT.validation(SERIES));
        return f;
    }

    static synchronized NeuralForecaster trained(String kind) {
        return TRAINED.computeIfAbsent(kind, NeuralForecasterTest::train);
    }

    @AfterAll
    static void free() {
        TRAINED.values().forEach(NeuralForecaster::close);
    }

    @Test
    void registeredThroughTheServiceLoader() {
        assertThat(ForecasterRegistry.standard().names()).contains("lstm", "tcn", "holt-winters-add");
        assertThat(ForecasterRegistry.standard().create("tcn", config())).isInstanceOf(TcnForecaster.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "tcn"})
    void beatsNaiveByAWideMargin(String kind) {
        NeuralForecaster f = trained(kind);
        RollingOriginEvaluator ev = new RollingOriginEvaluator(HORIZON, PERIOD, 1, false, System::nanoTime);
        // the evaluator refits: give it a forecaster that is already trained and whose fit is a no-op
        RollingOriginEvaluator.Result nn = ev.evaluate(Prefitted.of(f), SERIES, SPLIT);
        RollingOriginEvaluator.Result naive = ev.evaluate(new NaiveForecaster(), SERIES, SPLIT);
        TrainingMetadata meta = f.metadata();
        System.out.printf("%s: MAE %.3f vs naive %.3f (seasonal naive ratio %.3f), epochs %d (best %d), val MSE %.4f, %.1f s%n",
                kind, nn.overall().mae(), naive.overall().mae(), nn.relativeMae(), meta.epochs(), meta.bestEpoch(),
                meta.validationLoss(), meta.trainSeconds());
        assertThat(nn.overall().mae()).isLessThan(0.5 * naive.overall().mae());
        assertThat(meta.validationSamples()).isGreaterThan(0);
        assertThat(meta.validationFromTrain()).isFalse();
        assertThat(meta.bestEpoch()).isBetween(1, meta.epochs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "tcn"})
    void trainingIsReproducibleForASeed(String kind) {
        NeuralForecaster a = trained(kind);
        try (NeuralForecaster b = train(kind)) {
            int[] ends = {SPLIT.validationEnd(), SPLIT.validationEnd() + 17, SERIES.length - 1};
            double[][] fa = a.forecastMany(SERIES, ends, HORIZON);
            double[][] fb = b.forecastMany(SERIES, ends, HORIZON);
            // one PyTorch thread on CPU: bit-identical
            assertThat(fb).isDeepEqualTo(fa);
            assertThat(b.metadata().validationLoss()).isEqualTo(a.metadata().validationLoss());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "tcn"})
    void savedModelsLoadBackAndGiveTheSameForecasts(String kind, @TempDir Path dir) throws Exception {
        NeuralForecaster f = trained(kind);
        f.save(dir);
        assertThat(dir.resolve(kind + ".json")).exists();
        try (NeuralForecaster loaded = NeuralForecasterProvider.load(dir, kind)) {
            assertThat(loaded.metadata()).isEqualTo(f.metadata());
            for (int end : new int[] {5, 100, SPLIT.validationEnd(), SERIES.length}) {
                assertThat(loaded.forecast(SERIES, end, 7)).containsExactly(f.forecast(SERIES, end, 7));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "tcn"})
    void neverLooksAheadAndTheStreamAgrees(String kind) {
        NeuralForecaster f = trained(kind);
        ForecastStream stream = f.stream();
        int fed = 0;
        for (int end : new int[] {1, 10, 36, 37, 500, 2000, 2399}) {
            double[] before = f.forecast(SERIES, end, 5);
            double[] future = SERIES.clone();
            for (int i = end; i < future.length; i++) {
                future[i] = -1e4;
            }
            assertThat(f.forecast(future, end, 5)).as("%s at %d", kind, end).containsExactly(before);
            assertThat(f.forecast(Arrays.copyOf(SERIES, end), 5)).containsExactly(before);
            while (fed < end) {
                stream.observe(SERIES[fed++]);
            }
            assertThat(stream.forecast(5)).containsExactly(before);
            // batched inference agrees to float precision
            double[] batched = f.forecastMany(SERIES, new int[] {1, end, 2399}, 5)[1];
            for (int k = 0; k < 5; k++) {
                assertThat(batched[k]).isCloseTo(before[k], within(1e-4 * (1 + Math.abs(before[k]))));
            }
        }
    }
}
