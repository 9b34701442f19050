package dev.scalewise.serve;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.EnvConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scaler's configuration file (YAML, {@code docs/serve.md}): where Prometheus is, the PromQL queries that give
 * the observations, what one replica of the service can do (the numbers the policies were built for), the guard
 * rails and the metric KEDA reads. Every field has a default; a file only names what differs.
 *
 * <p>Queries may use placeholders filled per ScaledObject: {@code $namespace}, {@code $name} (the ScaledObject's
 * name) and any key of the ScaledObject's {@code metadata} (e.g. {@code $deployment}, {@code $service}; both default
 * to the ScaledObject's name).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServeConfig(@JsonProperty("prometheus") Prometheus prometheus,
                          @JsonProperty("queries") Queries queries,
                          @JsonProperty("service") Service service,
                          @JsonProperty("guard") Guard guard,
                          @JsonProperty("metric") Metric metric) {

    /**
     * Where Prometheus answers, how long one query may take, and how much request-rate history warms a served policy.
     *
     * @param url            base URL
     * @param timeoutSeconds the longest one query may take
     * @param warmupMinutes  minutes of the {@code requestRate} query's history before a ScaledObject's first decision
     *                       (and before the first one after a stale gap) that its policy is given as the rates observed
     *                       before it ({@link WarmUp}); 0: none. Default {@link #DEFAULT_WARMUP_MINUTES} (one day, the
     *                       daily season of the predictive policies), or the longest allowed if that is shorter: at most
     *                       {@link Backtest#MAX_STEPS} intervals of {@code service.stepSeconds} (Prometheus's limit
     *                       of points per query)
     */
    public record Prometheus(@JsonProperty("url") String url, @JsonProperty("timeoutSeconds") Double timeoutSeconds,
                             @JsonProperty("warmupMinutes") Double warmupMinutes) {
        /** One day. */
        public static final double DEFAULT_WARMUP_MINUTES = 1440;

        public Prometheus {
            url = url == null ? "http://127.0.0.1:9090" : url;
            timeoutSeconds = timeoutSeconds == null ? 2.0 : timeoutSeconds;
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("prometheus.url must start with http:// or https://, got '" + url + "'");
            }
            positive("prometheus.timeoutSeconds", timeoutSeconds);
            if (warmupMinutes != null) {
                nonNegative("prometheus.warmupMinutes", warmupMinutes);
            }
        }
    }

    /**
     * PromQL for each observation. Defaults: an ingress-nginx request counter and kube-state-metrics' deployment
     * gauges. Empty optional queries are not asked.
     *
     * @param requestRate     requests/s arriving at the service (required)
     * @param readyReplicas   ready replicas (required)
     * @param desiredReplicas replicas in the deployment's spec (required; the policy's "current" instances)
     * @param sampleTime      the Unix time of the newest raw sample behind the replica gauges, for staleness
     *                        (optional; {@code timestamp()} of a plain selector)
     * @param latencyP95      p95 response time in seconds (optional)
     * @param queueLength     requests waiting (optional)
     * @param utilization     measured load per ready replica in [0, 1] (optional; else offered load
     *                        {@code rate / (ready x serviceRate)})
     */
    public record Queries(@JsonProperty("requestRate") String requestRate,
                          @JsonProperty("readyReplicas") String readyReplicas,
                          @JsonProperty("desiredReplicas") String desiredReplicas,
                          @JsonProperty("sampleTime") String sampleTime,
                          @JsonProperty("latencyP95") String latencyP95,
                          @JsonProperty("queueLength") String queueLength,
                          @JsonProperty("utilization") String utilization) {
        public Queries {
            requestRate = orDefault(requestRate,
                    "sum(rate(nginx_ingress_controller_requests{exported_namespace=\"$namespace\",exported_service=\"$service\"}[1m]))");
            readyReplicas = orDefault(readyReplicas,
                    "sum(kube_deployment_status_replicas_ready{namespace=\"$namespace\",deployment=\"$deployment\"})");
            desiredReplicas = orDefault(desiredReplicas,
                    "sum(kube_deployment_spec_replicas{namespace=\"$namespace\",deployment=\"$deployment\"})");
            sampleTime = orDefault(sampleTime,
                    "max(timestamp(kube_deployment_status_replicas_ready{namespace=\"$namespace\",deployment=\"$deployment\"}))");
            latencyP95 = latencyP95 == null ? "" : latencyP95;
            queueLength = queueLength == null ? "" : queueLength;
            utilization = utilization == null ? "" : utilization;
        }

        private static String orDefault(String v, String d) {
            return v == null || v.isBlank() ? d : v;
        }
    }

    /**
     * What the policies know about the service (their {@link dev.scalewise.env.EnvSpec}).
     *
     * @param stepSeconds      decision interval: the policies decide once per interval, as in the simulator
     * @param serviceRate      requests/s one ready replica serves
     * @param sloSeconds       p95 latency objective
     * @param bootDelaySeconds launch-to-ready delay of a replica
     * @param pricePerHour     dollars per replica-hour (estimated cost in shadow)
     * @param peakRate         the expected peak rate for static provisioning (0: maxReplicas x serviceRate x 0.7)
     */
    public record Service(@JsonProperty("stepSeconds") Double stepSeconds,
                          @JsonProperty("serviceRate") Double serviceRate,
                          @JsonProperty("sloSeconds") Double sloSeconds,
                          @JsonProperty("bootDelaySeconds") Double bootDelaySeconds,
                          @JsonProperty("pricePerHour") Double pricePerHour,
                          @JsonProperty("peakRate") Double peakRate) {
        public Service {
            stepSeconds = stepSeconds == null ? 30.0 : stepSeconds;
            serviceRate = serviceRate == null ? 10.0 : serviceRate;
            sloSeconds = sloSeconds == null ? 0.5 : sloSeconds;
            bootDelaySeconds = bootDelaySeconds == null ? 60.0 : bootDelaySeconds;
            pricePerHour = pricePerHour == null ? 0.10 : pricePerHour;
            peakRate = peakRate == null ? 0.0 : peakRate;
            positive("service.stepSeconds", stepSeconds);
            positive("service.serviceRate", serviceRate);
            positive("service.sloSeconds", sloSeconds);
            nonNegative("service.bootDelaySeconds", bootDelaySeconds);
            nonNegative("service.pricePerHour", pricePerHour);
            nonNegative("service.peakRate", peakRate);
        }
    }

    /**
     * Guard rails around every decision.
     *
     * @param minReplicas         never ask for fewer
     * @param maxReplicas         never ask for more
     * @param maxStep             never change by more than this many replicas in one decision
     * @param staleSeconds        replica samples older than this are stale: fall back
     * @param fallbackUtilization target load per replica of the fallback (HPA-like target tracking)
     * @param maxRate             request rates above this are outside what the policy was built for: fall back
     *                            (0: no limit; with {@code --model} the run's {@link TrainedRange} is checked as well)
     */
    public record Guard(@JsonProperty("minReplicas") Integer minReplicas,
                        @JsonProperty("maxReplicas") Integer maxReplicas,
                        @JsonProperty("maxStep") Integer maxStep,
                        @JsonProperty("staleSeconds") Double staleSeconds,
                        @JsonProperty("fallbackUtilization") Double fallbackUtilization,
                        @JsonProperty("maxRate") Double maxRate) {
        public Guard {
            minReplicas = minReplicas == null ? 1 : minReplicas;
            maxReplicas = maxReplicas == null ? 20 : maxReplicas;
            maxStep = maxStep == null ? 4 : maxStep;
            staleSeconds = staleSeconds == null ? 90.0 : staleSeconds;
            fallbackUtilization = fallbackUtilization == null ? 0.7 : fallbackUtilization;
            maxRate = maxRate == null ? 0.0 : maxRate;
            if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
                throw new IllegalArgumentException("guard: need 0 <= minReplicas <= maxReplicas and maxReplicas >= 1, got "
                        + minReplicas + " and " + maxReplicas);
            }
            if (maxStep < 1) {
                throw new IllegalArgumentException("guard.maxStep must be >= 1, got " + maxStep);
            }
            positive("guard.staleSeconds", staleSeconds);
            if (!(fallbackUtilization > 0 && fallbackUtilization <= 1)) {
                throw new IllegalArgumentException("guard.fallbackUtilization must be in (0, 1], got " + fallbackUtilization);
            }
            nonNegative("guard.maxRate", maxRate);
        }

        public Guard withMaxRate(double r) {
            return new Guard(minReplicas, maxReplicas, maxStep, staleSeconds, fallbackUtilization, r);
        }
    }

    /**
     * The external metric KEDA reads: an {@code AverageValue} target of {@code targetMilli} and a value of
     * {@code desired x targetMilli}, so that the HPA's {@code ceil(value / target)} is the desired count
     * ({@link HpaArithmetic}).
     */
    public record Metric(@JsonProperty("name") String name, @JsonProperty("targetMilli") Long targetMilli) {
        public Metric {
            name = name == null ? "scalewise-desired-replicas" : name;
            targetMilli = targetMilli == null ? 1000L : targetMilli;
            if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("metric.name must be a DNS label (a-z, 0-9, '-'), got '" + name + "'");
            }
            if (targetMilli < 1) {
                throw new IllegalArgumentException("metric.targetMilli must be >= 1, got " + targetMilli);
            }
        }
    }

    public ServeConfig {
        prometheus = prometheus == null ? new Prometheus(null, null, null) : prometheus;
        queries = queries == null ? new Queries(null, null, null, null, null, null, null) : queries;
        service = service == null ? new Service(null, null, null, null, null, null) : service;
        double longest = Backtest.MAX_STEPS * service.stepSeconds() / 60;
        if (prometheus.warmupMinutes() == null) {
            prometheus = new Prometheus(prometheus.url(), prometheus.timeoutSeconds(),
                    Math.min(Prometheus.DEFAULT_WARMUP_MINUTES, longest));
        } else if (prometheus.warmupMinutes() > longest) {
            throw new IllegalArgumentException("prometheus.warmupMinutes " + prometheus.warmupMinutes() + " is "
                    + (long) Math.floor(prometheus.warmupMinutes() * 60 / service.stepSeconds())
                    + " intervals of service.stepSeconds " + service.stepSeconds() + "; at most " + Backtest.MAX_STEPS
                    + " (Prometheus's points per query), i.e. " + WarmUp.History.fmt(longest) + " min");
        }
        guard = guard == null ? new Guard(null, null, null, null, null, null) : guard;
        metric = metric == null ? new Metric(null, null) : metric;
    }

    /** All defaults. */
    public static ServeConfig defaults() {
        return new ServeConfig(null, null, null, null, null);
    }

    public ServeConfig withPrometheusUrl(String url) {
        return new ServeConfig(new Prometheus(url, prometheus.timeoutSeconds(), prometheus.warmupMinutes()), queries,
                service, guard, metric);
    }

    public ServeConfig withGuard(Guard g) {
        return new ServeConfig(prometheus, queries, service, g, metric);
    }

    /** Reads a YAML file; a bad field is reported on one line with the file, the field's path and the reason. */
    public static ServeConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--config " + file + ": no such file");
        }
        if (Files.size(file) > 1 << 20) {
            throw new IllegalArgumentException("--config " + file + ": larger than 1 MiB");
        }
        try {
            ServeConfig c = yaml.readValue(file.toFile(), ServeConfig.class);
            return c == null ? defaults() : c;
        } catch (JsonProcessingException e) {
            String where = "";
            if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
                where = ": " + m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : Integer.toString(r.getIndex())).collect(java.util.stream.Collectors.joining("."));
            } else if (e.getLocation() != null) {
                where = ":" + e.getLocation().getLineNr();
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(file + where + ": " + why.lines().findFirst().orElse(why), e);
        }
    }

    /** The simulator environment these numbers describe (for the policies' {@link dev.scalewise.env.EnvSpec}). */
    public EnvConfig env() {
        EnvConfig d = EnvConfig.defaults();
        ClusterConfig cluster = d.cluster().withBounds(guard.minReplicas(), guard.maxReplicas(),
                        Math.max(guard.minReplicas(), 1))
                .withBootDelaySeconds(service.bootDelaySeconds()).withPricePerHour(service.pricePerHour());
        return d.withStepSeconds(service.stepSeconds()).withServiceRate(service.serviceRate())
                .withSloSeconds(service.sloSeconds()).withCluster(cluster);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
    }
}
