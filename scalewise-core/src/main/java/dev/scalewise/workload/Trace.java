package dev.scalewise.workload;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload as the simulator consumes it: the mean arrival rate (requests per second) of each control step.
 *
 * <p>Immutable and validated at construction: every rate is finite and non-negative, the step length is
 * positive. A trace read from a file may carry its wall-clock start, the gaps found while reading (periods
 * without data, kept as zero and flagged, never silently dropped) and, for LLM traces, the tokens of the
 * requests arriving in each step ({@link TokenSeries}). A trace cut from a longer one may carry the rates that
 * preceded its first step ({@link #preceding()}), for a forecaster to be warmed with what was observed before.
 */
public final class Trace {
    private final String name;
    private final double stepSeconds;
    private final double[] rates;
    private final Instant start;
    private final TokenSeries tokens;
    private final List<Gap> gaps;
    /** Rates of the steps before step 0, oldest first (empty: none known). */
    private final double[] preceding;

    /**
     * A period of a trace that had no data (an outage, a hole in the log). The steps are kept, with rate zero.
     *
     * @param fromStep first step of the gap (inclusive)
     * @param toStep   last step of the gap (exclusive)
     * @param reason   why it is a gap, in words
     */
    public record Gap(int fromStep, int toStep, String reason) {
        public Gap {
            if (fromStep < 0 || toStep < fromStep) {
                throw new IllegalArgumentException("gap: fromStep must be >= 0 and <= toStep, got " + fromStep + ".." + toStep);
            }
            Objects.requireNonNull(reason, "gap reason");
        }

        /** Number of steps in the gap. */
        public int length() {
            return toStep - fromStep;
        }
    }

    /**
     * Tokens of the requests that arrive in each step (LLM traces). Sums, so that resampling preserves them.
     *
     * @param promptTokens total prompt (input/context) tokens of the requests arriving in each step
     * @param outputTokens total output (generated) tokens of the requests arriving in each step
     */
    public record TokenSeries(double[] promptTokens, double[] outputTokens) {
        public TokenSeries {
            Objects.requireNonNull(promptTokens, "promptTokens");
            Objects.requireNonNull(outputTokens, "outputTokens");
            if (promptTokens.length != outputTokens.length) {
                throw new IllegalArgumentException("tokens: promptTokens has " + promptTokens.length
                        + " steps but outputTokens has " + outputTokens.length);
            }
            checkNonNegative("tokens.promptTokens", promptTokens);
            checkNonNegative("tokens.outputTokens", outputTokens);
        }
    }

    public Trace(String name, double stepSeconds, double[] rates) {
        this(name, stepSeconds, rates, null, null, List.of());
    }

    /**
     * @param name        a short name (a catalog name or a file name)
     * @param stepSeconds length of one step in seconds, &gt; 0
     * @param rates       mean arrival rate of each step in requests per second (copied)
     * @param start       wall-clock start of step 0, or null when unknown
     * @param tokens      per-step token sums, or null
     * @param gaps        gaps found while reading
     */
    public Trace(String name, double stepSeconds, double[] rates, Instant start, TokenSeries tokens, List<Gap> gaps) {
        this.name = Objects.requireNonNull(name, "name");
        if (!(stepSeconds > 0) || !Double.isFinite(stepSeconds)) {
            throw new IllegalArgumentException("trace '" + name + "': stepSeconds must be a positive finite number, got " + stepSeconds);
        }
        Objects.requireNonNull(rates, "rates");
        if (rates.length == 0) {
            throw new IllegalArgumentException("trace '" + name + "': rates must not be empty");
        }
        checkNonNegative("trace '" + name + "' rates", rates);
        if (tokens != null && tokens.promptTokens().length != rates.length) {
            throw new IllegalArgumentException("trace '" + name + "': tokens have " + tokens.promptTokens().length
                    + " steps but rates have " + rates.length);
        }
        this.stepSeconds = stepSeconds;
        this.rates = rates.clone();
        this.start = start;
        this.tokens = tokens;
        this.gaps = List.copyOf(gaps);
        this.preceding = new double[0];
    }

    private Trace(Trace t, double[] preceding) {
        this.name = t.name;
        this.stepSeconds = t.stepSeconds;
        this.rates = t.rates;
        this.start = t.start;
        this.tokens = t.tokens;
        this.gaps = t.gaps;
        this.preceding = preceding;
    }

    private static void checkNonNegative(String field, double[] values) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(field + "[" + i + "] must be a finite number >= 0, got " + v);
            }
        }
    }

    public String name() {
        return name;
    }

    public double stepSeconds() {
        return stepSeconds;
    }

    /** Number of steps. */
    public int length() {
        return rates.length;
    }

    /** Mean arrival rate of step {@code i} in requests per second. */
    public double rate(int i) {
        return rates[i];
    }

    /** Expected number of requests arriving in step {@code i}. */
    public double count(int i) {
        return rates[i] * stepSeconds;
    }

    /** A copy of the rates. */
    public double[] rates() {
        return rates.clone();
    }

    /**
     * A copy of the rates observed before step 0, oldest first (empty when none are known): what a forecaster is
     * warmed with before the trace's first step ({@code AutoscaleEnv}). Kept by {@link #scaled} (scaled),
     * {@link #withStart}, {@link #withGaps} and {@link #named}; a slice or a resampled trace has none.
     */
    public double[] preceding() {
        return preceding.clone();
    }

    /** How many rates observed before step 0 this trace carries. */
    public int precedingLength() {
        return preceding.length;
    }

    /**
     * {@code count} more slots after a copy of the {@link #preceding()} rates: the array a forecaster's history
     * starts from, in one copy.
     */
    public double[] precedingWithRoom(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return Arrays.copyOf(preceding, preceding.length + count);
    }

    /** The same trace with {@code rates} (copied, each finite and &gt;= 0) as the rates observed before step 0. */
    public Trace withPreceding(double[] rates) {
        Objects.requireNonNull(rates, "preceding");
        checkNonNegative("trace '" + name + "' preceding rates", rates);
        return new Trace(this, rates.clone());
    }

    public Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    public Optional<TokenSeries> tokens() {
        return Optional.ofNullable(tokens);
    }

    public List<Gap> gaps() {
        return gaps;
    }

    /** Sum of requests over the whole trace. */
    public double totalRequests() {
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return sum * stepSeconds;
    }

    public double meanRate() {
        return totalRequests() / (stepSeconds * rates.length);
    }

    public double peakRate() {
        double max = 0;
        for (double r : rates) {
            max = Math.max(max, r);
        }
        return max;
    }

    /** The same trace with every rate (and token sum) multiplied by {@code factor} (&gt;= 0). */
    public Trace scaled(double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a finite number >= 0, got " + factor);
        }
        double[] r = rates.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= factor;
        }
        TokenSeries t = null;
        if (tokens != null) {
            double[] p = tokens.promptTokens().clone();
            double[] o = tokens.outputTokens().clone();
            for (int i = 0; i < p.length; i++) {
                p[i] *= factor;
                o[i] *= factor;
            }
            t = new TokenSeries(p, o);
        }
        Trace scaled = new Trace(name, stepSeconds, r, start, t, gaps);
        if (preceding.length == 0) {
            return scaled;
        }
        double[] before = preceding.clone();
        for (int i = 0; i < before.length; i++) {
            before[i] *= factor;
        }
        return new Trace(scaled, before);
    }

    /** Steps {@code [from, to)} as a new trace (start time and gaps shifted accordingly). */
    public Trace slice(int from, int to) {
        if (from < 0 || to > rates.length || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside trace '" + name
                    + "' of " + rates.length + " steps or empty");
        }
        TokenSeries t = tokens == null ? null
                : new TokenSeries(Arrays.copyOfRange(tokens.promptTokens(), from, to),
                        Arrays.copyOfRange(tokens.outputTokens(), from, to));
        Instant s = start == null ? null : start.plusMillis(Math.round(from * stepSeconds * 1000));
        List<Gap> g = gaps.stream()
                .filter(gap -> gap.toStep() > from && gap.fromStep() < to)
                .map(gap -> new Gap(Math.max(gap.fromStep(), from) - from, Math.min(gap.toStep(), to) - from, gap.reason()))
                .toList();
        return new Trace(name, stepSeconds, Arrays.copyOfRange(rates, from, to), s, t, g);
    }

    /**
     * Steps {@code [from, to)} as {@link #slice} cuts them, carrying as {@link #preceding()} rates the up to
     * {@code precedingSteps} steps of this trace before {@code from} (none when {@code from} is 0 or
     * {@code precedingSteps} is 0): a window that knows what was observed before it.
     */
    public Trace window(int from, int to, int precedingSteps) {
        if (precedingSteps < 0) {
            throw new IllegalArgumentException("precedingSteps must be >= 0, got " + precedingSteps);
        }
        Trace w = slice(from, to);
        int first = Math.max(0, from - precedingSteps);
        return first == from ? w : new Trace(w, Arrays.copyOfRange(rates, first, from));
    }

    /** Expected number of requests in each step ({@code rate * stepSeconds}), a new array. */
    public double[] counts() {
        double[] c = rates.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= stepSeconds;
        }
        return c;
    }

    /** Duration covered, in seconds ({@code length * stepSeconds}). */
    public double durationSeconds() {
        return rates.length * stepSeconds;
    }

    /** Wall-clock end of the last step (exclusive), when the start is known. */
    public Optional<Instant> end() {
        return start().map(s -> s.plusNanos(Math.round(durationSeconds() * 1e9)));
    }

    /** Peak rate divided by mean rate (0 for an all-zero trace). */
    public double peakToMean() {
        double mean = meanRate();
        return mean > 0 ? peakRate() / mean : 0;
    }

    /**
     * The same requests on steps of {@code newStepSeconds}: counts (and token sums) are summed, rates derived. See
     * {@link Resampler} for non-integer ratios and the last partial step.
     */
    public Trace resample(double newStepSeconds) {
        Resampled last = lastResample;
        if (last != null && Double.compare(last.stepSeconds(), newStepSeconds) == 0) {
            return last.trace();
        }
        Trace t = Resampler.resample(this, newStepSeconds);
        lastResample = new Resampled(newStepSeconds, t);
        return t;
    }

    /**
     * The last {@link #resample} and its step: a trace cannot change, so the same step gives the same trace (a
     * catalog trace is read once per process and then resampled by every run, loader and forecaster fit that uses
     * it: NASA's 5 million one-second counts each time).
     */
    private record Resampled(double stepSeconds, Trace trace) {
    }

    private volatile Resampled lastResample;

    /**
     * The steps overlapping {@code [fromSeconds, toSeconds)} measured from the start of the trace (whole steps: the
     * first step is the one containing {@code fromSeconds}).
     */
    public Trace sliceSeconds(double fromSeconds, double toSeconds) {
        if (!(fromSeconds >= 0) || !(toSeconds > fromSeconds)) {
            throw new IllegalArgumentException("time slice [" + fromSeconds + " s, " + toSeconds
                    + " s) must have 0 <= from < to");
        }
        int from = (int) Math.floor(fromSeconds / stepSeconds + 1e-9);
        int to = (int) Math.min(rates.length, Math.ceil(toSeconds / stepSeconds - 1e-9));
        if (from >= rates.length) {
            throw new IllegalArgumentException("time slice starts at " + fromSeconds + " s, after the end of trace '"
                    + name + "' (" + durationSeconds() + " s)");
        }
        return slice(from, Math.max(to, from + 1));
    }

    /** The steps overlapping the wall-clock interval {@code [from, to)}; needs a known start. */
    public Trace between(Instant from, Instant to) {
        Instant s = start().orElseThrow(() -> new IllegalArgumentException("trace '" + name
                + "' has no wall-clock start; slice it by offset in seconds instead"));
        double a = Math.max(0, java.time.Duration.between(s, from).toNanos() / 1e9);
        double b = java.time.Duration.between(s, to).toNanos() / 1e9;
        if (!(b > a)) {
            throw new IllegalArgumentException("time slice " + from + " .. " + to + " does not overlap trace '" + name
                    + "' (" + s + " .. " + end().orElseThrow() + ")");
        }
        return sliceSeconds(a, b);
    }

    /** The same data with another wall-clock start (null for unknown). */
    public Trace withStart(Instant newStart) {
        return new Trace(new Trace(name, stepSeconds, rates, newStart, tokens, gaps), preceding);
    }

    /** The same data with another list of gaps. */
    public Trace withGaps(List<Gap> newGaps) {
        return new Trace(new Trace(name, stepSeconds, rates, start, tokens, newGaps), preceding);
    }

    /** The same data under another name. */
    public Trace named(String newName) {
        return new Trace(new Trace(newName, stepSeconds, rates, start, tokens, gaps), preceding);
    }

    @Override
    public String toString() {
        return "Trace[" + name + ", " + rates.length + " steps of " + stepSeconds + " s, mean " + meanRate()
                + " req/s, peak " + peakRate() + " req/s]";
    }
}
