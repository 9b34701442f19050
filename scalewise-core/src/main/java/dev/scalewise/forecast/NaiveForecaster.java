package dev.scalewise.forecast;

import java.util.Arrays;

/** The naive forecast: every future value equals the last observed one. No parameters. */
public final class NaiveForecaster implements Forecaster {

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public void fit(double[] train, double[] validation) {
        // nothing to learn
    }

    @Override
    public double[] forecast(double[] series, int end, int horizon) {
        Forecaster.checkArguments(series, end, horizon);
        double[] f = new double[horizon];
        Arrays.fill(f, series[end - 1]);
        return f;
    }
}
