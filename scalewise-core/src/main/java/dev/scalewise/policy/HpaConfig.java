package dev.scalewise.policy;

import java.util.List;

/**
 * Every knob of the Kubernetes Horizontal Pod Autoscaler (autoscaling/v2) emulation, with the Kubernetes
 * defaults ({@code BASELINES.md}; kube-controller-manager flags and {@code HorizontalPodAutoscalerBehavior}).
 *
 * @param targetUtilization       target average utilization of ready pods, in (0, inf) (default 0.7)
 * @param tolerance               no change while {@code |1 - ratio| <= tolerance} (default 0.1,
 *                                {@code --horizontal-pod-autoscaler-tolerance})
 * @param syncPeriodSeconds       controller sync period (default 15,
 *                                {@code --horizontal-pod-autoscaler-sync-period})
 * @param cpuInitializationSeconds pods started less than this long ago and not ready are ignored on scale-up
 *                                (default 300, {@code --horizontal-pod-autoscaler-cpu-initialization-period})
 * @param minReplicas             lower bound (default 1)
 * @param maxReplicas             upper bound; 0 means the environment's maximum (default 0)
 * @param metricCeiling           the metric saturates here: CPU cannot exceed its limit, so 1.0 for CPU with
 *                                limit = request (default 1.0; {@code Double.POSITIVE_INFINITY} for an
 *                                unbounded per-pod request-rate metric)
 * @param scaleUp                 scale-up behaviour (default: no stabilization, max(+4 pods, +100%) per 15 s)
 * @param scaleDown               scale-down behaviour (default: 300 s stabilization, -100% per 15 s)
 */
public record HpaConfig(double targetUtilization, double tolerance, double syncPeriodSeconds,
                        double cpuInitializationSeconds, int minReplicas, int maxReplicas, double metricCeiling,
                        ScalingRules scaleUp, ScalingRules scaleDown) {

    /** The Kubernetes defaults with a 0.7 utilization target. */
    public static HpaConfig defaults() {
        return new HpaConfig(0.7, 0.1, 15, 300, 1, 0, 1.0, ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown());
    }

    public HpaConfig {
        if (!(targetUtilization > 0) || !Double.isFinite(targetUtilization)) {
            throw new IllegalArgumentException("hpa.targetUtilization must be a positive finite number, got " + targetUtilization);
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
        if (scaleUp == null || scaleDown == null) {
            throw new IllegalArgumentException("hpa.scaleUp and hpa.scaleDown must be given");
        }
    }

    public HpaConfig withTargetUtilization(double target) {
        return new HpaConfig(target, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas, maxReplicas,
                metricCeiling, scaleUp, scaleDown);
    }

    public HpaConfig withReplicaBounds(int min, int max) {
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, min, max,
                metricCeiling, scaleUp, scaleDown);
    }

    public HpaConfig withBehavior(ScalingRules up, ScalingRules down) {
        return new HpaConfig(targetUtilization, tolerance, syncPeriodSeconds, cpuInitializationSeconds, minReplicas,
                maxReplicas, metricCeiling, up, down);
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
     */
    public record ScalingRules(double stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {
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
