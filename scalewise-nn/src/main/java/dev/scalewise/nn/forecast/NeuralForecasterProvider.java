package dev.scalewise.nn.forecast;

import java.io.IOException;
import java.nio.file.Path;

import dev.scalewise.forecast.ForecasterProvider;
import dev.scalewise.forecast.ForecasterRegistry;

/**
 * Adds {@code lstm} and {@code tcn} to {@link ForecasterRegistry#standard()} (listed in
 * {@code META-INF/services/dev.scalewise.forecast.ForecasterProvider}). Options: {@code window}, {@code hidden},
 * {@code layers}, {@code kernel}, {@code epochs}, {@code patience}, {@code batch}, {@code lr}, {@code anchor}
 * (see {@link NeuralConfig}); {@code lstm-quantile} and {@code tcn-quantile} (native quantile heads,
 * {@link NeuralQuantileForecaster}) also take {@code quantiles}.
 */
public final class NeuralForecasterProvider implements ForecasterProvider {
    /** Whether the TCN predicts the change from the last value by default ({@code anchor=last}). */
    static final boolean TCN_ANCHOR = true;

    @Override
    public void registerInto(ForecasterRegistry registry) {
        registry.register("lstm", "LSTM on the last window of values, trained with early stopping (DJL/PyTorch)",
                c -> new LstmForecaster(NeuralConfig.from(c, 1, 0.003, false)));
        registry.register("tcn", "temporal convolutional network (dilated causal convolutions), trained with early stopping (DJL/PyTorch)",
                c -> new TcnForecaster(NeuralConfig.from(c, 4, 0.002, TCN_ANCHOR)));
        registry.register("lstm-quantile", "LSTM with a native quantile head (levels " + NeuralConfig.DEFAULT_QUANTILES
                        + ", pinball loss, monotone); point forecast = median",
                c -> new NeuralQuantileForecaster(new LstmForecaster(NeuralConfig.fromQuantile(c, 1, 0.003, false))));
        registry.register("tcn-quantile", "TCN with a native quantile head (levels " + NeuralConfig.DEFAULT_QUANTILES
                        + ", pinball loss, monotone); point forecast = median",
                c -> new NeuralQuantileForecaster(new TcnForecaster(NeuralConfig.fromQuantile(c, 4, 0.002, TCN_ANCHOR))));
    }

    /**
     * Loads a forecaster saved with {@link NeuralForecaster#save} from {@code dir}.
     *
     * @param kind {@code lstm} or {@code tcn}
     */
    public static NeuralForecaster load(Path dir, String kind) throws IOException {
        TrainingMetadata meta = NeuralForecaster.readMetadata(dir, kind);
        NeuralForecaster f = switch (meta.kind()) {
            case "lstm" -> new LstmForecaster(meta.config());
            case "tcn" -> new TcnForecaster(meta.config());
            default -> throw new IOException("unknown neural forecaster kind '" + meta.kind() + "' in " + dir);
        };
        f.loadFrom(dir, meta);
        return f;
    }
}
