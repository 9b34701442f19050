package dev.scalewise.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes the step length of a trace while preserving its totals: the requests (and token sums) of each old step are
 * assigned to the new steps it overlaps in proportion to the overlap, assuming a constant rate within the old step.
 * For an integer ratio (60 one-second steps per minute) this is plain summation; for a finer step it spreads a count
 * evenly.
 *
 * <p>When the old duration is not a whole number of new steps, the last new step is only partly covered by data; it
 * is kept (so that totals are preserved), its rate is its requests divided by the full new step, and it is reported
 * as a gap. Gaps map to the new steps they overlap.
 */
public final class Resampler {
    private Resampler() {
    }

    /** {@code trace} on steps of {@code stepSeconds}. */
    public static Trace resample(Trace trace, double stepSeconds) {
        if (!(stepSeconds > 0) || !Double.isFinite(stepSeconds)) {
            throw new IllegalArgumentException("resample: stepSeconds must be a positive finite number, got " + stepSeconds);
        }
        double old = trace.stepSeconds();
        int n = trace.length();
        if (stepSeconds == old) {
            return trace;
        }
        double exact = n * old / stepSeconds;
        long m = (long) Math.ceil(exact - 1e-9);
        if (m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resample: " + m + " steps of " + stepSeconds + " s are too many");
        }
        double ratio = stepSeconds / old;
        long k = Math.round(ratio);
        boolean integer = k >= 1 && Math.abs(ratio - k) < 1e-9;
        double[] rates = integer ? sumBlocks(trace.counts(), (int) k, (int) m) : spread(trace.counts(), old, stepSeconds, (int) m);
        for (int j = 0; j < rates.length; j++) {
            rates[j] /= stepSeconds;
        }
        Trace.TokenSeries tokens = trace.tokens().map(t -> integer
                ? new Trace.TokenSeries(sumBlocks(t.promptTokens(), (int) k, (int) m), sumBlocks(t.outputTokens(), (int) k, (int) m))
                : new Trace.TokenSeries(spread(t.promptTokens(), old, stepSeconds, (int) m),
                        spread(t.outputTokens(), old, stepSeconds, (int) m))).orElse(null);
        List<Trace.Gap> gaps = new ArrayList<>();
        for (Trace.Gap g : trace.gaps()) {
            int from = (int) Math.min(m, (long) Math.floor(g.fromStep() * old / stepSeconds + 1e-9));
            int to = g.length() == 0 ? from : (int) Math.min(m, (long) Math.ceil(g.toStep() * old / stepSeconds - 1e-9));
            gaps.add(new Trace.Gap(from, Math.max(from, to), g.reason()));
        }
        double covered = n * old - (m - 1) * stepSeconds;
        if (covered < stepSeconds - 1e-9 * stepSeconds) {
            gaps.add(new Trace.Gap((int) m - 1, (int) m, String.format(java.util.Locale.ROOT,
                    "last step only partly covered by data (%.6g of %.6g s)", covered, stepSeconds)));
        }
        return new Trace(trace.name(), stepSeconds, rates, trace.start().orElse(null), tokens, gaps);
    }

    private static double[] sumBlocks(double[] in, int k, int m) {
        double[] out = new double[m];
        for (int j = 0, i = 0; j < m; j++) {
            double s = 0;
            int end = Math.min(in.length, i + k);
            for (; i < end; i++) {
                s += in[i];
            }
            out[j] = s;
        }
        return out;
    }

    private static double[] spread(double[] in, double old, double step, int m) {
        double[] out = new double[m];
        for (int i = 0; i < in.length; i++) {
            double c = in[i];
            if (c == 0) {
                continue;
            }
            double a = i * old;
            double b = a + old;
            int j = (int) Math.min(m - 1, Math.floor(a / step));
            while (a < b && j < m) {
                double e = j == m - 1 ? b : Math.min(b, (j + 1) * step);
                out[j] += c * (e - a) / old;
                a = e;
                j++;
            }
        }
        return out;
    }
}
