package dev.scalewise.forecast;

import java.util.SplittableRandom;

/** Synthetic series for the tests. */
final class Series {
    private Series() {
    }

    /** level + trend t + amplitude sin(2 pi t / period) + N(0, noise^2), seeded. */
    static double[] seasonal(int n, double level, double trend, double amplitude, int period, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = level + trend * t + amplitude * Math.sin(2 * Math.PI * t / period) + noise * rng.nextGaussian();
        }
        return y;
    }
}
