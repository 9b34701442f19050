package dev.scalewise.serve;

import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.format.ReadOptions;
import dev.scalewise.workload.format.TraceFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A Prometheus history of request rates as a trace: {@code query_range} of the rate query, written as the generic
 * CSV ({@code timestamp,rate}, epoch seconds) that {@code --trace PATH} reads, so {@code compare}, {@code train} and
 * {@code demo} run on a user's own traffic. Steps where Prometheus has no point are left out of the file; the
 * reader reports them as gaps (zero traffic), never silently.
 */
public final class Backtest {
    /** At most this many steps per backtest (Prometheus itself refuses more than 11,000 points per series). */
    public static final int MAX_STEPS = 11_000;

    private Backtest() {
    }

    /** The points of {@code query} from {@code start} to {@code end} every {@code stepSeconds}. */
    public static List<PrometheusClient.Sample> fetch(PrometheusClient client, String query, Instant start, Instant end,
                                                      double stepSeconds) throws IOException {
        double s = start.getEpochSecond();
        double e = end.getEpochSecond();
        if (!(e > s)) {
            throw new IllegalArgumentException("--range: the end " + end + " must be after the start " + start);
        }
        if ((e - s) / stepSeconds + 1 > MAX_STEPS) {
            throw new IllegalArgumentException("--range " + start + ".." + end + " at --step " + stepSeconds + " s is "
                    + (long) ((e - s) / stepSeconds + 1) + " points; at most " + MAX_STEPS + " (raise --step)");
        }
        List<PrometheusClient.Sample> points = client.queryRange(query, s, e, stepSeconds);
        if (points.isEmpty()) {
            throw new IOException("prometheus has no data for '" + query + "' between " + start + " and " + end);
        }
        for (PrometheusClient.Sample p : points) {
            if (!Double.isFinite(p.value()) || p.value() < 0) {
                throw new IOException("query '" + query + "' gave " + p.value() + " req/s at "
                        + Instant.ofEpochSecond((long) p.time()) + "; a request rate must be a number >= 0");
            }
        }
        return points;
    }

    /** The CSV of the points ({@code timestamp,rate}). */
    public static String csv(List<PrometheusClient.Sample> points) {
        StringBuilder sb = new StringBuilder(points.size() * 24 + 16).append("timestamp,rate\n");
        for (PrometheusClient.Sample p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%s%n", Math.round(p.time()), Double.toString(p.value())));
        }
        return sb.toString();
    }

    /** Writes the CSV atomically and reads it back through the trace readers (what {@code --trace PATH} will see). */
    public static Trace write(List<PrometheusClient.Sample> points, Path file) throws IOException {
        RunDirectory.writeAtomically(file, csv(points).getBytes(StandardCharsets.UTF_8));
        return TraceFormat.GENERIC_CSV.read(file, ReadOptions.DEFAULT).trace();
    }
}
