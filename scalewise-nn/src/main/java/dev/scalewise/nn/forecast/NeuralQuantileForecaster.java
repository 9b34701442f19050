package dev.scalewise.nn.forecast;

import java.util.List;
import java.util.Objects;

import dev.scalewise.forecast.ForecastStream;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.QuantileForecaster;

/**
 * A neural forecaster with a native quantile head ({@code lstm-quantile}, {@code tcn-quantile}): one network trained
 * on the pinball loss of all its levels at once ({@link PinballLoss}), monotone in the level by construction
 * ({@link OutputHead}). The point forecast is the median level.
 *
 * <p>{@link #forecastQuantile} at a trained level returns that output; between two trained levels it interpolates
 * linearly in {@code q} (still monotone); outside the trained levels it is an error (a network says nothing about a
 * level it was not trained for: train with {@code -o quantiles=...}). The quantiles are the network's own; their
 * calibration is measured on the test split ({@code RollingOriginEvaluator}), not assumed.
 */
public final class NeuralQuantileForecaster implements QuantileForecaster, AutoCloseable {
    private final NeuralForecaster network;

    /** @param network a neural forecaster whose config has quantile levels */
    public NeuralQuantileForecaster(NeuralForecaster network) {
        this.network = Objects.requireNonNull(network, "network");
        if (!network.config().isQuantile()) {
            throw new IllegalArgumentException(network.name() + " has no quantile levels");
        }
    }

    /** The wrapped network (for its metadata and {@code save}). */
    public NeuralForecaster network() {
        return network;
    }

    /** The trained levels, ascending. */
    public List<Double> levels() {
        return network.config().quantiles();
    }

    @Override
    public String name() {
        return network.name() + "-quantile";
    }

    @Override
    public void fit(double[] train, double[] validation) {
        network.fit(train, validation);
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        return network.forecast(series, end, horizon);
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return network.forecastMany(series, ends, horizon);
    }

    @Override
    public ForecastStream stream() {
        return network.stream();
    }

    @Override
    public double[] forecastQuantile(double[] series, int end, int horizon, double q) {
        return quantiles(series, new int[] {end}, horizon, q)[0];
    }

    /** The q-quantile forecasts from many origins (one network pass per batch of origins). */
    public double[][] quantiles(double[] series, int[] ends, int horizon, double q) {
        Bracket b = bracket(q);
        double[][][] levels = network.forecastLevels(series, ends, horizon);
        double[][] out = new double[ends.length][horizon];
        for (int i = 0; i < ends.length; i++) {
            for (int k = 0; k < horizon; k++) {
                double[] l = levels[i][k];
                out[i][k] = l[b.lower] + b.weight * (l[b.upper] - l[b.lower]);
            }
        }
        return out;
    }

    /** Trained levels around {@code q} and the interpolation weight of the upper one. */
    private record Bracket(int lower, int upper, double weight) {
    }

    private Bracket bracket(double q) {
        QuantileForecaster.checkQuantile(q);
        List<Double> l = levels();
        for (int j = 0; j < l.size(); j++) {
            if (l.get(j) == q) {
                return new Bracket(j, j, 0);
            }
            if (j > 0 && l.get(j - 1) < q && q < l.get(j)) {
                return new Bracket(j - 1, j, (q - l.get(j - 1)) / (l.get(j) - l.get(j - 1)));
            }
        }
        throw new IllegalArgumentException(name() + ": quantile " + q + " is outside the trained levels " + l
                + " (train with -o quantiles=...)");
    }

    @Override
    public Forecaster atQuantile(double q) {
        bracket(q);
        return new Forecaster() {
            @Override
            public String name() {
                return NeuralQuantileForecaster.this.name() + "@" + q;
            }

            @Override
            public void fit(double[] train, double[] validation) {
                NeuralQuantileForecaster.this.fit(train, validation);
            }

            @Override
            public double[] forecast(double[] series, int end, int horizon) {
                return forecastQuantile(series, end, horizon, q);
            }

            @Override
            public double[][] forecastMany(double[] series, int[] ends, int horizon) {
                return quantiles(series, ends, horizon, q);
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    @Override
    public void close() {
        network.close();
    }

    @Override
    public String toString() {
        return name();
    }
}
