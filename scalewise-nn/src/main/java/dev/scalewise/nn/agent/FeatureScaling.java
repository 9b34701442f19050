package dev.scalewise.nn.agent;

import java.util.Arrays;

/**
 * Feature standardisation {@code z = clip((x - mean) / std, -clip, clip)}, frozen: the statistics a trained network
 * was fed with, saved with the model. A feature whose observed variance is (near) zero keeps {@code std = 1}.
 *
 * @param mean per-feature mean
 * @param std  per-feature standard deviation (> 0)
 * @param clip bound of the standardised values
 */
public record FeatureScaling(double[] mean, double[] std, double clip) {

    public FeatureScaling {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("scaling needs as many means as deviations (> 0), got " + mean.length
                    + " and " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new IllegalArgumentException("scaling of feature " + i + " is invalid: mean " + mean[i] + ", std "
                        + std[i]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** No scaling: mean 0, std 1. */
    public static FeatureScaling identity(int dimension, double clip) {
        double[] ones = new double[dimension];
        Arrays.fill(ones, 1);
        return new FeatureScaling(new double[dimension], ones, clip);
    }

    public int dimension() {
        return mean.length;
    }

    /** Writes the standardised {@code x} into {@code out[offset ..]}; refuses non-finite features. */
    public void apply(double[] x, float[] out, int offset) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("feature " + i + " is " + x[i]);
            }
            out[offset + i] = (float) Math.max(-clip, Math.min(clip, (x[i] - mean[i]) / std[i]));
        }
    }

    /** Standardises {@code rows} raw feature vectors stored row-major in {@code x}, in place. */
    void applyInPlace(float[] x, int rows) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                int k = r * d + i;
                x[k] = (float) Math.max(-clip, Math.min(clip, (x[k] - mean[i]) / std[i]));
            }
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling f && Arrays.equals(mean, f.mean) && Arrays.equals(std, f.std)
                && Double.compare(clip, f.clip) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "FeatureScaling[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", clip=" + clip
                + "]";
    }

    /**
     * Running mean and variance of the features seen (Welford's online algorithm; B. P. Welford, "Note on a method
     * for calculating corrected sums of squares and products", Technometrics 4(3), 1962), as SB3's
     * {@code RunningMeanStd}; {@link #freeze} gives the current statistics.
     */
    static final class Running {
        private final double[] mean;
        private final double[] m2;
        private final double clip;
        private long count;

        Running(int dimension, double clip) {
            this.mean = new double[dimension];
            this.m2 = new double[dimension];
            this.clip = clip;
        }

        void add(double[] x) {
            count++;
            for (int i = 0; i < mean.length; i++) {
                double d = x[i] - mean[i];
                mean[i] += d / count;
                m2[i] += d * (x[i] - mean[i]);
            }
        }

        long count() {
            return count;
        }

        FeatureScaling freeze() {
            double[] std = new double[mean.length];
            for (int i = 0; i < std.length; i++) {
                double var = count > 0 ? m2[i] / count : 0;
                std[i] = var > 1e-12 ? Math.sqrt(var) : 1.0;
            }
            return new FeatureScaling(mean.clone(), std, clip);
        }
    }
}
