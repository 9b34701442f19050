package dev.scalewise.serve;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reads a {@link LiveSample} of one target from Prometheus with the configured queries, all asked at once. */
public final class SampleReader implements SampleSource {
    private final PrometheusClient prometheus;
    private final ServeConfig.Queries queries;

    public SampleReader(PrometheusClient prometheus, ServeConfig.Queries queries) {
        this.prometheus = prometheus;
        this.queries = queries;
    }

    /**
     * The sample at {@code time}.
     *
     * @throws IOException when Prometheus cannot be reached or answers an error, or when a required reading (rate,
     *                     ready, desired) has no series: the message names the query
     */
    @Override
    public LiveSample read(ScaledTarget target, double time) throws IOException {
        CompletableFuture<Optional<PrometheusClient.Sample>> rate = ask(target, queries.requestRate(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> ready = ask(target, queries.readyReplicas(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> desired = ask(target, queries.desiredReplicas(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> stamp = ask(target, queries.sampleTime(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> p95 = ask(target, queries.latencyP95(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> queue = ask(target, queries.queueLength(), time);
        CompletableFuture<Optional<PrometheusClient.Sample>> util = ask(target, queries.utilization(), time);
        double r = required(rate, "requestRate", target);
        double rd = required(ready, "readyReplicas", target);
        double ds = required(desired, "desiredReplicas", target);
        Optional<PrometheusClient.Sample> st = PrometheusClient.join(stamp);
        double age = st.map(s -> Math.max(0, time - s.value())).orElse(0.0);
        if (st.isEmpty() && !queries.sampleTime().isBlank()) {
            throw new IOException("no data for sampleTime of " + target.key() + " (" + target.fill(queries.sampleTime())
                    + "): replica metrics are stale or absent");
        }
        if (r < 0 || rd < 0 || ds < 0) {
            throw new IOException("negative reading for " + target.key() + ": rate " + r + ", ready " + rd + ", desired " + ds);
        }
        return new LiveSample(time, r, (int) Math.round(rd), (int) Math.round(ds), age, optional(p95), optional(queue),
                optional(util));
    }

    private CompletableFuture<Optional<PrometheusClient.Sample>> ask(ScaledTarget t, String query, double time) {
        if (query == null || query.isBlank()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return prometheus.queryAsync(t.fill(query), time);
    }

    private double required(CompletableFuture<Optional<PrometheusClient.Sample>> f, String what, ScaledTarget t)
            throws IOException {
        Optional<PrometheusClient.Sample> s = PrometheusClient.join(f);
        if (s.isEmpty()) {
            throw new IOException("no data for " + what + " of " + t.key() + " (" + t.fill(queryOf(what)) + ")");
        }
        double v = s.get().value();
        if (!Double.isFinite(v)) {
            throw new IOException(what + " of " + t.key() + " is " + v);
        }
        return v;
    }

    private String queryOf(String what) {
        return switch (what) {
            case "requestRate" -> queries.requestRate();
            case "readyReplicas" -> queries.readyReplicas();
            default -> queries.desiredReplicas();
        };
    }

    private static Double optional(CompletableFuture<Optional<PrometheusClient.Sample>> f) throws IOException {
        return PrometheusClient.join(f).map(PrometheusClient.Sample::value).filter(Double::isFinite).orElse(null);
    }
}
