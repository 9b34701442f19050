package dev.scalewise.nn.forecast;

import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.QuantileForecaster;

/**
 * Wraps a trained forecaster so that an evaluator's fit does not retrain it: fitting does nothing, forecasts are the
 * trained one's. {@link #of} keeps a quantile forecaster's quantiles ({@link Quantiles}).
 */
class Prefitted implements Forecaster {
    final Forecaster inner;

    private Prefitted(Forecaster inner) {
        this.inner = inner;
    }

    /** {@code trained}, no longer fitted again; a quantile forecaster stays one. */
    static Prefitted of(Forecaster trained) {
        return trained instanceof QuantileForecaster q ? new Quantiles(q) : new Prefitted(trained);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void fit(double[] train, double[] validation) {
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        return inner.forecast(series, end, horizon);
    }

    @Override
    public double[][] forecastMany(double[] series, int[] ends, int horizon) {
        return inner.forecastMany(series, ends, horizon);
    }

    /** A prefitted quantile forecaster. */
    static final class Quantiles extends Prefitted implements QuantileForecaster {
        private final QuantileForecaster quantiles;

        private Quantiles(QuantileForecaster inner) {
            super(inner);
            this.quantiles = inner;
        }

        @Override
        public double[] forecastQuantile(double[] series, int end, int horizon, double q) {
            return quantiles.forecastQuantile(series, end, horizon, q);
        }

        @Override
        public Forecaster atQuantile(double q) {
            return quantiles.atQuantile(q);
        }
    }
}
