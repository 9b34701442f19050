package dev.scalewise.policy;

import java.util.List;

/**
 * Every knob of the Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) emulation, with the Kubernetes
 * defaults ({@code BASELINES.md}; kube-controller-manager flags, metrics-server flags and
 * {@code HorizontalPodAutoscalerBehavior}).
 *
 * <p><b>Behavior unset.</b> {@code scaleUp} and {@code scaleDown} are both null when the HPA has no
 * {@code spec.behavior}, which is the API default (autoscaling/v2 {@code SetDefaults_HorizontalPodAutoscalerBehavior}
 * fills the behavior defaults only when a behavior is given) and what KEDA creates without
 * {@code advanced.horizontalPodAutoscalerConfig.behavior}. The controller then follows the legacy rules
 * ({@code horizontal.go normalizeDesiredReplicas}): scale-down stabilization over
 * {@code downscaleStabilizationSeconds}, at most {@code max(2 x current, 4)} replicas per sync, no scale-event
 * memory. When only one direction is given, the other gets the behavior defaults ({@code GenerateHPAScaleUpRules},
 * {@code GenerateHPAScaleDownRules}).
 *
 * @param targetUtilization       target average utilization of ready pods, in (0, inf) (default 0.7); Kubernetes
 *                                takes a whole percent, so it is rounded to the nearest percent
 * @param tolerance               no change while {@code |1 - ratio| <= tolerance} (default 0.1,
 *                                {@code --horizontal-pod-autoscaler-tolerance}); a direction's
 *                                {@link ScalingRules#tolerance} overrides it
 * @param syncPeriodSeconds       controller sync period (default 15,
 *                                {@code --horizontal-pod-autoscaler-sync-period})
 * @param cpuInitializationSeconds {@code --horizontal-pod-autoscaler-cpu-initialization-period} (default 300)
 * @param minReplicas             lower bound (default 1)
 * @param maxReplicas             upper bound; 0 means the environment's maximum (default 0)
 * @param metricCeiling           the metric saturates here: CPU cannot exceed its limit, so 1.0 for CPU with
 *                                limit = request (default 1.0; {@code Double.POSITIVE_INFINITY} for an
 *                                unbounded per-pod request-rate metric)
 * @param scaleUp                 scale-up behaviour; null when {@code behavior} is unset (default null)
 * @param scaleDown               scale-down behaviour; null when {@code behavior} is unset (default null)
 * @param initialReadinessDelaySeconds {@code --horizontal-pod-autoscaler-initial-readiness-delay} (default 30)
 * @param downscaleStabilizationSeconds {@code --horizontal-pod-autoscaler-downscale-stabilization}, the scale-down
 *                                window of an HPA without behavior (default 300)
 * @param metricResolutionSeconds metrics-server {@code --metric-resolution}: scrape interval and window of each CPU
 *                                sample (default 15)
 * @param metricDelaySeconds      age of the newest sample the HPA can read at a sync (default 0)
 */
public record HpaConfig(double targetUtilization, double tolerance, double syncPeriodSeconds,
                        double cpuInitializationSeconds, int minReplicas, int maxReplicas, double metricCeiling,
                        ScalingRules scaleUp, ScalingRules scaleDown, double initialReadinessDelaySeconds,
                        double downscaleStabilizationSeconds, double metricResolutionSeconds,
                        double metricDelaySeconds) {

    /** The Kubernetes defaults with a 0.7 utilization target and no {@code behavior} (the API default). */
    public static HpaConfig defaults() {
        return new HpaConfig(0.7, 0.1, 15, 300, 1, 0, 1.0, null, null);
    }

    /** The Kubernetes defaults of the flags not given (readiness delay 30 s, downscale window 300 s, 15 s samples). */
    public HpaConfig(double targetUtilization, double tolerance, double syncPeriodSeconds,
                     double cpuInitializationSeconds, int minReplicas, int maxReplicas, double metricCeiling,
                     ScalingRules scaleUp, ScalingRules scaleDown) {
        this(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas, maxReplicas,
                metricCeiling, scaleUp, scaleDown, 30, 300, 15, 0);
    }

    public HpaConfig {
        if (!(targetUtilization > 0) || !Double.isFinite(targetUtilization)) {
            throw new IllegalArgumentException("hpa.targetUtilization must be a positive finite number, got " + targetUtilization);
        }
        if (Math.round(targetUtilization * 100) < 1) {
            throw new IllegalArgumentException("hpa.targetUtilization must be at least 1% (0.01), got " + targetUtilization);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("hpa.tolerance must be in [0, 1), got " + tolerance);
        }
        if (!(syncPeriodSeconds > 0) || !Double.isFinite(syncPeriodSeconds)) {
            throw new IllegalArgumentException("hpa.syncPeriodSeconds must be a positive finite number, got " + syncPeriodSeconds);
        }
        if (!(cpuInitializationSeconds >= 0)) {
            throw new IllegalArgumentException("hpa.cpuInitializationSeconds must be >= 0, got " + cpuInitializationSeconds);
        }
        if (minReplicas < 0) {
            throw new IllegalArgumentException("hpa.minReplicas must be >= 0, got " + minReplicas);
        }
        if (maxReplicas < 0 || (maxReplicas > 0 && maxReplicas < Math.max(1, minReplicas))) {
            throw new IllegalArgumentException("hpa.maxReplicas must be 0 (environment maximum) or >= max(1, minReplicas), got "
                    + maxReplicas);
        }
        if (!(metricCeiling > 0)) {
            throw new IllegalArgumentException("hpa.metricCeiling must be > 0, got " + metricCeiling);
        }
        if (!(initialReadinessDelaySeconds >= 0) || !Double.isFinite(initialReadinessDelaySeconds)) {
            throw new IllegalArgumentException("hpa.initialReadinessDelaySeconds must be >= 0, got " + initialReadinessDelaySeconds);
        }
        if (!(downscaleStabilizationSeconds >= 0 && downscaleStabilizationSeconds <= 3600)) {
            throw new IllegalArgumentException("hpa.downscaleStabilizationSeconds must be in [0, 3600], got "
                    + downscaleStabilizationSeconds);
        }
        if (!(metricResolutionSeconds > 0) || !Double.isFinite(metricResolutionSeconds)) {
            throw new IllegalArgumentException("hpa.metricResolutionSeconds must be a positive finite number, got "
                    + metricResolutionSeconds);
        }
        if (!(metricDelaySeconds >= 0) || !Double.isFinite(metricDelaySeconds)) {
            throw new IllegalArgumentException("hpa.metricDelaySeconds must be >= 0, got " + metricDelaySeconds);
        }
    }

    /** The target as Kubernetes holds it: a whole percent ({@code targetAverageUtilization}, int32). */
    public int targetPercent() {
        return (int) Math.round(targetUtilization * 100);
    }

    /** Whether {@code spec.behavior} is set (otherwise the legacy rules apply). */
    public boolean behaviorSet() {
        return scaleUp != null || scaleDown != null;
    }

    /** The scale-up rules in force when behavior is set (the default rules where only scale-down was given). */
    public ScalingRules effectiveScaleUp() {
        return scaleUp != null ? scaleUp : ScalingRules.defaultScaleUp();
    }

    /** The scale-down rules in force when behavior is set (the default rules where only scale-up was given). */
    public ScalingRules effectiveScaleDown() {
        return scaleDown != null ? scaleDown : ScalingRules.defaultScaleDown();
    }

    /** The tolerances of both directions: a direction's own tolerance, else the controller-wide one. */
    public HpaReplicaCalculator.Tolerances tolerances() {
        double up = scaleUp != null && scaleUp.tolerance() != null ? scaleUp.tolerance() : tolerance;
        double down = scaleDown != null && scaleDown.tolerance() != null ? scaleDown.tolerance() : tolerance;
        return new HpaReplicaCalculator.Tolerances(down, up);
    }

    public HpaConfig withTargetUtilization(double target) {
        return new HpaConfig(target, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas, maxReplicas,
                metricCeiling, scaleUp, scaleDown, initialReadinessDelaySeconds, downscaleStabilizationSeconds,
                metricResolutionSeconds, metricDelaySeconds);
    }

    public HpaConfig withReplicaBounds(int min, int max) {
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, min, max,
                metricCeiling, scaleUp, scaleDown, initialReadinessDelaySeconds, downscaleStabilizationSeconds,
                metricResolutionSeconds, metricDelaySeconds);
    }

    /** With {@code spec.behavior} set to these rules (either may be null: that direction gets the defaults). */
    public HpaConfig withBehavior(ScalingRules up, ScalingRules down) {
        if (up == null && down == null) {
            throw new IllegalArgumentException("hpa behavior: give scaleUp or scaleDown rules (or use withoutBehavior)");
        }
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas,
                maxReplicas, metricCeiling, up, down, initialReadinessDelaySeconds, downscaleStabilizationSeconds,
                metricResolutionSeconds, metricDelaySeconds);
    }

    /** With {@code spec.behavior} unset (the legacy rules). */
    public HpaConfig withoutBehavior() {
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas,
                maxReplicas, metricCeiling, null, null, initialReadinessDelaySeconds, downscaleStabilizationSeconds,
                metricResolutionSeconds, metricDelaySeconds);
    }

    public HpaConfig withMetricCeiling(double ceiling) {
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas,
                maxReplicas, ceiling, scaleUp, scaleDown, initialReadinessDelaySeconds, downscaleStabilizationSeconds,
                metricResolutionSeconds, metricDelaySeconds);
    }

    /** Which policy wins when several apply ({@code selectPolicy}). */
    public enum SelectPolicy {
        /** The policy allowing the largest change (default). */
        MAX,
        /** The policy allowing the smallest change. */
        MIN,
        /** No scaling in this direction. */
        DISABLED
    }

    /** How a rate policy limits change ({@code HPAScalingPolicyType}). */
    public enum PolicyType {
        /** An absolute number of pods per period. */
        PODS,
        /** A percentage of the replicas at the start of the period. */
        PERCENT
    }

    /**
     * One rate policy: at most {@code value} pods (or percent) of change per {@code periodSeconds}.
     *
     * @param type          pods or percent
     * @param value         &gt; 0
     * @param periodSeconds the window over which past scale events count, in (0, 1800]
     */
    public record ScalingPolicy(PolicyType type, int value, double periodSeconds) {
        public ScalingPolicy {
            if (type == null) {
                throw new IllegalArgumentException("hpa policy type must be given");
            }
            if (value <= 0) {
                throw new IllegalArgumentException("hpa policy value must be > 0, got " + value);
            }
            if (!(periodSeconds > 0 && periodSeconds <= 1800)) {
                throw new IllegalArgumentException("hpa policy periodSeconds must be in (0, 1800], got " + periodSeconds);
            }
        }
    }

    /**
     * Behaviour in one direction ({@code HPAScalingRules}).
     *
     * @param stabilizationWindowSeconds past recommendations considered, in [0, 3600]
     * @param selectPolicy               which policy applies
     * @param policies                   the rate policies (at least one unless disabled)
     * @param tolerance                  this direction's tolerance ({@code HPAScalingRules.tolerance}, Kubernetes
     *                                   1.33 {@code HPAConfigurableTolerance}); null: the controller-wide tolerance
     */
    public record ScalingRules(double stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies,
                               Double tolerance) {
        public ScalingRules(double stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {
            this(stabilizationWindowSeconds, selectPolicy, policies, null);
        }

        public ScalingRules {
            if (!(stabilizationWindowSeconds >= 0 && stabilizationWindowSeconds <= 3600)) {
                throw new IllegalArgumentException("hpa stabilizationWindowSeconds must be in [0, 3600], got "
                        + stabilizationWindowSeconds);
            }
            if (selectPolicy == null) {
                throw new IllegalArgumentException("hpa selectPolicy must be given");
            }
            policies = List.copyOf(policies);
            if (policies.isEmpty() && selectPolicy != SelectPolicy.DISABLED) {
                throw new IllegalArgumentException("hpa scaling rules need at least one policy unless selectPolicy is DISABLED");
            }
            if (tolerance != null && !(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("hpa behavior tolerance must be in [0, 1), got " + tolerance);
            }
        }

        /** These rules with this direction's own tolerance. */
        public ScalingRules withTolerance(double t) {
            return new ScalingRules(stabilizationWindowSeconds, selectPolicy, policies, t);
        }

        /** Kubernetes default scale-up: no stabilization; max(+4 pods, +100%) per 15 s. */
        public static ScalingRules defaultScaleUp() {
            return new ScalingRules(0, SelectPolicy.MAX, List.of(new ScalingPolicy(PolicyType.PODS, 4, 15),
                    new ScalingPolicy(PolicyType.PERCENT, 100, 15)));
        }

        /** Kubernetes default scale-down: 300 s stabilization; -100% per 15 s. */
        public static ScalingRules defaultScaleDown() {
            return new ScalingRules(300, SelectPolicy.MAX, List.of(new ScalingPolicy(PolicyType.PERCENT, 100, 15)));
        }

        /** The longest policy period (how long scale events must be remembered). */
        public double longestPeriodSeconds() {
            return policies.stream().mapToDouble(ScalingPolicy::periodSeconds).max().orElse(0);
        }
    }
}
