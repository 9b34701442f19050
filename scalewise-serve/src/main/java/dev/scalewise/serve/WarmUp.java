package dev.scalewise.serve;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request rates a served policy is warmed with: the rates observed before its first decision, one per decision
 * interval, oldest first, exactly what {@code compare} and {@code demo} hand a policy as
 * {@link dev.scalewise.experiment.PolicyRegistry.Context#history()} (the training part before the evaluated days),
 * so that a forecasting policy ({@code mpc} and its variants, {@code aws-predictive}, a residual agent behind
 * {@link dev.scalewise.forecast.ForecastingPolicy}) starts live with the forecast it would have had in evaluation
 * instead of one that starts cold at the first sample.
 *
 * <p>From Prometheus ({@link #prometheus}): {@code query_range} of the configured {@code requestRate} query over the
 * {@code prometheus.warmupMinutes} before the first sample, at the decision interval ({@code service.stepSeconds}),
 * the last point one interval before the sample. The history is the unbroken run of points that ends there
 * ({@link #contiguous}): a policy's history is one rate per interval, so a missing point (no series at that time)
 * or a value that is not a rate (NaN, infinite, negative) ends it, and the older points are not used; the note says
 * where and why. Nothing is filled in: a gap is never turned into zeros.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /**
     * Rates observed before a sample.
     *
     * @param rates       requests/s, one per interval, oldest first; the last one is one interval before the sample
     * @param stepSeconds the interval
     * @param note        why the history is shorter than asked for, or empty
     */
    public record History(double[] rates, double stepSeconds, String note) {
        public History {
            rates = rates.clone();
        }

        @Override
        public double[] rates() {
            return rates.clone();
        }

        /** Minutes of history. */
        public double minutes() {
            return rates.length * stepSeconds / 60;
        }

        /** For the decision log: {@code warmed with 12.5 min of request-rate history (...)}. */
        public String describe() {
            String head = rates.length == 0 ? "not warmed: cold start with no history"
                    : String.format(Locale.ROOT, "warmed with %s min of request-rate history (%d points)",
                    fmt(minutes()), rates.length);
            return note.isEmpty() ? head : head + " (" + note + ")";
        }

        /** Minutes to two decimals, trailing zeros dropped. */
        static String fmt(double m) {
            return new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", m)).stripTrailingZeros().toPlainString();
        }
    }

    /** Where the history before a sample comes from. */
    @FunctionalInterface
    public interface Source {
        /** The rates of {@code target} observed before {@code time} (Unix seconds): the first sample's time. */
        History before(ScaledTarget target, double time) throws IOException;
    }

    /** No warm-up: every policy starts cold ({@code prometheus.warmupMinutes: 0}, and {@code shadow}). */
    public static Source none(double stepSeconds) {
        return (target, time) -> new History(new double[0], stepSeconds, "warm-up off");
    }

    /**
     * The history from Prometheus: {@code query_range} of the {@code requestRate} query of {@code config} over its
     * {@code warmupMinutes} at its {@code stepSeconds} (no warm-up when that is under one interval).
     */
    public static Source prometheus(PrometheusClient client, ServeConfig config) {
        double step = config.service().stepSeconds();
        int steps = steps(config);
        if (steps == 0) {
            return none(step);
        }
        String query = config.queries().requestRate();
        return (target, time) -> {
            double end = time - step;
            double start = end - (steps - 1) * step;
            return contiguous(client.queryRange(target.fill(query), start, end, step), start, step, steps);
        };
    }

    /** For the startup line: how much history each ScaledObject's policy is warmed with. */
    public static String startupLine(ServeConfig config) {
        int steps = steps(config);
        String minutes = History.fmt(steps * config.service().stepSeconds() / 60);
        return steps == 0 ? "policies start cold (prometheus.warmupMinutes 0)"
                : "each ScaledObject's policy warmed with up to " + minutes + " min of its requestRate history ("
                + steps + " intervals; prometheus.warmupMinutes)";
    }

    /** Intervals of warm-up in {@code config}: {@code floor(warmupMinutes x 60 / stepSeconds)}. */
    public static int steps(ServeConfig config) {
        return (int) Math.floor(config.prometheus().warmupMinutes() * 60 / config.service().stepSeconds() + 1e-9);
    }

    /**
     * The unbroken run of rates that ends at the last of {@code steps} times {@code start + k step}: walking back
     * from the last time, it stops at the first time with no point or with a value that is not a rate (NaN,
     * infinite, negative); what stopped it is in the note.
     */
    public static History contiguous(List<PrometheusClient.Sample> points, double start, double step, int steps) {
        Map<Long, Double> byTime = PrometheusClient.byMillis(points);
        int first = steps;
        String note = "";
        boolean any = false;
        for (int k = 0; k < steps && !any; k++) {
            any = byTime.containsKey(Math.round((start + k * step) * 1000));
        }
        if (!any) {
            note = "no data from " + instant(start) + " to " + instant(start + (steps - 1) * step);
        }
        while (any && first > 0) {
            double t = start + (first - 1) * step;
            Double v = byTime.get(Math.round(t * 1000));
            if (v == null || !Double.isFinite(v) || v < 0) {
                boolean older = false;
                for (int k = 0; k < first - 1 && !older; k++) {
                    older = byTime.containsKey(Math.round((start + k * step) * 1000));
                }
                note = v == null ? "no point at " + instant(t) : "rate " + v + " at " + instant(t) + " is not a rate";
                if (first == steps) {
                    note += ", one interval before the first sample";
                }
                if (older) {
                    note += "; the points before it are not used";
                } else if (v == null) {
                    note = "no data before " + instant(t + step); // the series starts inside the window
                }
                break;
            }
            first--;
        }
        double[] rates = new double[steps - first];
        for (int k = first; k < steps; k++) {
            rates[k - first] = byTime.get(Math.round((start + k * step) * 1000));
        }
        return new History(rates, step, note);
    }

    private static String instant(double t) {
        return Instant.ofEpochMilli(Math.round(t * 1000)).toString();
    }
}
