package dev.scalewise.workload.format;

/**
 * How a reader treats its input.
 *
 * @param lenient             skip malformed lines (and count them in the {@link ReadReport}) instead of failing
 * @param gapThresholdSeconds a run of zero-request steps at least this long is reported as a gap
 *                            (an outage or missing data; the zeros are kept); {@code Double.POSITIVE_INFINITY} turns
 *                            detection off
 * @param name                name of the resulting trace, or null to derive it from the file name
 */
public record ReadOptions(boolean lenient, double gapThresholdSeconds, String name) {

    /** Strict, gaps of one hour or more flagged, name from the file. */
    public static final ReadOptions DEFAULT = new ReadOptions(false, 3600, null);

    public ReadOptions {
        if (!(gapThresholdSeconds > 0)) {
            throw new IllegalArgumentException("gapThresholdSeconds must be > 0, got " + gapThresholdSeconds);
        }
    }

    /** These options with lenient mode switched on or off. */
    public ReadOptions withLenient(boolean on) {
        return new ReadOptions(on, gapThresholdSeconds, name);
    }

    /** These options with the trace named {@code newName}. */
    public ReadOptions withName(String newName) {
        return new ReadOptions(lenient, gapThresholdSeconds, newName);
    }
}
