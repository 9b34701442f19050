package dev.scalewise.serve;

import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricSpecResponse;
import dev.scalewise.serve.grpc.GetMetricsRequest;
import dev.scalewise.serve.grpc.GetMetricsResponse;
import dev.scalewise.serve.grpc.IsActiveResponse;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real grpc-java client calls the scaler as KEDA does (loopback, plaintext). */
class ExternalScalerGrpcTest {
    private static final ServeConfig CONFIG = ServeConfig.defaults();
    /** A deterministic live source: workload i of the load sees 7 i req/s on 2 ready of 2 replicas. */
    private static final SampleSource SOURCE = (t, time) -> {
        if (t.name().startsWith("down")) {
            throw new IOException("prometheus unreachable: Connection refused");
        }
        int i = t.name().startsWith("w") ? Integer.parseInt(t.name().substring(1)) : 5;
        return new LiveSample(time, 7.0 * i, 2, 2, 0, null, null, null);
    };

    private ScalerMetrics metrics;
    private ExternalScaler scaler;
    private ScalerServer server;
    private ManagedChannel channel;
    private ExternalScalerGrpc.ExternalScalerBlockingStub stub;

    @BeforeEach
    void start() throws IOException {
        metrics = new ScalerMetrics();
        scaler = new ExternalScaler(CONFIG, ServedPolicy.named("hpa", CONFIG), SOURCE,
                WarmUp.none(CONFIG.service().stepSeconds()), DecisionLog.open(null), metrics,
                () -> System.currentTimeMillis() / 1000.0);
        server = ScalerServer.start(scaler, metrics, ScalerServer.Listen.loopback(0, 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        stub = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        scaler.close();
    }

    private static ScaledObjectRef ref(String name) {
        return ScaledObjectRef.newBuilder().setName(name).setNamespace("shop").putScalerMetadata("service", "web").build();
    }

    /** What the HPA policy decides in-process on the same first sample. */
    private static int expected(String name) throws IOException {
        ScaledTarget t = new ScaledTarget("shop", name, Map.of());
        return ServedPolicy.named("hpa", CONFIG).decider().decide(t, SOURCE.read(t, 0)).desired();
    }

    @Test
    void specAndMetricsAskForThePolicysReplicas() throws IOException {
        GetMetricSpecResponse spec = stub.getMetricSpec(ref("w9"));
        assertThat(spec.getMetricSpecsList()).hasSize(1);
        assertThat(spec.getMetricSpecs(0).getMetricName()).isEqualTo("scalewise-desired-replicas");
        assertThat(spec.getMetricSpecs(0).getTargetSize()).isEqualTo(1000);

        GetMetricsResponse m = stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("w9"))
                .setMetricName("s0-scalewise-desired-replicas").build());
        int want = expected("w9");
        // 63 req/s on 2 replicas of 10 req/s: the HPA scales up, within maxStep 4 of 2
        assertThat(want).isBetween(3, 6);
        assertThat(m.getMetricValues(0).getMetricValue()).isEqualTo(want * 1000L);
        assertThat(m.getMetricValues(0).getMetricName()).isEqualTo("s0-scalewise-desired-replicas");
        assertThat(HpaArithmetic.hpaReplicas(m.getMetricValues(0).getMetricValue(), 1000, 2, 0.0)).isEqualTo(want);

        IsActiveResponse active = stub.isActive(ref("w9"));
        assertThat(active.getResult()).isTrue();
        Iterator<IsActiveResponse> stream = stub.streamIsActive(ref("w9"));
        assertThat(stream.next().getResult()).isTrue();
    }

    @Test
    void hundredScaledObjectsAnsweredConcurrently() throws Exception {
        int[] want = new int[100];
        for (int i = 0; i < 100; i++) {
            want[i] = expected("w" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> calls = new ArrayList<>();
            for (int k = 0; k < 2000; k++) {
                int i = k % 100;
                calls.add(pool.submit(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("w" + i))
                        .setMetricName("scalewise-desired-replicas").build()).getMetricValues(0).getMetricValue()));
            }
            for (int k = 0; k < calls.size(); k++) {
                assertThat(calls.get(k).get()).as("call %d", k).isEqualTo(want[k % 100] * 1000L);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(scaler.tracked()).isEqualTo(100);
        // No load: a new HPA records its current replicas as its first recommendation, so the 300 s scale-down
        // stabilization window holds it at 2 on the first decision (Kubernetes' initial recommendation rule).
        assertThat(want[0]).isEqualTo(2);
    }

    @Test
    void malformedRefsAreInvalidArguments() {
        for (ScaledObjectRef bad : List.of(
                ScaledObjectRef.newBuilder().setNamespace("shop").build(),
                ScaledObjectRef.newBuilder().setName("Bad_Name!").setNamespace("shop").build(),
                ScaledObjectRef.newBuilder().setName("web").setNamespace("").build(),
                ScaledObjectRef.newBuilder().setName("web").setNamespace("shop")
                        .putScalerMetadata("service", "web\"} or vector(1) #").build(),
                ScaledObjectRef.newBuilder().setName("x".repeat(300)).setNamespace("shop").build())) {
            assertThatThrownBy(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(bad)
                    .setMetricName("scalewise-desired-replicas").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            assertThatThrownBy(() -> stub.isActive(bad)).isInstanceOf(StatusRuntimeException.class)
                    .hasMessageContaining("INVALID_ARGUMENT");
        }
        assertThatThrownBy(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("w1"))
                .setMetricName("queue-length").build())).hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("unknown metric 'queue-length'");
        assertThatThrownBy(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setMetricName("scalewise-desired-replicas")
                .build())).hasMessageContaining("INVALID_ARGUMENT");
        assertThat(scaler.tracked()).isZero();
    }

    @Test
    void noMetricsYetIsUnavailable() {
        assertThatThrownBy(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("down1"))
                .setMetricName("scalewise-desired-replicas").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("Connection refused");
                });
    }

    @Test
    void metricsEndpointCountsDecisionsAndChecksHost() throws Exception {
        stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("w3")).build());
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("scalewise_decisions_total{source=\"policy\"} 1")
                .contains("scalewise_desired_replicas{scaled_object=\"shop/w3\"} " + expected("w3"))
                .contains("scalewise_decision_seconds").contains("scalewise_metric_staleness_seconds")
                .contains("scalewise_grpc_seconds_count{method=\"GetMetrics\"} 1");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.metricsPort())) {
            s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 403");
        }
    }

    @Test
    void nonLoopbackNeedsAnExplicitFlagAndTls() {
        assertThatThrownBy(() -> ScalerServer.start(scaler, metrics, new ScalerServer.Listen("0.0.0.0", 0, -1, false,
                null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> ScalerServer.start(scaler, metrics, new ScalerServer.Listen("0.0.0.0", 0, -1, true,
                null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert");
    }
}
