package dev.scalewise.nn.forecast;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

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
 * @param quantiles    quantile levels of a native quantile head, strictly ascending in (0, 1) and holding 0.5 (the
 *                     point forecast is the median); empty (the default) for a point network trained on the squared
 *                     error. With levels the network outputs {@code horizon x levels} values, monotone in the level
 *                     by construction, trained on the pinball loss ({@link PinballLoss})
 * @param anchorLast   whether the network predicts the change from the last input value (that value is added to
 *                     every output, and the inputs are taken relative to it): a level outside the one training saw
 *                     then passes through (option
 *                     {@code anchor=last}; {@code anchor=none}, a plain network, for {@code false})
 */
public record NeuralConfig(int window, int horizon, int hidden, int layers, int kernel, int maxEpochs, int patience,
                           int batchSize, double learningRate, long seed, List<Double> quantiles, boolean anchorLast) {

    /** A point network (no quantile head). */
    public NeuralConfig(int window, int horizon, int hidden, int layers, int kernel, int maxEpochs, int patience,
                        int batchSize, double learningRate, long seed) {
        this(window, horizon, hidden, layers, kernel, maxEpochs, patience, batchSize, learningRate, seed, List.of(),
                false);
    }

    public NeuralConfig {
        quantiles = quantiles == null ? List.of() : List.copyOf(quantiles); // null: metadata saved before the field
        for (int i = 0; i < quantiles.size(); i++) {
            double q = quantiles.get(i);
            if (!(q > 0 && q < 1) || (i > 0 && q <= quantiles.get(i - 1))) {
                throw new IllegalArgumentException("quantiles must be strictly ascending levels in (0, 1), got " + quantiles);
            }
        }
        if (!quantiles.isEmpty() && !quantiles.contains(0.5)) {
            throw new IllegalArgumentException("quantiles must hold 0.5 (the point forecast is the median), got " + quantiles);
        }
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

    /** Whether the network has a quantile head. */
    @JsonIgnore
    public boolean isQuantile() {
        return !quantiles.isEmpty();
    }

    /** Levels per lead the network outputs: the number of quantiles, or 1 for a point network. */
    public int levels() {
        return Math.max(1, quantiles.size());
    }

    /** Index of the median in {@link #quantiles()} (0 for a point network). */
    public int medianIndex() {
        return Math.max(0, quantiles.indexOf(0.5));
    }

    private static void check(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    /**
     * From registry options ({@code window, hidden, layers, kernel, epochs, patience, batch, lr, anchor}); the horizon
     * and seed come from the config. Defaults: window 48, hidden 32, 1 LSTM layer / 4 TCN blocks, kernel 3, 40 epochs,
     * patience 5, batch 64, learning rate 0.003 (LSTM) / 0.002 (TCN).
     */
    static NeuralConfig from(ForecasterConfig c, int defaultLayers, double defaultLearningRate, boolean defaultAnchor) {
        String anchor = c.option("anchor", defaultAnchor ? "last" : "none").trim();
        if (!anchor.equals("last") && !anchor.equals("none")) {
            throw new IllegalArgumentException("option anchor must be last or none, got '" + anchor + "'");
        }
        return new NeuralConfig(c.intOption("window", 48), c.horizonSteps(), c.intOption("hidden", 32),
                c.intOption("layers", defaultLayers), c.intOption("kernel", 3), c.intOption("epochs", 40),
                c.intOption("patience", 5), c.intOption("batch", 64), c.doubleOption("lr", defaultLearningRate), c.seed(),
                List.of(), anchor.equals("last"));
    }

    /** Default levels of the native quantile head. */
    public static final String DEFAULT_QUANTILES = "0.5,0.9,0.99";

    /**
     * As {@link #from(ForecasterConfig, int, double)} with a quantile head: option {@code quantiles} (comma-separated
     * levels, default {@value #DEFAULT_QUANTILES}; 0.5 is added when absent, the levels are sorted).
     */
    static NeuralConfig fromQuantile(ForecasterConfig c, int defaultLayers, double defaultLearningRate,
                                     boolean defaultAnchor) {
        NeuralConfig p = from(c, defaultLayers, defaultLearningRate, defaultAnchor);
        String text = c.option("quantiles", DEFAULT_QUANTILES);
        List<Double> levels = new ArrayList<>(List.of(0.5));
        for (String part : text.split(",")) {
            double q;
            try {
                q = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option quantiles: '" + part.trim() + "' is not a number (e.g. "
                        + DEFAULT_QUANTILES + ")", e);
            }
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("option quantiles: levels must be in (0, 1), got " + part.trim());
            }
            if (!levels.contains(q)) {
                levels.add(q);
            }
        }
        levels.sort(Double::compare);
        return new NeuralConfig(p.window(), p.horizon(), p.hidden(), p.layers(), p.kernel(), p.maxEpochs(),
                p.patience(), p.batchSize(), p.learningRate(), p.seed(), levels, p.anchorLast());
    }
}
