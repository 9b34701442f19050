package dev.scalewise.serve;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricsRequest;
import dev.scalewise.serve.grpc.GetMetricsResponse;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scaler's benchmark and soak ({@code serve-bench}): a real Prometheus scraping a {@link TraceExporter} of
 * {@code objects} deployments, the scaler on loopback reading it, and an open-loop grpc-java client calling
 * {@code GetMetrics} at a fixed rate, round-robin over the ScaledObjects, for a bounded duration. Latency is measured
 * by the client per call (send to answer). Errors: failed calls, wrong answers (not a multiple of the target) and
 * decisions the scaler could not take from Prometheus (holds).
 */
public final class ScalerLoad {

    /**
     * What a run measured.
     *
     * @param serverP50Micros the scaler's own GetMetrics handling time (its {@code scalewise_grpc_seconds} histogram,
     *                        warm-up excluded), median, interpolated within the bucket as Prometheus's
     *                        {@code histogram_quantile} does
     * @param serverP99Micros the same, 99th percentile
     */
    public record Result(long calls, long failedCalls, long badAnswers, long decisions, long holds, long fallbacks,
                         double seconds, double p50Micros, double p99Micros, double maxMicros,
                         double serverUnder1msFraction, double serverP50Micros, double serverP99Micros) {

        public long errors() {
            return failedCalls + badAnswers + holds;
        }

        public String text() {
            return String.format(Locale.ROOT, "GetMetrics calls %d in %.0f s (%.1f/s)%n"
                            + "  server-side (scalewise_grpc_seconds): p50 %.1f us, p99 %.1f us; <= 1 ms: %.2f%% of calls%n"
                            + "  client round trip: p50 %.0f us, p99 %.0f us, max %.0f us%n"
                            + "  errors %d (failed calls %d, bad answers %d, holds %d); decisions %d, fallbacks %d%n",
                    calls, seconds, calls / seconds, serverP50Micros, serverP99Micros, 100 * serverUnder1msFraction,
                    p50Micros, p99Micros, maxMicros, errors(), failedCalls, badAnswers, holds, decisions, fallbacks);
        }
    }

    private ScalerLoad() {
    }

    /**
     * Runs the whole set-up for {@code seconds}.
     *
     * @param dir     scratch folder (Prometheus data, decision log)
     * @param policy  the policy to serve
     * @param objects ScaledObjects (deployments of the exporter)
     * @param rate    GetMetrics calls per second
     * @param wall    the wall clock in seconds: the exporter, Prometheus and the scaler run in real time (the caller's
     *                clock, as {@code serve} injects its own into {@link ExternalScaler})
     */
    public static Result run(Path dir, String policy, int objects, double rate, double seconds,
                             java.util.function.DoubleSupplier wall) throws IOException, InterruptedException {
        if (objects < 1 || objects > ExternalScaler.MAX_TARGETS || !(rate > 0) || rate > 10_000 || !(seconds > 0)
                || seconds > 3600) {
            throw new IllegalArgumentException("serve-bench: need 1 <= --objects <= " + ExternalScaler.MAX_TARGETS
                    + ", 0 < --rate <= 10000, 0 < --duration <= 3600");
        }
        double[] trace = new double[60];
        for (int i = 0; i < trace.length; i++) {
            trace[i] = 40 + 25 * Math.sin(2 * Math.PI * i / trace.length);
        }
        try (TraceExporter gen = new TraceExporter("bench", objects, trace, 5, 4, wall);
             PrometheusServer prom = PrometheusServer.start(dir.resolve("prometheus"), 1, List.of(gen.port()))) {
            ServeConfig cfg = new ServeConfig(new ServeConfig.Prometheus(prom.url(), 2.0, null),
                    TraceExporter.queries("10s"),
                    new ServeConfig.Service(5.0, 10.0, 0.5, 10.0, 0.1, 0.0), null, null);
            ScalerMetrics metrics = new ScalerMetrics();
            PrometheusClient client = new PrometheusClient(prom.url(), java.time.Duration.ofSeconds(2));
            awaitData(new SampleReader(client, cfg.queries()), objects, wall);
            try (DecisionLog log = DecisionLog.open(dir.resolve("decisions.jsonl"));
                 ExternalScaler scaler = new ExternalScaler(cfg, ServedPolicy.named(policy, cfg),
                         new SampleReader(client, cfg.queries()), WarmUp.prometheus(client, cfg), log, metrics, wall);
                 ScalerServer server = ScalerServer.start(scaler, metrics, ScalerServer.Listen.loopback(0, -1))) {
                long[][] warm = new long[1][];
                Result r = load(server.port(), objects, rate, seconds, cfg.metric().targetMilli(),
                        () -> warm[0] = buckets(metrics));
                long[] all = buckets(metrics);
                for (int i = 0; i < all.length; i++) {
                    all[i] -= warm[0] == null ? 0 : warm[0][i];
                }
                long decisions = 0;
                long holds = 0;
                long fallbacks = 0;
                for (String line : java.nio.file.Files.readAllLines(dir.resolve("decisions.jsonl"))) {
                    decisions++;
                    holds += line.contains("\"source\":\"hold\"") ? 1 : 0;
                    fallbacks += line.contains("\"source\":\"fallback\"") ? 1 : 0;
                }
                return new Result(r.calls(), r.failedCalls(), r.badAnswers(), decisions, holds, fallbacks, r.seconds(),
                        r.p50Micros(), r.p99Micros(), r.maxMicros(), underOneMs(metrics, all),
                        1e6 * quantile(metrics, all, 0.5), 1e6 * quantile(metrics, all, 0.99));
            }
        }
    }

    /**
     * Waits (at most 60 s) until Prometheus has every reading of every ScaledObject (two scrapes: rates exist), so
     * that the soak starts on data and a hold it counts is a real failure, not a slow start.
     */
    private static void awaitData(SampleReader reader, int objects, java.util.function.DoubleSupplier wall)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < objects; i++) {
            ScaledTarget t = new ScaledTarget("bench", "w" + i, java.util.Map.of());
            while (true) {
                try {
                    reader.read(t, wall.getAsDouble());
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("serve-bench: Prometheus had no data for " + t.key() + " after 60 s: "
                                + e.getMessage());
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * The open-loop client: {@code rate} calls per second for {@code seconds}, latencies measured per call, after a
     * warm-up that calls every ScaledObject once (then {@code afterWarmUp} runs). Callbacks run on the channel's
     * event loop (no hand-off to another thread, as on the server).
     */
    public static Result load(int port, int objects, double rate, double seconds, long target, Runnable afterWarmUp)
            throws InterruptedException {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
        ScheduledExecutorService sched = Executors.newSingleThreadScheduledExecutor();
        try {
            var stub = ExternalScalerGrpc.newFutureStub(ch);
            List<GetMetricsRequest> requests = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                requests.add(GetMetricsRequest.newBuilder().setMetricName("scalewise-desired-replicas").setScaledObjectRef(
                        ScaledObjectRef.newBuilder().setNamespace("bench").setName("w" + i)).build());
            }
            // warm-up: every ScaledObject once (its first decision is taken synchronously)
            for (GetMetricsRequest r : requests) {
                try {
                    stub.getMetrics(r).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // counted in the run below if it persists
                }
            }
            afterWarmUp.run();
            long total = Math.max(1, Math.round(rate * seconds));
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong failed = new AtomicLong();
            AtomicLong bad = new AtomicLong();
            CountDownLatch done = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, total));
            AtomicLong sent = new AtomicLong();
            long periodNanos = Math.round(1e9 / rate);
            long start = System.nanoTime();
            sched.scheduleAtFixedRate(() -> {
                long k = sent.getAndIncrement();
                if (k >= total) {
                    return;
                }
                long t0 = System.nanoTime();
                Futures.addCallback(stub.withDeadlineAfter(5, TimeUnit.SECONDS).getMetrics(requests.get((int) (k % objects))),
                        new FutureCallback<GetMetricsResponse>() {
                            @Override
                            public void onSuccess(GetMetricsResponse r) {
                                latencies.add(System.nanoTime() - t0);
                                long v = r.getMetricValues(0).getMetricValue();
                                if (v <= 0 || v % target != 0) {
                                    bad.incrementAndGet();
                                }
                                done.countDown();
                            }

                            @Override
                            public void onFailure(Throwable t) {
                                failed.incrementAndGet();
                                done.countDown();
                            }
                        }, MoreExecutors.directExecutor());
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            done.await((long) (seconds + 30), TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long missing = total - l.length - failed.get();
            return new Result(total, failed.get() + Math.max(0, missing), bad.get(), 0, 0, 0, Math.min(elapsed, seconds),
                    quantile(l, 0.5) / 1e3, quantile(l, 0.99) / 1e3, l.length == 0 ? 0 : l[l.length - 1] / 1e3, Double.NaN,
                    Double.NaN, Double.NaN);
        } finally {
            sched.shutdownNow();
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The GetMetrics bucket counts (not cumulative) of the scaler's {@code scalewise_grpc_seconds} histogram. */
    static long[] buckets(ScalerMetrics metrics) {
        for (var dp : metrics.requestSeconds.collect().getDataPoints()) {
            if ("GetMetrics".equals(dp.getLabels().get("method"))) {
                var b = dp.getClassicBuckets();
                long[] counts = new long[b.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = b.getCount(i);
                }
                return counts;
            }
        }
        return new long[bounds(metrics).length];
    }

    private static double[] bounds(ScalerMetrics metrics) {
        var b = metrics.requestSeconds.collect().getDataPoints().get(0).getClassicBuckets();
        double[] upper = new double[b.size()];
        for (int i = 0; i < upper.length; i++) {
            upper[i] = b.getUpperBound(i);
        }
        return upper;
    }

    /** The share of {@code counts} (GetMetrics calls per bucket) handled in at most 1 ms. */
    static double underOneMs(ScalerMetrics metrics, long[] counts) {
        double[] upper = bounds(metrics);
        long under = 0;
        long all = 0;
        for (int i = 0; i < counts.length; i++) {
            all += counts[i];
            under += upper[i] <= 0.001 ? counts[i] : 0;
        }
        return all == 0 ? Double.NaN : (double) under / all;
    }

    /**
     * The {@code q} quantile (seconds) of {@code counts}, as Prometheus's {@code histogram_quantile} estimates it:
     * linear within the bucket that holds it, from 0 for the first; the highest finite bound when it falls in the
     * +Inf bucket.
     */
    static double quantile(ScalerMetrics metrics, long[] counts, double q) {
        double[] upper = bounds(metrics);
        long all = 0;
        for (long c : counts) {
            all += c;
        }
        if (all == 0) {
            return Double.NaN;
        }
        double rank = q * all;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (below + counts[i] >= rank && counts[i] > 0) {
                if (Double.isInfinite(upper[i])) {
                    return upper[i - 1];
                }
                double lower = i == 0 ? 0 : upper[i - 1];
                return lower + (upper[i] - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return upper[upper.length - 2];
    }

    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

}
