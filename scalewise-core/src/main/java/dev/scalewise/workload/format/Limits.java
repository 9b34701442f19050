package dev.scalewise.workload.format;

/**
 * Plausibility limits: values beyond them are rejected as absurd (a unit mix-up or a corrupt file) rather than
 * turned into infinities or arrays that exhaust memory.
 */
final class Limits {
    /** Most requests one record may count (10^12: a thousand times the whole World Cup 98 trace). */
    static final long MAX_COUNT = 1_000_000_000_000L;
    /** Most tokens one request may have (10^8: far beyond any context window). */
    static final long MAX_TOKENS = 100_000_000L;
    /** Most steps a trace may have (40 million: 463 days of seconds; NASA-HTTP 1995 has 5 million). */
    static final long MAX_STEPS = 40_000_000L;
    /** Most bytes a decompressed trace file may have. */
    static final long MAX_BYTES = 1L << 30;

    private Limits() {
    }

    static String describeCount(long max) {
        return String.format("%,d", max);
    }
}
