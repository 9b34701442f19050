package dev.scalewise.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The scaler's own metrics (Prometheus exposition through the official Java client, {@code /metrics}). */
public final class ScalerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    final Counter decisions = Counter.builder().name("scalewise_decisions_total")
            .help("decisions taken, by source (policy, fallback, hold)").labelNames("source").register(registry);
    final Counter fallbacks = Counter.builder().name("scalewise_fallbacks_total")
            .help("decisions not taken by the configured policy (fallback or hold)").register(registry);
    final Gauge desired = Gauge.builder().name("scalewise_desired_replicas")
            .help("replicas the scaler reports to KEDA").labelNames("scaled_object").register(registry);
    final Histogram decisionSeconds = Histogram.builder().name("scalewise_decision_seconds")
            .help("time to read the metrics and decide, per workload and interval")
            .classicOnly().classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5).register(registry);
    final Histogram requestSeconds = Histogram.builder().name("scalewise_grpc_seconds")
            .help("time to answer a KEDA call on the server (request parsed, decision read, answer serialized)")
            .labelNames("method")
            .classicOnly().classicUpperBounds(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01,
                    0.1, 1).register(registry);
    final Counter grpcErrors = Counter.builder().name("scalewise_grpc_errors_total")
            .help("KEDA calls answered with an error, by method").labelNames("method").register(registry);
    final Gauge staleness = Gauge.builder().name("scalewise_metric_staleness_seconds")
            .help("age of the newest replica sample at the last decision").labelNames("scaled_object").register(registry);

    /** The data points of the three KEDA methods, resolved once: no label look-up on the call path. */
    private final java.util.Map<String, io.prometheus.metrics.core.datapoints.DistributionDataPoint> grpcSeconds =
            java.util.Map.of("GetMetrics", requestSeconds.labelValues("GetMetrics"),
                    "IsActive", requestSeconds.labelValues("IsActive"),
                    "GetMetricSpec", requestSeconds.labelValues("GetMetricSpec"));

    public PrometheusRegistry registry() {
        return registry;
    }

    /** One KEDA call of {@code method} took {@code nanos} on the server ({@link ScalerServer.Timing}). */
    void grpcSeconds(String method, long nanos) {
        var point = grpcSeconds.get(method);
        (point != null ? point : requestSeconds.labelValues(method)).observe(nanos / 1e9);
    }

    void grpcError(String method) {
        grpcErrors.labelValues(method).inc();
    }

    void record(Decision d, double seconds) {
        decisions.labelValues(d.source()).inc();
        if (d.fellBack()) {
            fallbacks.inc();
        }
        if (d.desired() >= 0) {
            desired.labelValues(d.scaledObject()).set(d.desired());
        }
        if (d.sample() != null) {
            staleness.labelValues(d.scaledObject()).set(d.sample().sampleAgeSeconds());
        }
        decisionSeconds.observe(seconds);
    }
}
