package dev.scalewise.app;

import dev.scalewise.workload.TokenServiceModel;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.TraceScaling;
import dev.scalewise.workload.format.ReadOptions;
import dev.scalewise.workload.format.TraceReadException;
import dev.scalewise.workload.format.ReadResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command that takes a workload shares ({@code @Mixin TraceOptions trace;}): which trace, where the
 * traces live, and how to slice, resample and scale it. {@link #load} returns the resulting {@link Trace}.
 */
public final class TraceOptions {

    @Option(names = "--trace", paramLabel = "NAME|PATH",
            description = "A catalog trace (see `traces list`) or a trace file (.tbz2 counts, .csv, .jsonl).")
    String trace;

    @Option(names = "--traces-dir", paramLabel = "DIR",
            description = "Where catalog traces live (default: $" + TraceCatalog.ENV + ", ../shared/traces, ~/.scalewise/traces).")
    String tracesDir;

    @Option(names = "--resample", paramLabel = "S",
            description = "Resample the trace to steps of S seconds (counts summed). Commands that simulate resample to "
                    + "their --step-seconds anyway.")
    Double stepSeconds;

    @Option(names = "--scale", paramLabel = "SPEC",
            description = "Scale the trace: FACTOR, peak=RATE, mean=RATE or peak-instances=N[,mu=RATE][,util=U].")
    String scale;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start of a time slice: seconds from the trace start, or an ISO-8601 instant.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of a time slice (exclusive), like --from.")
    String to;

    @Option(names = "--lenient", description = "Skip malformed lines (counted in the summary) instead of failing.")
    boolean lenient;

    /** The catalog on the chosen directory. */
    public TraceCatalog catalog() {
        return TraceCatalog.fromEnvironment(tracesDir);
    }

    /** True when {@code --trace} was given. */
    public boolean given() {
        return trace != null && !trace.isBlank();
    }

    /** The trace name or path given, if any. */
    public Optional<String> nameOrPath() {
        return given() ? Optional.of(trace) : Optional.empty();
    }

    /** Loads the trace named by {@code --trace} (required), then slices, resamples and scales it. */
    public Trace load(PrintWriter messages) {
        if (!given()) {
            throw new IllegalArgumentException("--trace NAME|PATH is required");
        }
        return load(trace, messages);
    }

    /** Loads {@code nameOrPath} with these options; prints a line to {@code messages} when lines were skipped. */
    public Trace load(String nameOrPath, PrintWriter messages) {
        ReadResult r = catalog().read(nameOrPath, ReadOptions.DEFAULT.withLenient(lenient));
        if (r.report().skipped() > 0 && messages != null) {
            messages.println("warning: " + r.report().summary());
        }
        noteGaps(r.trace(), messages);
        return transform(r.trace());
    }

    /**
     * Tells {@code messages} (when not null) that {@code t} has zero-filled gaps (an outage or missing data read as
     * no demand), so that a result on it is not taken for one on complete data.
     */
    static void noteGaps(Trace t, PrintWriter messages) {
        if (messages == null || t.gaps().isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("note: trace '").append(TraceReadException.escape(t.name())).append("' has ")
                .append(t.gaps().size()).append(" gap(s) of zero demand (missing data or an outage): ");
        int shown = Math.min(3, t.gaps().size());
        for (int i = 0; i < shown; i++) {
            Trace.Gap g = t.gaps().get(i);
            sb.append(i == 0 ? "" : "; ").append("steps ").append(g.fromStep()).append("..").append(g.toStep())
                    .append(" (").append(TraceReadException.escape(g.reason())).append(')');
        }
        messages.println(sb.append(t.gaps().size() > shown ? "; ... (see `traces info`)" : ""));
        messages.flush();
    }

    /** Applies --from/--to, --resample and --scale, in that order. */
    public Trace transform(Trace t) {
        if (from != null || to != null) {
            double a = from == null ? 0 : offset(t, from);
            double b = to == null ? t.durationSeconds() : offset(t, to);
            t = t.sliceSeconds(a, b);
        }
        if (stepSeconds != null) {
            t = t.resample(stepSeconds);
        }
        if (scale != null) {
            t = TraceScaling.apply(t, scale, TokenServiceModel.DEFAULT);
        }
        return t;
    }

    private static double offset(Trace t, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            Instant at;
            try {
                at = Instant.parse(text);
            } catch (java.time.format.DateTimeParseException ex) {
                throw new IllegalArgumentException("bad time '" + text + "': give seconds from the start or an ISO-8601 instant");
            }
            Instant s = t.start().orElseThrow(() -> new IllegalArgumentException("trace '" + t.name()
                    + "' has no wall-clock start; give --from/--to in seconds"));
            return Math.max(0, java.time.Duration.between(s, at).toNanos() / 1e9);
        }
    }
}
