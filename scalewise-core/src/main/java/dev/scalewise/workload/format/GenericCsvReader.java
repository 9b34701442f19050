package dev.scalewise.workload.format;

import dev.scalewise.workload.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a user's own CSV. The header names the columns (case-insensitive, any order, other columns ignored):
 * <ul>
 *   <li>a time column: absolute ({@code timestamp}, {@code time}, {@code datetime}, {@code date}, {@code period}:
 *       {@code yyyy-MM-dd HH:mm:ss[.f]} or ISO-8601, UTC when no zone is given, or epoch seconds) or relative
 *       ({@code offset}, {@code offset_s}, {@code seconds}, {@code t}, {@code elapsed_s}: seconds;
 *       {@code offset_ms}: milliseconds);</li>
 *   <li>optionally a value column: {@code count} / {@code requests} (requests in the step starting at that time) or
 *       {@code rate} / {@code rps} / {@code requests_per_second} (mean requests per second over the step).</li>
 * </ul>
 * With a value column the rows form a series on a regular grid whose step is the distance between the first two
 * rows; rows missing from the grid are zero and reported as gaps. Without one, each row is one request: arrivals
 * are binned into one-second steps, with optional {@code prompt_tokens} and {@code output_tokens} columns summed per
 * step. Times must increase (series) or not decrease (requests).
 */
public final class GenericCsvReader implements TraceReader {
    private static final Set<String> ABSOLUTE = Set.of("timestamp", "time", "datetime", "date", "period", "ts");
    private static final Set<String> OFFSET_S = Set.of("offset", "offset_s", "offset_seconds", "seconds", "t", "t_s", "elapsed_s");
    private static final Set<String> OFFSET_MS = Set.of("offset_ms", "timestamp_ms", "t_ms");
    private static final Set<String> COUNT = Set.of("count", "counts", "requests", "count_requests", "n");
    private static final Set<String> RATE = Set.of("rate", "rps", "rate_rps", "requests_per_second", "req_per_s");
    private static final Set<String> PROMPT = Set.of("prompt_tokens", "input_tokens", "input_length", "contexttokens");
    private static final Set<String> OUTPUT = Set.of("output_tokens", "output_length", "generatedtokens");

    /** Column layout found in the header. */
    private record Layout(int time, int timeKind, int value, boolean rate, int prompt, int output, int columns) {
        static final int ABS = 0;
        static final int SEC = 1;
        static final int MS = 2;
    }

    @Override
    public ReadResult read(byte[] content, String source, ReadOptions options) {
        LineCursor lines = new LineCursor(content);
        Skips skips = new Skips(source, options.lenient());
        Layout layout = layout(Header.first(lines, source), source, lines.lineNumber());
        return layout.value() >= 0
                ? readSeries(lines, layout, source, options, skips)
                : readRequests(lines, layout, source, options, skips);
    }

    private static Layout layout(String header, String source, long line) {
        String[] names = header.split(",", -1);
        int time = -1;
        int kind = -1;
        int value = -1;
        boolean rate = false;
        int prompt = -1;
        int output = -1;
        for (int i = 0; i < names.length; i++) {
            String n = names[i].replace("\"", "").trim().toLowerCase(Locale.ROOT);
            if (time < 0 && ABSOLUTE.contains(n)) {
                time = i;
                kind = Layout.ABS;
            } else if (time < 0 && OFFSET_S.contains(n)) {
                time = i;
                kind = Layout.SEC;
            } else if (time < 0 && OFFSET_MS.contains(n)) {
                time = i;
                kind = Layout.MS;
            } else if (value < 0 && COUNT.contains(n)) {
                value = i;
            } else if (value < 0 && RATE.contains(n)) {
                value = i;
                rate = true;
            } else if (prompt < 0 && PROMPT.contains(n)) {
                prompt = i;
            } else if (output < 0 && OUTPUT.contains(n)) {
                output = i;
            }
        }
        if (time < 0) {
            throw new TraceReadException(source, line, "wrong header: no time column in '" + Header.shorten(header)
                    + "' (expected one of timestamp, time, period, offset_s, offset_ms, ...)");
        }
        return new Layout(time, kind, value, rate, prompt, output, names.length);
    }

    private static long timeNanos(byte[] b, int from, int to, Layout layout) {
        if (layout.timeKind() == Layout.ABS && !numeric(b, from, to)) {
            return Fields.epochNanos(b, from, to, "timestamp");
        }
        String what = layout.timeKind() == Layout.MS ? "offset_ms" : layout.timeKind() == Layout.SEC ? "offset" : "timestamp";
        double v = Fields.decimal(b, from, to, what);
        double seconds = layout.timeKind() == Layout.MS ? v / 1000 : v;
        if (Math.abs(seconds) > 9e9) {
            throw new BadValue("absurdly large " + what + " " + Fields.show(b, from, to));
        }
        return Math.round(seconds * 1e9);
    }

    /**
     * Refuses a grid that only makes sense in the other unit: offsets in seconds whole thousands of seconds apart
     * (16.7 hours for 60000: milliseconds in an {@code offset_s} column), or offsets in milliseconds less than a
     * second apart in whole milliseconds (seconds in an {@code offset_ms} column). The message names the unit
     * assumed and the fix.
     */
    private static void checkUnit(String source, long line, Layout layout, long stepNanos) {
        if (layout.timeKind() == Layout.SEC && stepNanos >= 1_000_000_000_000L && stepNanos % 1_000_000_000_000L == 0) {
            throw new TraceReadException(source, line, String.format(Locale.ROOT, "the first two rows are %d s "
                    + "(%.1f hours) apart, reading the time column as seconds; if it holds milliseconds, name it "
                    + "offset_ms", stepNanos / 1_000_000_000L, stepNanos / 3.6e12));
        }
        if (layout.timeKind() == Layout.MS && stepNanos < 1_000_000_000L && stepNanos % 1_000_000L == 0) {
            throw new TraceReadException(source, line, String.format(Locale.ROOT, "the first two rows are %d ms apart, "
                    + "reading the time column as milliseconds; if it holds seconds, name it offset_s",
                    stepNanos / 1_000_000L));
        }
    }

    private static boolean numeric(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == ' ' || c == '"')) {
                return false;
            }
        }
        return true;
    }

    private static int[] fields(LineCursor lines, Layout layout, int[] f) {
        int nf = lines.split(f);
        if (nf != layout.columns()) {
            throw new BadValue("expected " + layout.columns() + " fields as in the header, got " + (nf < 0 ? "more" : nf));
        }
        return f;
    }

    private ReadResult readSeries(LineCursor lines, Layout layout, String source, ReadOptions options, Skips skips) {
        byte[] b = lines.bytes();
        int[] f = new int[2 * layout.columns() + 2];
        double[] counts = new double[1024];
        List<Trace.Gap> gaps = new ArrayList<>();
        long t0 = Long.MIN_VALUE;
        long lastT = Long.MIN_VALUE;
        long stepNanos = 0;
        long lastIndex = -1;
        double firstCount = 0;
        long records = 0;
        String valueName = layout.rate() ? "rate" : "count";
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.lineNumber();
            try {
                fields(lines, layout, f);
                int tc = layout.time();
                long t = timeNanos(b, f[2 * tc], f[2 * tc + 1], layout);
                int vc = layout.value();
                double v = Fields.nonNegative(b, f[2 * vc], f[2 * vc + 1], valueName, Limits.MAX_COUNT);
                if (t0 == Long.MIN_VALUE) {
                    t0 = t;
                    lastT = t;
                    firstCount = v;
                    lastIndex = 0;
                    records++;
                    continue;
                }
                if (stepNanos == 0) {
                    if (t <= t0) {
                        throw new BadValue("non-monotonic timestamp: '" + Fields.show(b, f[2 * tc], f[2 * tc + 1])
                                + "' is not after the first row");
                    }
                    try {
                        stepNanos = Math.subtractExact(t, t0);
                    } catch (ArithmeticException e) {
                        throw new BadValue("absurdly long step from the first row to '" + Fields.show(b, f[2 * tc], f[2 * tc + 1]) + "'");
                    }
                    counts[0] = layout.rate() ? firstCount : firstCount / (stepNanos / 1e9);
                    checkUnit(source, line, layout, stepNanos);
                }
                if (t <= lastT) {
                    throw new BadValue("non-monotonic timestamp: '" + Fields.show(b, f[2 * tc], f[2 * tc + 1])
                            + "' is not after the previous row");
                }
                long delta;
                try {
                    delta = Math.subtractExact(t, t0);
                } catch (ArithmeticException e) {
                    throw new BadValue("absurdly long time span to '" + Fields.show(b, f[2 * tc], f[2 * tc + 1]) + "'");
                }
                long index = Math.floorDiv(delta, stepNanos);
                if (delta % stepNanos != 0 && Math.abs(delta - (index + 1) * stepNanos) <= stepNanos / 1_000_000) {
                    index++;
                } else if (Math.abs(delta - index * stepNanos) > stepNanos / 1_000_000) {
                    throw new BadValue("timestamp '" + Fields.show(b, f[2 * tc], f[2 * tc + 1]) + "' is not on the "
                            + stepNanos / 1e9 + " s grid set by the first two rows");
                }
                if (index <= lastIndex) {
                    throw new BadValue("non-monotonic timestamp: '" + Fields.show(b, f[2 * tc], f[2 * tc + 1])
                            + "' is not after the previous row");
                }
                Assembly.checkSteps(source, line, index + 1, stepNanos / 1e9);
                if (index >= counts.length) {
                    counts = Arrays.copyOf(counts, (int) Math.min(Limits.MAX_STEPS, Math.max(index + 1, 2L * counts.length)));
                }
                if (index > lastIndex + 1) {
                    gaps.add(new Trace.Gap((int) lastIndex + 1, (int) index,
                            (index - lastIndex - 1) + " step(s) without a row, zero-filled"));
                }
                counts[(int) index] = layout.rate() ? v : v / (stepNanos / 1e9);
                lastIndex = index;
                lastT = t;
                records++;
            } catch (BadValue e) {
                skips.malformed(line, e.getMessage());
            }
        }
        if (records == 1 && stepNanos == 0) {
            throw new TraceReadException(source, 0, "only one data row: the step length cannot be inferred (need two rows)");
        }
        Instant start = layout.timeKind() == Layout.ABS && t0 != Long.MIN_VALUE
                ? Instant.ofEpochSecond(Math.floorDiv(t0, 1_000_000_000L), Math.floorMod(t0, 1_000_000_000L)) : null;
        double stepSeconds = stepNanos == 0 ? 1 : stepNanos / 1e9;
        return Assembly.finish(source, TraceFormat.GENERIC_CSV, options, stepSeconds,
                Arrays.copyOf(counts, (int) Math.max(lastIndex + 1, 1)), start, null, gaps, lines.lineNumber(), records, skips);
    }

    private ReadResult readRequests(LineCursor lines, Layout layout, String source, ReadOptions options, Skips skips) {
        byte[] b = lines.bytes();
        int[] f = new int[2 * layout.columns() + 2];
        boolean tokens = layout.prompt() >= 0 || layout.output() >= 0;
        RequestBinner bins = new RequestBinner(source, tokens);
        long origin = Long.MIN_VALUE;
        long records = 0;
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.lineNumber();
            try {
                fields(lines, layout, f);
                int tc = layout.time();
                long t = timeNanos(b, f[2 * tc], f[2 * tc + 1], layout);
                long prompt = layout.prompt() < 0 ? 0
                        : Fields.count(b, f[2 * layout.prompt()], f[2 * layout.prompt() + 1], "prompt_tokens", Limits.MAX_TOKENS);
                long output = layout.output() < 0 ? 0
                        : Fields.count(b, f[2 * layout.output()], f[2 * layout.output() + 1], "output_tokens", Limits.MAX_TOKENS);
                long o = origin == Long.MIN_VALUE ? Math.floorDiv(t, 1_000_000_000L) * 1_000_000_000L : origin;
                bins.checkOrder(t - o);
                origin = o;
                bins.add(line, t - origin, prompt, output);
                records++;
            } catch (BadValue e) {
                skips.malformed(line, e.getMessage());
            }
        }
        Instant start = layout.timeKind() == Layout.ABS && origin != Long.MIN_VALUE
                ? Instant.ofEpochSecond(Math.floorDiv(origin, 1_000_000_000L)) : null;
        return Assembly.finish(source, TraceFormat.GENERIC_CSV, options, 1, bins.rates(), start, bins.tokens(),
                List.of(), lines.lineNumber(), records, skips);
    }
}
