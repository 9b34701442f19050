package dev.scalewise.workload.format;

import dev.scalewise.workload.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Builds the final trace of a reader: its name, the gaps (format ones plus long zero runs) and the report. */
final class Assembly {
    private Assembly() {
    }

    /** The trace name for a source: the options' name, or the file name without directories and extensions. */
    static String name(String source, ReadOptions options) {
        if (options.name() != null) {
            return options.name();
        }
        String n = source.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Fails unless {@code steps} is within {@link Limits#MAX_STEPS}. */
    static void checkSteps(String source, long line, long steps, double stepSeconds) {
        if (steps > Limits.MAX_STEPS) {
            throw new TraceReadException(source, line, String.format(Locale.ROOT,
                    "absurdly long time span: %,d steps of %s s (limit %,d); are the timestamps in the right unit?",
                    steps, stepSeconds, Limits.MAX_STEPS));
        }
    }

    static ReadResult finish(String source, TraceFormat format, ReadOptions options, double stepSeconds,
                             double[] rates, Instant start, Trace.TokenSeries tokens, List<Trace.Gap> formatGaps,
                             long lines, long records, Skips skips) {
        if (records == 0) {
            throw new TraceReadException(source, 0, skips.skipped() > 0
                    ? "no valid records: all " + skips.skipped() + " data line(s) were malformed (first: "
                    + skips.first().get(0) + ")"
                    : "empty file: no data records");
        }
        List<Trace.Gap> gaps = new ArrayList<>(formatGaps);
        gaps.addAll(zeroRuns(rates, stepSeconds, options.gapThresholdSeconds(), formatGaps));
        gaps.sort(Comparator.comparingInt(Trace.Gap::fromStep));
        Trace trace = new Trace(name(source, options), stepSeconds, rates, start, tokens, gaps);
        return new ReadResult(trace, new ReadReport(source, format, lines, records, skips.skipped(), skips.first()));
    }

    /** Runs of zero-rate steps lasting at least {@code thresholdSeconds}, except those inside known gaps. */
    static List<Trace.Gap> zeroRuns(double[] rates, double stepSeconds, double thresholdSeconds, List<Trace.Gap> known) {
        List<Trace.Gap> out = new ArrayList<>();
        if (Double.isInfinite(thresholdSeconds)) {
            return out;
        }
        long minSteps = Math.max(1, (long) Math.ceil(thresholdSeconds / stepSeconds - 1e-9));
        int runStart = -1;
        for (int i = 0; i <= rates.length; i++) {
            boolean zero = i < rates.length && rates[i] == 0;
            if (zero && runStart < 0) {
                runStart = i;
            } else if (!zero && runStart >= 0) {
                if (i - runStart >= minSteps && !covered(runStart, i, known)) {
                    out.add(new Trace.Gap(runStart, i, String.format(Locale.ROOT,
                            "no requests for %.1f h (outage or missing data; kept as zeros)",
                            (i - runStart) * stepSeconds / 3600)));
                }
                runStart = -1;
            }
        }
        return out;
    }

    private static boolean covered(int from, int to, List<Trace.Gap> known) {
        for (Trace.Gap g : known) {
            if (g.fromStep() <= from && g.toStep() >= to) {
                return true;
            }
        }
        return false;
    }
}
