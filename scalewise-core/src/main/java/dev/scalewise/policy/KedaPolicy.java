package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.List;

/**
 * KEDA: its operator ({@link KedaOperator}) activates the workload 0 -&gt; 1 and deactivates it 1 -&gt; 0; the HPA
 * it creates scales 1 &lt;-&gt; N on the <b>trigger's own metric</b> (KEDA documentation, "Scaling Deployments";
 * {@code controllers/keda/hpa.go}): an external metric with an {@code AverageValue} target of {@code threshold}
 * per replica, {@code desired = ceil(metric total / threshold)} outside the tolerance
 * ({@link HpaReplicaCalculator#externalAverageValueReplicas}). No CPU ceiling, no unready-pod handling, and the
 * legacy rules unless {@code advanced.horizontalPodAutoscalerConfig.behavior} is set in {@link KedaConfig#hpa}.
 *
 * <ul>
 *   <li>Metric: the request-rate trigger reads the last step's arrival rate (requests/s, all replicas), as a
 *   Prometheus query on the request counter's rate; the queue-length trigger reads the backlog. The HPA reads the
 *   same value through KEDA's metrics server at its own syncs.</li>
 *   <li>Polls (every {@code pollingIntervalSeconds}) and HPA syncs (every {@code hpa.syncPeriodSeconds}) run in
 *   time order at the times that fall in the step; both see the replicas after the earlier ones.</li>
 *   <li>The HPA's bounds are {@code max(1, minReplicaCount)} to {@code min(maxReplicaCount, cluster max)};
 *   at zero replicas it is disabled. Scale to zero needs the cluster's {@code minInstances} at 0; otherwise the
 *   environment clamps the request and reports it.</li>
 * </ul>
 */
public final class KedaPolicy implements Policy, ExplainablePolicy {
    private final KedaConfig config;
    private final KedaOperator operator;
    private HpaController hpa;
    private double dt;
    private double nextPoll;
    private double nextSync;
    private long thresholdMilli;
    private static final RuleText NO_POLL_OR_SYNC = RuleText.of("no poll or sync in this step");
    private RuleText lastRule = RuleText.of("no decision yet");

    public KedaPolicy(KedaConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.operator = new KedaOperator(config);
    }

    public static KedaPolicy defaults() {
        return new KedaPolicy(KedaConfig.defaults());
    }

    public KedaConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "keda";
    }

    @Override
    public void reset(EnvSpec spec) {
        int min = Math.max(1, config.minReplicaCount());
        int max = Math.max(min, Math.min(config.maxReplicaCount(), spec.maxInstances()));
        hpa = new HpaController(config.hpa(), min, max);
        operator.reset();
        dt = spec.stepSeconds();
        nextPoll = 0;
        nextSync = 0;
        thresholdMilli = Math.max(1, (long) (config.thresholdFor(spec.serviceRate()) * 1000));
        lastRule = RuleText.of("no decision yet");
    }

    @Override
    public String lastRule() {
        return lastRule.toString();
    }

    /** The trigger's metric in an observation. */
    double metric(Observation o) {
        return config.trigger() == KedaConfig.Trigger.REQUEST_RATE ? o.arrivalRate() : o.backlog();
    }

    @Override
    public int act(Observation o) {
        double stepStart = o.step() * dt;
        double stepEnd = stepStart + dt;
        int current = o.instances();
        double metric = metric(o);
        // KEDA reports the metric in milli-units, truncated (GenerateMetricInMili).
        long usageMilli = (long) (metric * 1000);
        RuleText rules = null;
        while (Math.min(nextPoll, nextSync) < stepEnd - 1e-9) {
            if (nextPoll <= nextSync) {
                double now = Math.max(nextPoll, stepStart);
                java.util.OptionalInt to = operator.poll(now, current, metric);
                if (to.isPresent()) {
                    current = to.getAsInt();
                    rules = RuleText.concat("operator: ", operator.lastRuleText());
                }
                nextPoll = now + config.pollingIntervalSeconds();
            } else {
                double now = Math.max(nextSync, stepStart);
                List<HpaReplicaCalculator.MetricRecommendation> m = current == 0 ? List.of()
                        : List.of(HpaReplicaCalculator.externalAverageValueReplicas(current, usageMilli, thresholdMilli,
                                config.hpa().tolerances()));
                int next = hpa.sync(now, current, m);
                if (next != current || rules == null) {
                    rules = RuleText.concat("hpa: ", hpa.lastRuleText());
                }
                current = next;
                nextSync = now + config.hpa().syncPeriodSeconds();
            }
        }
        lastRule = rules == null ? NO_POLL_OR_SYNC : rules;
        return current - o.instances();
    }
}
