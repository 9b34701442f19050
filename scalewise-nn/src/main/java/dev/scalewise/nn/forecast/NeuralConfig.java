package dev.scalewise.nn.forecast;

import dev.scalewise.forecast.ForecasterConfig;

/**
 * Hyper-parameters of a windowed neural forecaster.
 *
 * @param window       past values the network sees, in steps, &gt;= 2
 * @param horizon      values predicted at once (direct multi-output), in steps, &gt;= 1; longer horizons are
 *                     forecast recursively
 * @param hidden       LSTM state size / TCN channels, &gt;= 1
 * @param layers       LSTM layers / TCN residual blocks (dilations 1, 2, 4, ...), &gt;= 1
 * @param kernel       TCN kernel size (ignored by the LSTM), &gt;= 2
 * @param maxEpochs    upper bound on training epochs, &gt;= 1
 * @param patience     epochs without a better validation loss before training stops, &gt;= 1
 * @param batchSize    mini-batch size, &gt;= 1
 * @param learningRate Adam learning rate, &gt; 0
 * @param seed         seed of the weight initialisation and the mini-batch shuffling
 */
public record NeuralConfig(int window, int horizon, int hidden, int layers, int kernel, int maxEpochs, int patience,
                           int batchSize, double learningRate, long seed) {
    public NeuralConfig {
        check("window", window, 2);
        check("horizon", horizon, 1);
        check("hidden", hidden, 1);
        check("layers", layers, 1);
        check("kernel", kernel, 2);
        check("maxEpochs", maxEpochs, 1);
        check("patience", patience, 1);
        check("batchSize", batchSize, 1);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
    }

    private static void check(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    /**
     * From registry options ({@code window, hidden, layers, kernel, epochs, patience, batch, lr}); the horizon and
     * seed come from the config. Defaults: window 48, hidden 32, 1 LSTM layer / 4 TCN blocks, kernel 3, 40 epochs,
     * patience 5, batch 64, learning rate 0.003 (LSTM) / 0.002 (TCN).
     */
    static NeuralConfig from(ForecasterConfig c, int defaultLayers, double defaultLearningRate) {
        return new NeuralConfig(c.intOption("window", 48), c.horizonSteps(), c.intOption("hidden", 32),
                c.intOption("layers", defaultLayers), c.intOption("kernel", 3), c.intOption("epochs", 40),
                c.intOption("patience", 5), c.intOption("batch", 64), c.doubleOption("lr", defaultLearningRate), c.seed());
    }
}
