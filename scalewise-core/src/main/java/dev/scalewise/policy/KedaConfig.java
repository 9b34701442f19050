package dev.scalewise.policy;

/**
 * Every knob of the KEDA emulation, with KEDA's {@code ScaledObject} defaults (KEDA documentation, "Scaling
 * Deployments"; {@code pkg/scaling/executor/scale_scaledobjects.go}, {@code controllers/keda/hpa.go}).
 *
 * @param pollingIntervalSeconds        how often the operator checks activation (default 30)
 * @param cooldownPeriodSeconds         scale to zero only when the last active poll is strictly more than this
 *                                      long ago (default 300)
 * @param initialCooldownPeriodSeconds  a ScaledObject never active since creation scales to zero once this long
 *                                      has passed since creation (default 0)
 * @param activationThreshold           the trigger is active while its metric is strictly above this (default 0)
 * @param minReplicaCount               replicas when inactive (default 0: scale to zero; needs the cluster's
 *                                      {@code minInstances} at 0, otherwise the environment clamps)
 * @param maxReplicaCount               upper bound handed to the HPA (default 100, KEDA's default)
 * @param trigger                       the metric KEDA scales on (default the request rate, as a Prometheus
 *                                      trigger on {@code sum(rate(http_requests_total[...]))})
 * @param threshold                     the trigger's {@code threshold}: target metric per replica, the HPA's
 *                                      {@code AverageValue} target; 0 = the trigger's default (request rate:
 *                                      0.7 x the service rate mu, what one replica serves at 70%, as the HPA's
 *                                      CPU target; queue length: 20, the RabbitMQ scaler's default)
 * @param hpa                           the HPA that KEDA creates: sync period, tolerances, downscale window and
 *                                      {@code advanced.horizontalPodAutoscalerConfig.behavior} (null: the legacy
 *                                      rules); its CPU fields and bounds are not used (bounds are
 *                                      {@code max(1, minReplicaCount)..maxReplicaCount})
 */
public record KedaConfig(double pollingIntervalSeconds, double cooldownPeriodSeconds,
                         double initialCooldownPeriodSeconds, double activationThreshold, int minReplicaCount,
                         int maxReplicaCount, Trigger trigger, double threshold, HpaConfig hpa) {

    /** What a KEDA trigger measures. */
    public enum Trigger {
        /** Requests per second (all replicas together); the HPA targets {@code threshold} per replica. */
        REQUEST_RATE,
        /** Requests waiting (the backlog), as a queue scaler's queue length; {@code threshold} per replica. */
        QUEUE_LENGTH
    }

    /** Default threshold of a queue-length trigger (RabbitMQ scaler: 20 messages per replica). */
    public static final double DEFAULT_QUEUE_THRESHOLD = 20;

    public static KedaConfig defaults() {
        return new KedaConfig(30, 300, 0, 0, 0, 100, Trigger.REQUEST_RATE, 0, HpaConfig.defaults());
    }

    /** The earlier six knobs; request-rate trigger with the default threshold, initial cooldown 0. */
    public KedaConfig(double pollingIntervalSeconds, double cooldownPeriodSeconds, double activationThreshold,
                      int minReplicaCount, int maxReplicaCount, HpaConfig hpa) {
        this(pollingIntervalSeconds, cooldownPeriodSeconds, 0, activationThreshold, minReplicaCount, maxReplicaCount,
                Trigger.REQUEST_RATE, 0, hpa);
    }

    public KedaConfig {
        if (!(pollingIntervalSeconds > 0) || !Double.isFinite(pollingIntervalSeconds)) {
            throw new IllegalArgumentException("keda.pollingIntervalSeconds must be a positive finite number, got "
                    + pollingIntervalSeconds);
        }
        if (!(cooldownPeriodSeconds >= 0)) {
            throw new IllegalArgumentException("keda.cooldownPeriodSeconds must be >= 0, got " + cooldownPeriodSeconds);
        }
        if (!(initialCooldownPeriodSeconds >= 0)) {
            throw new IllegalArgumentException("keda.initialCooldownPeriodSeconds must be >= 0, got "
                    + initialCooldownPeriodSeconds);
        }
        if (!(activationThreshold >= 0)) {
            throw new IllegalArgumentException("keda.activationThreshold must be >= 0, got " + activationThreshold);
        }
        if (minReplicaCount < 0 || maxReplicaCount < Math.max(1, minReplicaCount)) {
            throw new IllegalArgumentException("keda: need 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got "
                    + minReplicaCount + ", " + maxReplicaCount);
        }
        if (trigger == null) {
            throw new IllegalArgumentException("keda.trigger must be given");
        }
        if (!(threshold >= 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("keda.threshold must be >= 0 (0: the trigger's default), got " + threshold);
        }
        if (hpa == null) {
            throw new IllegalArgumentException("keda.hpa must be given");
        }
    }

    /** The threshold per replica in force for a service rate of {@code mu} requests/s per replica. */
    public double thresholdFor(double mu) {
        if (threshold > 0) {
            return threshold;
        }
        return trigger == Trigger.REQUEST_RATE ? 0.7 * mu : DEFAULT_QUEUE_THRESHOLD;
    }

    public KedaConfig withTrigger(Trigger t, double perReplica) {
        return new KedaConfig(pollingIntervalSeconds, cooldownPeriodSeconds, initialCooldownPeriodSeconds,
                activationThreshold, minReplicaCount, maxReplicaCount, t, perReplica, hpa);
    }

    public KedaConfig withReplicaCounts(int min, int max) {
        return new KedaConfig(pollingIntervalSeconds, cooldownPeriodSeconds, initialCooldownPeriodSeconds,
                activationThreshold, min, max, trigger, threshold, hpa);
    }

    public KedaConfig withInitialCooldownPeriodSeconds(double s) {
        return new KedaConfig(pollingIntervalSeconds, cooldownPeriodSeconds, s, activationThreshold, minReplicaCount,
                maxReplicaCount, trigger, threshold, hpa);
    }

    public KedaConfig withActivationThreshold(double a) {
        return new KedaConfig(pollingIntervalSeconds, cooldownPeriodSeconds, initialCooldownPeriodSeconds, a,
                minReplicaCount, maxReplicaCount, trigger, threshold, hpa);
    }

    /** With the ScaledObject's {@code advanced.horizontalPodAutoscalerConfig}: this HPA configuration. */
    public KedaConfig withHpa(HpaConfig h) {
        return new KedaConfig(pollingIntervalSeconds, cooldownPeriodSeconds, initialCooldownPeriodSeconds,
                activationThreshold, minReplicaCount, maxReplicaCount, trigger, threshold, h);
    }
}
