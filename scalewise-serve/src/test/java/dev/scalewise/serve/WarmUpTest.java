package dev.scalewise.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.policy.Policy;
import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricsRequest;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import dev.scalewise.workload.Trace;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Warming a served policy with the rates observed before its first decision: the unbroken history and its gaps, when
 * the decider (re)builds its policy, the config's window, and, end to end, a policy served from a real Prometheus
 * (Debian's package) that decides first exactly as the same policy given that history in-process.
 */
class WarmUpTest {
    private static final DoubleSupplier WALL = () -> System.currentTimeMillis() / 1000.0;
    private static final ScaledTarget T = new ScaledTarget("shop", "web", Map.of());

    /** A range query's points every {@code step} from {@code start}; null: no point at that time. */
    private static List<PrometheusClient.Sample> points(double start, double step, Double... values) {
        List<PrometheusClient.Sample> out = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            if (values[k] != null) {
                out.add(new PrometheusClient.Sample(start + k * step, values[k]));
            }
        }
        return out;
    }

    @Test
    void historyIsTheUnbrokenRunOfRatesEndingOneIntervalBeforeTheSample() {
        double start = 1_800_000_000;
        WarmUp.History full = WarmUp.contiguous(points(start, 30, 1.0, 2.0, 3.0, 4.0), start, 30, 4);
        assertThat(full.rates()).containsExactly(1, 2, 3, 4);
        assertThat(full.minutes()).isEqualTo(2.0);
        assertThat(full.describe()).isEqualTo("warmed with 2 min of request-rate history (4 points)");
        // a missing point (index 2): only the two after it, never a zero in its place
        WarmUp.History gap = WarmUp.contiguous(points(start, 30, 1.0, 2.0, null, 4.0, 5.0), start, 30, 5);
        assertThat(gap.rates()).containsExactly(4, 5);
        assertThat(gap.describe()).isEqualTo("warmed with 1 min of request-rate history (2 points) (no point at "
                + "2027-01-15T08:01:00Z; the points before it are not used)");
        // a value that is not a rate ends it as well
        WarmUp.History nan = WarmUp.contiguous(points(start, 30, 1.0, Double.NaN, 3.0), start, 30, 3);
        assertThat(nan.rates()).containsExactly(3);
        assertThat(nan.note()).isEqualTo("rate NaN at 2027-01-15T08:00:30Z is not a rate; the points before it are not used");
        WarmUp.History negative = WarmUp.contiguous(points(start, 30, 1.0, 2.0, -3.0, 4.0), start, 30, 4);
        assertThat(negative.rates()).containsExactly(4);
        // the series starts inside the window: all there is
        WarmUp.History young = WarmUp.contiguous(points(start + 60, 30, 3.0, 4.0), start, 30, 4);
        assertThat(young.rates()).containsExactly(3, 4);
        assertThat(young.note()).isEqualTo("no data before 2027-01-15T08:01:00Z");
        // nothing one interval before the sample: cold, and why
        WarmUp.History stale = WarmUp.contiguous(points(start, 30, 1.0, 2.0), start, 30, 4);
        assertThat(stale.rates()).isEmpty();
        assertThat(stale.describe()).isEqualTo("not warmed: cold start with no history (no point at "
                + "2027-01-15T08:01:30Z, one interval before the first sample; the points before it are not used)");
        WarmUp.History none = WarmUp.contiguous(List.of(), start, 30, 4);
        assertThat(none.rates()).isEmpty();
        assertThat(none.note()).isEqualTo("no data from 2027-01-15T08:00:00Z to 2027-01-15T08:01:30Z");
    }

    @Test
    void windowDefaultsToOneDayBoundedByPrometheusPointsPerQuery(@TempDir Path dir) throws Exception {
        ServeConfig d = ServeConfig.defaults();
        assertThat(d.prometheus().warmupMinutes()).isEqualTo(1440.0);
        assertThat(WarmUp.steps(d)).isEqualTo(2880);
        // one-second intervals: one day would be 86,400 points; the default is the longest allowed
        Path f = dir.resolve("scaler.yaml");
        Files.writeString(f, "service:\n  stepSeconds: 1\n");
        assertThat(ServeConfig.load(f).prometheus().warmupMinutes()).isCloseTo(11_000 / 60.0, within(1e-9));
        Files.writeString(f, "prometheus:\n  warmupMinutes: 200\nservice:\n  stepSeconds: 1\n");
        assertThatThrownBy(() -> ServeConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f.toString()).hasMessageEndingWith(": prometheus.warmupMinutes 200.0 is 12000 "
                        + "intervals of service.stepSeconds 1.0; at most 11000 (Prometheus's points per query), i.e. "
                        + "183.33 min");
        Files.writeString(f, "prometheus:\n  warmupMinutes: -1\n");
        assertThatThrownBy(() -> ServeConfig.load(f)).hasMessageContaining("prometheus.warmupMinutes must be >= 0");
        Files.writeString(f, "prometheus:\n  warmupMinutes: 0\n");
        ServeConfig off = ServeConfig.load(f);
        assertThat(WarmUp.steps(off)).isZero();
        assertThat(WarmUp.startupLine(off)).isEqualTo("policies start cold (prometheus.warmupMinutes 0)");
        assertThat(WarmUp.startupLine(d)).isEqualTo("each ScaledObject's policy warmed with up to 1440 min of its "
                + "requestRate history (2880 intervals; prometheus.warmupMinutes)");
    }

    /** A policy that remembers the history it was built with. */
    private record Built(double[] history) implements Policy {
        @Override
        public String name() {
            return "built";
        }

        @Override
        public void reset(EnvSpec spec) {
        }

        @Override
        public int act(Observation o) {
            return 0;
        }
    }

    @Test
    void deciderBuildsItsPolicyFromTheHistoryBeforeTheFirstFreshSampleAndAgainAfterAStaleGap() {
        ServeConfig c = ServeConfig.defaults();
        List<Double> asked = new ArrayList<>();
        List<Built> built = new ArrayList<>();
        WarmUp.Source source = (target, time) -> {
            asked.add(time);
            if (time > 1000) {
                throw new IOException("prometheus unreachable: ConnectException");
            }
            return new WarmUp.History(new double[] {time, time + 1}, 30, "");
        };
        Decider d = new Decider("built", h -> {
            Built b = new Built(h);
            built.add(b);
            return b;
        }, source, c.env().spec(), c.guard(), TrainedRange.none());
        assertThat(built).isEmpty();
        // stale replica samples: the fallback decides, nothing is built yet
        assertThat(d.decide(T, new LiveSample(0, 10, 2, 2, 120, null, null, null)).source()).isEqualTo(Decision.FALLBACK);
        assertThat(asked).isEmpty();
        Decision first = d.decide(T, new LiveSample(30, 10, 2, 2, 0, null, null, null));
        assertThat(first.source()).isEqualTo(Decision.POLICY);
        assertThat(first.reason()).endsWith("; warmed with 1 min of request-rate history (2 points)");
        assertThat(asked).containsExactly(30.0);
        assertThat(built).hasSize(1);
        assertThat(built.get(0).history()).containsExactly(30, 31);
        Decision next = d.decide(T, new LiveSample(60, 10, 2, 2, 0, null, null, null));
        assertThat(next.reason()).doesNotContain("warmed");
        assertThat(built).hasSize(1);
        // 300 s without a fresh sample: built again from the history before the sample it resumes at
        Decision back = d.decide(T, new LiveSample(360, 10, 2, 2, 0, null, null, null));
        assertThat(back.reason()).contains("policy reset: last fresh sample 300 s ago").endsWith("; warmed with 1 min of "
                + "request-rate history (2 points)");
        assertThat(built).hasSize(2);
        assertThat(built.get(1).history()).containsExactly(360, 361);
        // the history cannot be read: a cold start, and the reason says so
        Decision cold = d.decide(T, new LiveSample(2000, 10, 2, 2, 0, null, null, null));
        assertThat(cold.source()).isEqualTo(Decision.POLICY);
        assertThat(cold.reason()).endsWith("; not warmed: cold start, the history could not be read: prometheus "
                + "unreachable: ConnectException");
        assertThat(built).hasSize(3);
        assertThat(built.get(2).history()).isEmpty();
    }

    private static boolean hasRate(SampleReader reader, double time) {
        try {
            reader.read(new ScaledTarget("shop", "w0", Map.of()), time);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A real Prometheus scrapes a {@link TraceExporter} whose request rate climbs 10 req/s every second; {@code serve}'s
     * scaler (at a fixed clock, so that the test can ask the same questions) warms {@code mpc:holt} with the
     * Prometheus history before its first decision. The same policy built in-process with that history (fetched by
     * the test with {@code query_range}), as {@code compare} builds it, decides the same; a cold one (the scaler
     * before warm-up) decides otherwise: it sees no trend. {@code shadow} replaying that interval decides the same.
     */
    @Test
    void aServedPolicyWarmedFromPrometheusDecidesFirstAsTheSamePolicyGivenThatHistory(@TempDir Path tmp)
            throws Exception {
        double[] ramp = new double[60];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 10 * i;
        }
        try (TraceExporter gen = new TraceExporter("shop", 1, ramp, 1, 10, WALL);
             PrometheusServer prom = PrometheusServer.start(tmp.resolve("prom"), 0.5, List.of(gen.port()))) {
            double step = 0.5;
            ServeConfig cfg = new ServeConfig(new ServeConfig.Prometheus(prom.url(), 2.0, 0.2),
                    TraceExporter.queries("2s"), new ServeConfig.Service(step, 10.0, 0.5, 8.0, 0.1, 0.0),
                    new ServeConfig.Guard(1, 100, 100, 3.0, 0.7, 0.0), null);
            assertThat(WarmUp.steps(cfg)).isEqualTo(24);
            PrometheusClient client = new PrometheusClient(prom.url(), Duration.ofSeconds(2));
            SampleReader reader = new SampleReader(client, cfg.queries());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!hasRate(reader, WALL.getAsDouble())) {
                assertThat(System.nanoTime()).as("the rate's first point within 20 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            // 12 s of history (24 intervals of 0.5 s) before the first decision, all of it ingested
            double now = Math.ceil((WALL.getAsDouble() + 13) * 2) / 2;
            while (WALL.getAsDouble() < now + 1.5) {
                Thread.sleep(100);
            }
            DoubleSupplier clock = () -> now;
            ServedPolicy served = ServedPolicy.named("mpc:holt", cfg);
            ScaledTarget w0 = new ScaledTarget("shop", "w0", Map.of());
            Path logFile = tmp.resolve("decisions.jsonl");
            ScalerMetrics metrics = new ScalerMetrics();
            long value;
            try (DecisionLog log = DecisionLog.open(logFile);
                 ExternalScaler scaler = new ExternalScaler(cfg, served, reader,
                         WarmUp.prometheus(client, cfg), log, metrics, clock);
                 ScalerServer server = ScalerServer.start(scaler, metrics, ScalerServer.Listen.loopback(0, -1))) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
                try {
                    ScaledObjectRef ref = ScaledObjectRef.newBuilder().setNamespace("shop").setName("w0").build();
                    value = ExternalScalerGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                            .getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).build())
                            .getMetricValues(0).getMetricValue();
                } finally {
                    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
            Decision first = new ObjectMapper().readValue(Files.readAllLines(logFile).get(0), Decision.class);
            assertThat(first.source()).as(first.reason()).isEqualTo(Decision.POLICY);
            assertThat(value).isEqualTo(first.desired() * 1000L);

            // the same history, asked by the test: the known ramp, 10 req/s more every second
            List<PrometheusClient.Sample> range = client.queryRange(w0.fill(cfg.queries().requestRate()),
                    now - 24 * step, now - step, step);
            assertThat(range).hasSize(24);
            double[] history = range.stream().mapToDouble(PrometheusClient.Sample::value).toArray();
            assertThat(history[23] - history[3]).isCloseTo(100, within(25.0));
            assertThat(first.sample().arrivalRate()).isGreaterThan(history[23]);

            Trace trace = new Trace("live", step, new double[] {100 * 10.0 * 0.7});
            PolicyRegistry.Factory f = PolicyRegistry.defaults().factory("mpc:holt");
            Decider inProcess = new Decider("mpc:holt", f.create(new PolicyRegistry.Context(trace, cfg.env(),
                    new double[0], history, 0L)), cfg.env().spec(), cfg.guard());
            assertThat(first.desired()).as(first.reason()).isEqualTo(inProcess.decide(w0, first.sample()).desired());
            assertThat(first.reason()).contains("; warmed with 0.2 min of request-rate history (24 points)");
            // what the scaler did before it was warmed: the same policy with no history
            Decider cold = new Decider("mpc:holt", served.create(), cfg.env().spec(), cfg.guard());
            assertThat(cold.decide(w0, first.sample()).desired()).isLessThan(first.desired());
            // shadow's replay of that one interval warms its policy the same way
            Shadow shadow = new Shadow(cfg, w0, List.of(served), WarmUp.prometheus(client, cfg));
            shadow.replay(client, now, now);
            assertThat(shadow.intervals()).isEqualTo(1);
            assertThat(shadow.summaries().get(1).meanReplicas()).isEqualTo(first.desired());
        }
    }
}
