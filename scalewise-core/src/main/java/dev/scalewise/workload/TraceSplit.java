package dev.scalewise.workload;

/**
 * A chronological train / validation / test split of one trace: three disjoint, consecutive slices covering it in
 * order, so that no model is ever validated or tested on data that precedes what it was trained on.
 *
 * @param train          the first part
 * @param validation     the middle part
 * @param test           the last part
 * @param validationFrom index in the original trace of the first validation step
 * @param testFrom       index in the original trace of the first test step
 */
public record TraceSplit(Trace train, Trace validation, Trace test, int validationFrom, int testFrom) {

    /**
     * Splits {@code trace} by fractions of its steps: the first {@code floor(n * trainFraction)} steps train, the next
     * {@code floor(n * validationFraction)} validate, the rest test. Each part must get at least one step.
     */
    public static TraceSplit chronological(Trace trace, double trainFraction, double validationFraction) {
        if (!(trainFraction > 0) || !(validationFraction > 0) || !(trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("split fractions: train (" + trainFraction + ") and validation ("
                    + validationFraction + ") must be > 0 and leave a test part (sum < 1)");
        }
        int n = trace.length();
        int trainEnd = (int) Math.floor(n * trainFraction);
        int validationEnd = trainEnd + (int) Math.floor(n * validationFraction);
        if (trainEnd < 1 || validationEnd <= trainEnd || validationEnd >= n) {
            throw new IllegalArgumentException("trace '" + trace.name() + "' has " + n + " steps: too few for a split "
                    + trainFraction + " / " + validationFraction + " / " + (1 - trainFraction - validationFraction)
                    + " with every part non-empty");
        }
        return new TraceSplit(
                trace.slice(0, trainEnd).named(trace.name() + "/train"),
                trace.slice(trainEnd, validationEnd).named(trace.name() + "/validation"),
                trace.slice(validationEnd, n).named(trace.name() + "/test"),
                trainEnd, validationEnd);
    }

    /** The conventional 70 / 15 / 15 split. */
    public static TraceSplit chronological(Trace trace) {
        return chronological(trace, 0.70, 0.15);
    }
}
