package dev.scalewise.forecast;

/**
 * A chronological train / validation / test split of a series of {@code length} values: training is
 * {@code [0, trainEnd)}, validation {@code [trainEnd, validationEnd)}, test {@code [validationEnd, length)}.
 */
public record ChronologicalSplit(int trainEnd, int validationEnd, int length) {
    public ChronologicalSplit {
        if (trainEnd < 1 || validationEnd < trainEnd || length <= validationEnd) {
            throw new IllegalArgumentException("split needs 1 <= trainEnd <= validationEnd < length, got trainEnd="
                    + trainEnd + ", validationEnd=" + validationEnd + ", length=" + length);
        }
    }

    /**
     * Split by fractions (the test part takes the rest).
     *
     * @param train      fraction for training, in (0, 1)
     * @param validation fraction for validation, in [0, 1 - train)
     */
    public static ChronologicalSplit of(int length, double train, double validation) {
        if (!(train > 0 && train < 1) || !(validation >= 0 && train + validation < 1)) {
            throw new IllegalArgumentException("split fractions need 0 < train < 1 and 0 <= validation < 1 - train, got train="
                    + train + ", validation=" + validation);
        }
        int trainEnd = (int) Math.round(length * train);
        int validationEnd = (int) Math.round(length * (train + validation));
        return new ChronologicalSplit(trainEnd, validationEnd, length);
    }

    /** The training values. */
    public double[] train(double[] series) {
        return java.util.Arrays.copyOfRange(series, 0, trainEnd);
    }

    /** The validation values. */
    public double[] validation(double[] series) {
        return java.util.Arrays.copyOfRange(series, trainEnd, validationEnd);
    }
}
