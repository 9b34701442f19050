package dev.scalewise.nn.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.scalewise.forecast.ChronologicalSplit;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.RollingOriginEvaluator;
import dev.scalewise.workload.TraceCatalog;

/**
 * Issue 21's must-show for the LSTM: the native quantile head ({@code lstm-quantile}, default network, seed 42)
 * covers NASA's test split within 3 points of nominal at 0.9 and 0.99, under the protocol of
 * {@code docs/forecasting.md} (5-minute steps, split 70/10/20, horizon 3, rolling origin, no conformal step). The
 * report's run stopped early with its best epoch at 2 of 7, so training for 3 epochs gives the same network (the
 * same seed and shuffling; epoch 3 is not kept) at under half the cost: about 30 s on one thread.
 */
class NasaQuantileHeadTest {

    /** {@code ../shared/traces} from the module directory (as core's tests find it); skips when absent. */
    private static Path traces() {
        String prop = System.getProperty("scalewise.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
        Path traces = shared.resolve("traces");
        assumeTrue(Files.isDirectory(traces), "no shared traces at " + traces);
        return traces;
    }

    @Test
    void lstmQuantileHeadIsCalibratedOnTheNasaTestSplit() {
        double[] y = new TraceCatalog(traces()).resolve("nasa-http-1995").resample(300).rates();
        ChronologicalSplit split = ChronologicalSplit.of(y.length, 0.7, 0.1);
        RollingOriginEvaluator ev = new RollingOriginEvaluator(3, 288, 1, true, System::nanoTime);
        try (NeuralQuantileForecaster f = (NeuralQuantileForecaster) ForecasterRegistry.standard()
                .create("lstm-quantile", ForecasterConfig.of(288, 3, 42).withOption("epochs", 3))) {
            RollingOriginEvaluator.Result r = ev.evaluate(f, y, split, new double[] {0.9, 0.99});
            assertThat(f.network().metadata().bestEpoch()).isEqualTo(2);
            for (RollingOriginEvaluator.QuantileScore s : r.quantiles()) {
                System.out.printf("nasa lstm-quantile q=%s coverage %.4f pinball %.4f%n", s.q(), s.coverage(), s.pinball());
                assertThat(s.coverage()).as("coverage of the %s-quantile", s.q()).isCloseTo(s.q(), within(0.03));
            }
            // sharper than the conformal LSTM of the same page at 0.9 (pinball 0.0310)
            assertThat(r.quantiles().get(0).pinball()).isLessThan(0.0310);
        }
    }
}
