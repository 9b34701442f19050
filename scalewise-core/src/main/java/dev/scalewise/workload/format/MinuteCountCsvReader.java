package dev.scalewise.workload.format;

import dev.scalewise.workload.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads per-minute request counts with the header {@code period,count} (the WorldCup98 {@code invocation_count.csv}):
 * {@code period} is the start of the minute as {@code yyyy-MM-dd HH:mm:ss} in UTC, {@code count} the requests in it.
 *
 * <p>Rows must be strictly increasing and on whole minutes. Minutes without a row are zero (the source omits
 * minutes with no requests); each run of them is reported as a gap so that nothing is filled in silently.
 */
public final class MinuteCountCsvReader implements TraceReader {
    /** The expected header. */
    public static final String HEADER = "period,count";
    private static final long MINUTE_NANOS = 60_000_000_000L;

    @Override
    public ReadResult read(byte[] content, String source, ReadOptions options) {
        LineCursor lines = new LineCursor(content);
        Skips skips = new Skips(source, options.lenient());
        Header.expect(lines, source, HEADER);
        byte[] b = lines.bytes();
        int[] f = new int[6];
        double[] counts = new double[Math.max(16, content.length / 20)];
        long startNanos = Long.MIN_VALUE;
        long lastIndex = -1;
        long records = 0;
        List<Trace.Gap> gaps = new ArrayList<>();
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.lineNumber();
            try {
                int nf = lines.split(f);
                if (nf != 2) {
                    throw new BadValue("expected 2 fields (period,count), got " + (nf < 0 ? "more than 2" : nf));
                }
                long t = Fields.epochNanos(b, f[0], f[1], "period");
                if (Math.floorMod(t, MINUTE_NANOS) != 0) {
                    throw new BadValue("period '" + Fields.show(b, f[0], f[1]) + "' is not on a whole minute");
                }
                long count = Fields.count(b, f[2], f[3], "count", Limits.MAX_COUNT);
                if (startNanos == Long.MIN_VALUE) {
                    startNanos = t;
                }
                long index = Math.floorDiv(t - startNanos, MINUTE_NANOS);
                if (index <= lastIndex) {
                    throw new BadValue("non-monotonic timestamp: period '" + Fields.show(b, f[0], f[1])
                            + "' is not after the previous row (" + (index == lastIndex ? "duplicate minute" : "goes back in time") + ")");
                }
                Assembly.checkSteps(source, line, index + 1, 60);
                if (index >= counts.length) {
                    counts = Arrays.copyOf(counts, (int) Math.min(Limits.MAX_STEPS, Math.max(index + 1, 2L * counts.length)));
                }
                if (index > lastIndex + 1 && lastIndex >= 0) {
                    int missing = (int) (index - lastIndex - 1);
                    gaps.add(new Trace.Gap((int) lastIndex + 1, (int) index,
                            missing + " minute(s) without a row, zero-filled (the source omits minutes with no requests)"));
                }
                counts[(int) index] = count / 60.0;
                lastIndex = index;
                records++;
            } catch (BadValue e) {
                skips.malformed(line, e.getMessage());
            }
        }
        Instant start = startNanos == Long.MIN_VALUE ? null
                : Instant.ofEpochSecond(Math.floorDiv(startNanos, 1_000_000_000L));
        return Assembly.finish(source, TraceFormat.MINUTE_COUNT_CSV, options, 60,
                Arrays.copyOf(counts, (int) Math.max(lastIndex + 1, 1)), start, null, gaps, lines.lineNumber(), records, skips);
    }
}
