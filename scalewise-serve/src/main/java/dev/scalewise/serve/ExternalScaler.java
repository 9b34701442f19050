package dev.scalewise.serve;

import dev.scalewise.serve.grpc.ExternalScalerGrpc;
import dev.scalewise.serve.grpc.GetMetricSpecResponse;
import dev.scalewise.serve.grpc.GetMetricsRequest;
import dev.scalewise.serve.grpc.GetMetricsResponse;
import dev.scalewise.serve.grpc.IsActiveResponse;
import dev.scalewise.serve.grpc.MetricSpec;
import dev.scalewise.serve.grpc.MetricValue;
import dev.scalewise.serve.grpc.ScaledObjectRef;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * KEDA's external scaler ({@code externalscaler.proto}): one {@link Decider} per ScaledObject, refreshed once per
 * decision interval from Prometheus, its policy warmed with the ScaledObject's request-rate history before its
 * first decision ({@link WarmUp}); KEDA's calls read the latest decision, so a {@code GetMetrics} costs a map
 * look-up on the transport's thread, not a Prometheus round trip (the first call for a new ScaledObject is decided on
 * a worker thread and answered from there).
 *
 * <p>{@code GetMetricSpec} names one metric with target {@code metric.targetMilli}; {@code GetMetrics} reports
 * {@code desired x targetMilli} ({@link HpaArithmetic}). {@code IsActive} is true while the desired count is above
 * zero. A malformed ScaledObjectRef is answered {@code INVALID_ARGUMENT}; a ScaledObject with no decision yet (no
 * metrics) {@code UNAVAILABLE}, so KEDA keeps the current scale. At most {@link #MAX_TARGETS} ScaledObjects are
 * tracked; one not asked about for ten minutes (or ten intervals) is forgotten.
 */
public final class ExternalScaler extends ExternalScalerGrpc.ExternalScalerImplBase implements AutoCloseable {
    public static final int MAX_TARGETS = 1000;
    /** A ScaledObject not asked about for this long (or ten intervals, if longer) is forgotten. */
    static final double IDLE_SECONDS = 600;

    private final ServeConfig config;
    private final ServedPolicy policy;
    private final SampleSource reader;
    private final WarmUp.Source warmUp;
    private final DecisionLog log;
    private final ScalerMetrics metrics;
    private final DoubleSupplier clock;
    private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scalewise-tick"));
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> daemon(r, "scalewise-decide"));

    private static final class Target {
        final ScaledTarget target;
        final Decider decider;
        volatile Decision last;
        volatile double lastAsked;

        Target(ScaledTarget target, Decider decider) {
            this.target = target;
            this.decider = decider;
        }
    }

    /**
     * @param warmUp the history each ScaledObject's policy is warmed with before its first decision (and after a
     *               stale gap): {@link WarmUp#prometheus} when serving
     * @param clock  Unix seconds (the wall clock when serving; tests may pass their own)
     */
    public ExternalScaler(ServeConfig config, ServedPolicy policy, SampleSource reader, WarmUp.Source warmUp,
                          DecisionLog log, ScalerMetrics metrics, DoubleSupplier clock) {
        this.config = config;
        this.policy = policy;
        this.reader = reader;
        this.warmUp = warmUp;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        long tickMs = (long) Math.max(100, Math.min(1000, config.service().stepSeconds() * 1000 / 4));
        ticker.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The latest decision for {@code namespace/name}, or null. */
    public Decision last(String key) {
        Target t = targets.get(key);
        return t == null ? null : t.last;
    }

    /** ScaledObjects tracked now. */
    public int tracked() {
        return targets.size();
    }

    private void tick() {
        double now = clock.getAsDouble();
        double step = config.service().stepSeconds();
        List<Future<?>> running = new java.util.ArrayList<>();
        for (Target t : targets.values()) {
            if (now - t.lastAsked > Math.max(10 * step, IDLE_SECONDS)) {
                targets.remove(t.target.key(), t);
                continue;
            }
            Decision last = t.last;
            if (last == null || now - last.time() >= step - 1e-6) {
                running.add(workers.submit(() -> refresh(t, false)));
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                // refresh() logs its own failures; nothing else to do here
            }
        }
    }

    /** Reads and decides for one target; {@code firstOnly}: only when it has no decision yet (first KEDA call). */
    private void refresh(Target t, boolean firstOnly) {
        synchronized (t) {
            if (firstOnly && t.last != null) {
                return;
            }
            double now = clock.getAsDouble();
            long start = System.nanoTime();
            Decision d;
            try {
                LiveSample s = reader.read(t.target, now);
                d = t.decider.decide(t.target, s);
            } catch (IOException | RuntimeException e) {
                d = t.decider.failed(t.target, now, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            t.last = d;
            metrics.record(d, (System.nanoTime() - start) / 1e9);
            log.write(d);
        }
    }

    /**
     * The tracked target of {@code ref}, or a new one (not yet decided). The hot path for a known ScaledObject with
     * unchanged metadata is one map look-up and a metadata comparison: the ref was checked when first tracked.
     */
    private Target target(ScaledObjectRef ref) {
        Target t = targets.get(ref.getNamespace() + "/" + ref.getName());
        if (t == null || !t.target.metadata().equals(ref.getScalerMetadataMap())) {
            ScaledTarget st = new ScaledTarget(ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap());
            if (t == null) {
                if (targets.size() >= MAX_TARGETS) {
                    throw Status.RESOURCE_EXHAUSTED.withDescription("already tracking " + MAX_TARGETS
                            + " ScaledObjects").asRuntimeException();
                }
                t = targets.computeIfAbsent(st.key(), k -> new Target(st, policy.decider(warmUp)));
            }
        }
        t.lastAsked = clock.getAsDouble();
        return t;
    }

    /**
     * Answers with {@code body} on the target of {@code ref} now when it has a decision; otherwise (the first call
     * for a new ScaledObject) decides on a worker thread and answers from there, so that a Prometheus round trip
     * never runs on the transport's threads (calls run on the event loop: {@link ScalerServer}).
     */
    private <T> void withTarget(String method, ScaledObjectRef ref, StreamObserver<T> out,
                                java.util.function.Function<Target, T> body) {
        Target t;
        try {
            t = target(ref);
        } catch (RuntimeException e) {
            answer(method, out, null, x -> {
                throw e;
            });
            return;
        }
        if (t.last != null) {
            answer(method, out, t, body);
            return;
        }
        try {
            workers.execute(() -> {
                refresh(t, true);
                answer(method, out, t, body);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer(method, out, t, x -> {
                throw Status.UNAVAILABLE.withDescription("scaler shutting down").asRuntimeException();
            });
        }
    }

    private int desired(Target t) {
        Decision d = t.last;
        if (d == null || d.desired() < 0) {
            throw Status.UNAVAILABLE.withDescription(d == null ? "no decision yet for " + t.target.key() : d.reason())
                    .asRuntimeException();
        }
        return d.desired();
    }

    private <T> void answer(String method, StreamObserver<T> out, Target t,
                            java.util.function.Function<Target, T> body) {
        try {
            T value = body.apply(t);
            out.onNext(value);
            out.onCompleted();
        } catch (IllegalArgumentException e) {
            metrics.grpcError(method);
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (io.grpc.StatusRuntimeException e) {
            metrics.grpcError(method);
            out.onError(e);
        } catch (RuntimeException e) {
            metrics.grpcError(method);
            out.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException());
        }
    }

    @Override
    public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> out) {
        withTarget("IsActive", request, out, t -> IsActiveResponse.newBuilder().setResult(desired(t) > 0).build());
    }

    @Override
    public void streamIsActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> out) {
        Target t;
        try {
            t = target(request);
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (io.grpc.StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        ServerCallStreamObserver<IsActiveResponse> server = (ServerCallStreamObserver<IsActiveResponse>) out;
        long periodMs = (long) (config.service().stepSeconds() * 1000);
        java.util.concurrent.ScheduledFuture<?>[] task = new java.util.concurrent.ScheduledFuture<?>[1];
        Runnable stream = () -> task[0] = ticker.scheduleAtFixedRate(() -> {
            if (server.isCancelled()) {
                if (task[0] != null) { // else the next run cancels it
                    task[0].cancel(false);
                }
                return;
            }
            Decision d = t.last;
            t.lastAsked = clock.getAsDouble();
            if (d != null && d.desired() >= 0) {
                synchronized (server) {
                    server.onNext(IsActiveResponse.newBuilder().setResult(d.desired() > 0).build());
                }
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
        if (t.last == null) { // decide first (off the transport's threads), then stream
            workers.execute(() -> {
                refresh(t, true);
                stream.run();
            });
        } else {
            stream.run();
        }
        server.setOnCancelHandler(() -> {
            if (task[0] != null) {
                task[0].cancel(false);
            }
        });
    }

    @Override
    public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> out) {
        answer("GetMetricSpec", out, null, x -> {
            new ScaledTarget(request.getNamespace(), request.getName(), request.getScalerMetadataMap());
            long target = config.metric().targetMilli();
            return GetMetricSpecResponse.newBuilder().addMetricSpecs(MetricSpec.newBuilder()
                    .setMetricName(config.metric().name()).setTargetSize(target).setTargetSizeFloat(target)).build();
        });
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
        String name = request.getMetricName();
        String ours = config.metric().name();
        String bad = null;
        if (!name.isEmpty() && !name.equals(ours) && !name.endsWith("-" + ours)) {
            bad = "unknown metric '" + (name.length() > 64 ? name.substring(0, 64) : name) + "'; this scaler serves '"
                    + ours + "'";
        } else if (!request.hasScaledObjectRef()) {
            bad = "GetMetricsRequest has no scaledObjectRef";
        }
        if (bad != null) {
            String why = bad;
            answer("GetMetrics", out, null, x -> {
                throw new IllegalArgumentException(why);
            });
            return;
        }
        String reported = name.isEmpty() ? ours : name;
        long target = config.metric().targetMilli();
        withTarget("GetMetrics", request.getScaledObjectRef(), out, t -> {
            long value = HpaArithmetic.metricValue(desired(t), target);
            return GetMetricsResponse.newBuilder().addMetricValues(MetricValue.newBuilder()
                    .setMetricName(reported).setMetricValue(value).setMetricValueFloat(value)).build();
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
