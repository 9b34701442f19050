package dev.scalewise.forecast;

import java.util.Arrays;

/** The default {@link ForecastStream}: keeps the observed values and asks the batch method of its forecaster. */
final class BufferedForecastStream implements ForecastStream {
    private final Forecaster forecaster;
    private double[] values = new double[256];
    private int size;

    BufferedForecastStream(Forecaster forecaster) {
        this.forecaster = forecaster;
    }

    @Override
    public void observe(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    @Override
    public int observed() {
        return size;
    }

    @Override
    public double[] forecast(int horizon) {
        if (size == 0) {
            throw new IllegalStateException("forecast before any value was observed");
        }
        return forecaster.forecast(values, size, horizon);
    }
}
