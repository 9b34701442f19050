package dev.scalewise.workload.format;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a series of per-second request counts: non-negative integers separated by spaces, tabs or newlines (the
 * NASA-HTTP 1995 {@code workload.txt}, one line of 5 million values). Value <i>i</i> is the number of requests in
 * second <i>i</i>; the start time is unknown (the catalog supplies it for the NASA trace).
 *
 * <p>A malformed value is reported with its line and its position in the line ({@code value #N}); in lenient mode
 * it is counted as skipped and its second is kept as zero, so that later values keep their time.
 */
public final class CountSeriesReader implements TraceReader {

    @Override
    public ReadResult read(byte[] b, String source, ReadOptions options) {
        Skips skips = new Skips(source, options.lenient());
        double[] rates = new double[Math.max(16, b.length / 2 + 1)];
        int n = 0;
        long line = 1;
        long valueInLine = 0;
        long values = 0;
        int i = 0;
        int len = b.length;
        if (len >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < len) {
            byte c = b[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
                valueInLine = 0;
                i++;
                continue;
            }
            int s = i;
            long v = 0;
            boolean plain = true;
            while (i < len) {
                c = b[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                }
                int d = c - '0';
                if (d < 0 || d > 9 || v > Limits.MAX_COUNT / 10) {
                    plain = false;
                } else {
                    v = v * 10 + d;
                }
                i++;
            }
            valueInLine++;
            values++;
            if (!plain || v > Limits.MAX_COUNT) {
                try {
                    v = Fields.count(b, s, i, "count", Limits.MAX_COUNT);
                } catch (BadValue e) {
                    skips.malformed(line, "value #" + valueInLine + ": " + e.getMessage());
                    v = 0;
                }
            }
            rates[n++] = v; // at most one value per two bytes, so the array is large enough
        }
        Assembly.checkSteps(source, line, n, 1);
        return Assembly.finish(source, TraceFormat.COUNTS, options, 1, Arrays.copyOf(rates, Math.max(n, 1)), null,
                null, List.of(), line, values - skips.skipped(), skips);
    }
}
