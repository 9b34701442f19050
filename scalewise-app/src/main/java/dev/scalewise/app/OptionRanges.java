package dev.scalewise.app;

import dev.scalewise.workload.format.TraceReadException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The valid range of every numeric command-line option, checked before any command runs: a value outside it is
 * refused with one line naming the option and the value as typed ({@code --boot-delay must be in [0, 86400]
 * seconds, got 1e12}), instead of an array of 10^12 slots or a million-year run. A range is looked up by
 * {@code command --option} first, then by {@code --option}; {@code OptionRangesTest} checks that every numeric
 * option of every command has one, so a new option must add its range here.
 */
final class OptionRanges {
    private OptionRanges() {
    }

    /**
     * A closed range (or half-open at the bottom, {@code lowOpen}) with its unit for the message.
     *
     * @param low     smallest value
     * @param high    largest value
     * @param lowOpen true when {@code low} itself is excluded
     * @param unit    the unit, or "" (e.g. "seconds")
     */
    record Range(double low, double high, boolean lowOpen, String unit) {
        boolean contains(double v) {
            return (lowOpen ? v > low : v >= low) && v <= high;
        }

        String describe() {
            return (lowOpen ? "(" : "[") + fmt(low) + ", " + fmt(high) + "]" + (unit.isEmpty() ? "" : " " + unit);
        }

        private static String fmt(double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%d", (long) d);
            }
            return Double.toString(d);
        }
    }

    /** Any value of the option's type (seeds). */
    static final Range ANY = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, "");

    private static Range closed(double low, double high, String unit) {
        return new Range(low, high, false, unit);
    }

    private static Range positive(double high, String unit) {
        return new Range(0, high, true, unit);
    }

    private static final double DAY = 86_400;
    /** Most steps of a run: two years of minutes (each step is kept in memory by some commands). */
    private static final double MAX_STEPS = 1_051_200;
    private static final double MAX_INSTANCES = 100_000;

    static final Map<String, Range> RANGES = new TreeMap<>(Map.ofEntries(
            // the simulated service (EnvOptions and the commands' own copies)
            Map.entry("--step-seconds", closed(1, DAY, "seconds")),
            Map.entry("--resample", closed(1, DAY, "seconds")),
            Map.entry("--service-rate", positive(1e9, "requests/s")),
            Map.entry("--queue-limit", closed(0, 1e9, "requests")),
            Map.entry("--slo-ms", positive(3_600_000, "ms")),
            Map.entry("--boot-delay", closed(0, DAY, "seconds")),
            Map.entry("--min-instances", closed(0, MAX_INSTANCES, "")),
            Map.entry("--max-instances", closed(1, MAX_INSTANCES, "")),
            Map.entry("--initial-instances", closed(0, MAX_INSTANCES, "")),
            Map.entry("--price-per-hour", closed(0, 1e6, "dollars")),
            Map.entry("--min-billed-seconds", closed(0, DAY, "seconds")),
            Map.entry("--peak-rate", positive(1e12, "requests/s")),
            // runs and seeds
            Map.entry("--seed", ANY),
            Map.entry("--first-seed", ANY),
            Map.entry("--trace-seed", ANY),
            Map.entry("--seeds", closed(1, 10_000, "")),
            Map.entry("--steps", closed(1, MAX_STEPS, "steps")),
            Map.entry("--history-steps", closed(0, MAX_STEPS, "steps")),
            Map.entry("--from-step", closed(0, 1e9, "")),
            Map.entry("--every", closed(1, 1e9, "steps")),
            Map.entry("--episodes", closed(1, 1_000_000, "episodes")),
            Map.entry("--keep-steps-every", closed(0, 1_000_000, "episodes")),
            Map.entry("--checkpoint-every", closed(0, 1_000_000, "episodes")),
            Map.entry("--alpha", positive(1, "")),
            Map.entry("--gamma", closed(0, 1, "")),
            Map.entry("--test-days", closed(1, 3_650, "days")),
            // forecasting
            Map.entry("--forecaster-season", closed(1, MAX_STEPS, "steps")),
            Map.entry("--forecast-horizon", closed(0, MAX_STEPS, "steps")),
            Map.entry("--forecaster-fit-episodes", closed(1, 1_000, "")),
            Map.entry("--horizon", closed(1, MAX_STEPS, "steps")),
            Map.entry("--season", closed(1, MAX_STEPS, "steps")),
            Map.entry("--stride", closed(1, MAX_STEPS, "steps")),
            Map.entry("--plot-steps", closed(1, MAX_STEPS, "steps")),
            // explain
            Map.entry("--top", closed(1, MAX_STEPS, "")),
            Map.entry("--map-trend", closed(-1, 10, "")),
            Map.entry("--map-forecast", closed(-1, 10, "")),
            Map.entry("--map-booting", closed(0, MAX_INSTANCES, "")),
            Map.entry("--map-backlog", closed(0, 1e12, "requests")),
            // queue
            Map.entry("--servers", closed(1, 1e7, "")),
            Map.entry("--arrival-rate", closed(0, 1e12, "requests/s")),
            Map.entry("--slo-p95-ms", positive(3_600_000, "ms")),
            Map.entry("queue --queue-limit", closed(0, 1e9, "requests")),
            // validate-physics
            Map.entry("validate-physics --day", closed(0, 100_000, "days")),
            Map.entry("validate-physics --replications", positive(100, "")),
            // report policy-quality: 0 episodes leaves the agent out
            Map.entry("report policy-quality --episodes", closed(0, 1_000_000, "episodes")),
            // serve, shadow, backtest, serve-bench
            Map.entry("serve --metrics-port", closed(-1, 65_535, "")),
            Map.entry("serve --duration", closed(0, 365 * DAY, "seconds")),
            Map.entry("shadow --duration", closed(0, 365 * DAY, "seconds")),
            Map.entry("backtest --step", closed(1, DAY, "seconds")),
            Map.entry("serve-bench --objects", closed(1, 100_000, "")),
            Map.entry("serve-bench --rate", positive(1e6, "calls/s")),
            Map.entry("serve-bench --duration", positive(365 * DAY, "seconds")),
            // servers and sweeps
            Map.entry("--port", closed(0, 65_535, "")),
            Map.entry("--workers", closed(1, 256, "")),
            Map.entry("--max-cells", closed(0, 10_000_000, ""))));

    /** The range of {@code option} in {@code command} (a qualified name such as {@code train}), if one is set. */
    static Optional<Range> of(String command, String option) {
        Range r = RANGES.get(command + " " + option);
        return Optional.ofNullable(r != null ? r : RANGES.get(option));
    }

    /** Whether {@code option} holds a number. */
    static boolean numeric(OptionSpec option) {
        Class<?> t = option.type();
        return List.of(int.class, Integer.class, long.class, Long.class, double.class, Double.class, float.class,
                Float.class, short.class, Short.class).contains(t);
    }

    /**
     * Checks the numeric options the user typed in {@code parsed} (and its subcommands).
     *
     * @throws CommandLine.ParameterException naming the option, its range and the value as typed
     */
    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            String command = p.commandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
            for (OptionSpec o : p.matchedOptions()) {
                if (!numeric(o)) {
                    continue;
                }
                Range r = of(command, o.longestName()).orElse(null);
                if (r == null || r == ANY) {
                    continue;
                }
                Object v = o.getValue();
                if (v instanceof Number n && !r.contains(n.doubleValue())) {
                    List<String> typed = o.originalStringValues();
                    String as = typed.isEmpty() ? String.valueOf(v) : typed.get(typed.size() - 1);
                    throw new CommandLine.ParameterException(p.commandSpec().commandLine(),
                            o.longestName() + " must be in " + r.describe() + ", got " + TraceReadException.escape(as));
                }
            }
        }
    }
}
