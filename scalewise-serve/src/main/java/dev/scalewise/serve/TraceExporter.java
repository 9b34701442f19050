package dev.scalewise.serve;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.DoubleSupplier;

/**
 * A stand-in workload for trying the scaler without a cluster (and for the tests and the soak): serves, on
 * loopback, a Prometheus text exposition with the series the default queries read, following a trace of request
 * rates: a request counter {@code app_requests_total{namespace, service}} that grows by the trace's rate,
 * {@code kube_deployment_status_replicas_ready} and {@code kube_deployment_spec_replicas} for each of {@code count}
 * deployments {@code w0..w(count-1)}. The replica gauges are exposed with explicit timestamps; frozen, they keep the
 * timestamp of the moment they froze, so Prometheus keeps an old sample (what a stuck exporter looks like).
 */
public final class TraceExporter implements AutoCloseable {
    private final HttpServer server;
    private final String namespace;
    private final int count;
    private final double[] rates;
    private final double stepSeconds;
    private final DoubleSupplier clock;
    private final double start;
    private volatile int ready;
    private volatile int desired;
    private volatile double frozenAtMs = Double.NaN;

    /**
     * @param rates       request rate of each deployment per trace step (the trace repeats)
     * @param stepSeconds length of one trace step in seconds
     * @param clock       Unix seconds
     */
    public TraceExporter(String namespace, int count, double[] rates, double stepSeconds, int replicas,
                         DoubleSupplier clock) throws IOException {
        if (count < 1 || rates.length == 0 || !(stepSeconds > 0) || replicas < 0) {
            throw new IllegalArgumentException("trace exporter needs count >= 1, a non-empty trace, step > 0, replicas >= 0");
        }
        this.namespace = namespace;
        this.count = count;
        this.rates = rates.clone();
        this.stepSeconds = stepSeconds;
        this.clock = clock;
        this.start = clock.getAsDouble();
        this.ready = replicas;
        this.desired = replicas;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trace-exporter");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sets the replica gauges (and unfreezes them). */
    public void replicas(int ready, int desired) {
        this.ready = ready;
        this.desired = desired;
        this.frozenAtMs = Double.NaN;
    }

    /** From now on the replica gauges carry the current time as their timestamp: they age. */
    public void freezeReplicas() {
        frozenAtMs = Math.floor(clock.getAsDouble() * 1000);
    }

    /** Requests counted up to {@code time}: the integral of the (repeating) trace's rate. */
    public double requests(double time) {
        double elapsed = Math.max(0, time - start);
        long steps = (long) Math.floor(elapsed / stepSeconds);
        double total = 0;
        double perCycle = 0;
        for (double r : rates) {
            perCycle += r * stepSeconds;
        }
        total += perCycle * (steps / rates.length);
        for (long i = steps - steps % rates.length; i < steps; i++) {
            total += rates[(int) (i % rates.length)] * stepSeconds;
        }
        total += rates[(int) (steps % rates.length)] * (elapsed - steps * stepSeconds);
        return total;
    }

    String exposition() {
        double now = clock.getAsDouble();
        double n = Math.floor(requests(now));
        // the gauges always carry their timestamp (so Prometheus does not track them for staleness markers); frozen,
        // they keep the moment they froze
        String stamp = String.format(Locale.ROOT, " %.0f", Double.isNaN(frozenAtMs) ? Math.floor(now * 1000) : frozenAtMs);
        StringBuilder sb = new StringBuilder(256 + count * 300);
        sb.append("# TYPE app_requests_total counter\n");
        for (int i = 0; i < count; i++) {
            sb.append(String.format(Locale.ROOT, "app_requests_total{namespace=\"%s\",service=\"w%d\"} %.0f%n",
                    namespace, i, n));
        }
        sb.append("# TYPE kube_deployment_status_replicas_ready gauge\n");
        for (int i = 0; i < count; i++) {
            sb.append(String.format(Locale.ROOT, "kube_deployment_status_replicas_ready{namespace=\"%s\",deployment=\"w%d\"} %d%s%n",
                    namespace, i, ready, stamp));
        }
        sb.append("# TYPE kube_deployment_spec_replicas gauge\n");
        for (int i = 0; i < count; i++) {
            sb.append(String.format(Locale.ROOT, "kube_deployment_spec_replicas{namespace=\"%s\",deployment=\"w%d\"} %d%s%n",
                    namespace, i, desired, stamp));
        }
        return sb.toString();
    }

    /** Queries matching this exporter's series (for a {@link ServeConfig}). */
    public static ServeConfig.Queries queries(String rateWindow) {
        return new ServeConfig.Queries(
                "sum(rate(app_requests_total{namespace=\"$namespace\",service=\"$service\"}[" + rateWindow + "]))",
                null, null, null, null, null, null);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
