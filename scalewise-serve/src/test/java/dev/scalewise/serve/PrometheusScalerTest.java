package dev.scalewise.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricsRequest;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A real Prometheus (Debian's package) scraping a {@link TraceExporter} on loopback every 0.5 s; the scaler reads
 * it through the HTTP API, then the replica gauges go stale, then Prometheus goes down.
 */
class PrometheusScalerTest {
    private static final DoubleSupplier WALL = () -> System.currentTimeMillis() / 1000.0;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<Object> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void servesFromLivePrometheusThenFallsBackWhenStaleAndHoldsWhenDown(@TempDir Path tmp) throws Exception {
        try (TraceExporter gen = new TraceExporter("shop", 2, new double[] {50}, 60, 3, WALL);
             PrometheusServer prom = PrometheusServer.start(tmp.resolve("prom"), 0.5, List.of(gen.port()))) {
            ServeConfig cfg = new ServeConfig(new ServeConfig.Prometheus(prom.url(), 2.0, null), TraceExporter.queries("5s"),
                    new ServeConfig.Service(1.0, 10.0, 0.5, 5.0, 0.1, 0.0),
                    new ServeConfig.Guard(1, 20, 4, 3.0, 0.7, 0.0), null);
            PrometheusClient client = new PrometheusClient(prom.url(), Duration.ofSeconds(2));
            SampleReader reader = new SampleReader(client, cfg.queries());
            ScaledTarget w0 = new ScaledTarget("shop", "w0", Map.of());
            await("the 5 s rate window to fill", () -> {
                try {
                    return Math.abs(reader.read(w0, WALL.getAsDouble()).arrivalRate() - 50) < 5;
                } catch (IOException e) {
                    return false;
                }
            });
            LiveSample s = reader.read(w0, WALL.getAsDouble());
            assertThat(s.arrivalRate()).isCloseTo(50, within(5.0));
            assertThat(s.ready()).isEqualTo(3);
            assertThat(s.desired()).isEqualTo(3);
            assertThat(s.sampleAgeSeconds()).isLessThan(3);
            double now = WALL.getAsDouble();
            List<PrometheusClient.Sample> range = client.queryRange(w0.fill(cfg.queries().readyReplicas()), now - 2, now, 0.5);
            assertThat(range).hasSizeBetween(3, 5).allSatisfy(p -> assertThat(p.value()).isEqualTo(3));
            // backtest: the rate history as a trace file the trace readers read back (5 s of steady traffic)
            Thread.sleep(5000);
            double end = Math.floor(WALL.getAsDouble());
            List<PrometheusClient.Sample> history = Backtest.fetch(client, w0.fill(cfg.queries().requestRate()),
                    java.time.Instant.ofEpochSecond((long) end - 4), java.time.Instant.ofEpochSecond((long) end), 1);
            dev.scalewise.workload.Trace trace = Backtest.write(history, tmp.resolve("w0.csv"));
            assertThat(trace.length()).isEqualTo(history.size()).isBetween(4, 5);
            assertThat(trace.stepSeconds()).isEqualTo(1.0);
            for (int i = 0; i < trace.length(); i++) {
                assertThat(trace.rate(i)).isEqualTo(history.get(i).value()).isCloseTo(50, within(5.0));
            }
            // shadow replay: the same history, two policies beside what the cluster ran (3 replicas)
            Shadow shadow = new Shadow(cfg, w0, List.of(ServedPolicy.named("threshold", cfg), ServedPolicy.named("static", cfg)));
            shadow.replay(client, end - 4, end);
            int compared = shadow.intervals();
            assertThat(compared + shadow.skipped()).isEqualTo(5);
            assertThat(compared).isGreaterThanOrEqualTo(4);
            shadow.write(tmp.resolve("shadow-run"));
            List<Shadow.Summary> cmp = shadow.summaries();
            assertThat(cmp.get(0).name()).isEqualTo("actual");
            assertThat(cmp.get(0).meanReplicas()).isEqualTo(3.0);
            assertThat(cmp.get(0).slaMetFraction()).isZero(); // 50 req/s on 3 x 10 req/s is overloaded
            assertThat(cmp.get(2).name()).isEqualTo("static");
            assertThat(cmp.get(2).meanReplicas()).isEqualTo(7.0); // sized for 140 req/s, cut to 3 + maxStep 4
            assertThat(cmp.get(2).costUsd()).isCloseTo(7 * compared * 1.0 / 3600 * 0.1, within(1e-12));
            assertThat(Files.readAllLines(tmp.resolve("shadow-run/shadow.csv"))).hasSize(compared + 1)
                    .first().isEqualTo("time,rate,actual,threshold,static");
            assertThat(new ObjectMapper().readTree(tmp.resolve("shadow-run/shadow.json").toFile())
                    .path("comparison").size()).isEqualTo(3);
            assertThatThrownBy(() -> reader.read(new ScaledTarget("shop", "nope", Map.of()), WALL.getAsDouble()))
                    .isInstanceOf(IOException.class).hasMessageContaining("no data for requestRate of shop/nope");
            assertThatThrownBy(() -> client.query("sum(rate(", WALL.getAsDouble())).isInstanceOf(IOException.class)
                    .hasMessageContaining("bad_data");

            Path logFile = tmp.resolve("decisions.jsonl");
            ScalerMetrics metrics = new ScalerMetrics();
            try (DecisionLog log = DecisionLog.open(logFile);
                 ExternalScaler scaler = new ExternalScaler(cfg, ServedPolicy.named("threshold", cfg), reader,
                         WarmUp.prometheus(client, cfg), log, metrics, WALL);
                 ScalerServer server = ScalerServer.start(scaler, metrics, ScalerServer.Listen.loopback(0, -1))) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
                try {
                    var stub = ExternalScalerGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
                    ScaledObjectRef ref = ScaledObjectRef.newBuilder().setNamespace("shop").setName("w0").build();
                    long value = stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).build())
                            .getMetricValues(0).getMetricValue();
                    // the first decision (later ones may already have replaced it: one per second)
                    Decision first = new ObjectMapper().readValue(Files.readAllLines(logFile).get(0), Decision.class);
                    assertThat(first.source()).isEqualTo(Decision.POLICY);
                    assertThat(value).isEqualTo(first.desired() * 1000L);
                    // 50 req/s on 3 replicas of 10 req/s (167%): the threshold policy adds one
                    assertThat(first.desired()).isEqualTo(4);
                    assertThat(ServedPolicy.named("threshold", cfg).decider().decide(w0, first.sample()).desired())
                            .isEqualTo(first.desired());

                    gen.freezeReplicas();
                    await("a fallback on stale replica samples", () -> {
                        Decision d = scaler.last("shop/w0");
                        return d != null && d.source().equals(Decision.FALLBACK);
                    }, () -> DecisionLog.line(scaler.last("shop/w0")));
                    Decision stale = scaler.last("shop/w0");
                    assertThat(stale.reason()).contains("replica metrics").contains("old > staleSeconds 3.0");
                    // HPA calculator on 167% of 3 ready at 70%: ceil(7.1) = 8, cut to 3 + maxStep 4
                    assertThat(stale.desired()).isEqualTo(7);

                    prom.close();
                    await("a hold while Prometheus is down", () -> scaler.last("shop/w0").source().equals(Decision.HOLD));
                    Decision held = scaler.last("shop/w0");
                    assertThat(held.reason()).contains("prometheus unreachable");
                    assertThat(held.desired()).isEqualTo(7);
                    assertThat(stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).build())
                            .getMetricValues(0).getMetricValue()).isEqualTo(7000);
                    ScaledObjectRef fresh = ScaledObjectRef.newBuilder().setNamespace("shop").setName("w1").build();
                    assertThatThrownBy(() -> stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(fresh).build()))
                            .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAVAILABLE");
                } finally {
                    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
            List<String> lines = Files.readAllLines(logFile);
            assertThat(lines.size()).isGreaterThanOrEqualTo(3);
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                JsonNode n = json.readTree(line);
                assertThat(n.path("reason").asText()).isNotBlank();
                assertThat(n.has("desired")).isTrue();
            }
            assertThat(json.readTree(lines.get(0)).path("record").path("state").path("arrival_rate").asDouble())
                    .isCloseTo(50, within(5.0));
        }
    }
}
