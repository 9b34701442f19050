package dev.scalewise.policy;

/**
 * Every knob of the KEDA emulation, with KEDA's {@code ScaledObject} defaults.
 *
 * @param pollingIntervalSeconds how often the operator checks activation (default 30)
 * @param cooldownPeriodSeconds  wait after the last active poll before scaling to zero (default 300)
 * @param activationThreshold    the scaler is active while the arrival rate (requests/s) exceeds this
 *                               (default 0: any traffic activates)
 * @param minReplicaCount        replicas when inactive (default 0: scale to zero; needs the cluster's
 *                               {@code minInstances} at 0, otherwise the environment clamps)
 * @param maxReplicaCount        upper bound handed to the HPA (default 100, KEDA's default)
 * @param hpa                    the HPA that KEDA creates for 1 &lt;-&gt; N (defaults of {@link HpaConfig};
 *                               its minReplicas is raised to max(1, minReplicaCount))
 */
public record KedaConfig(double pollingIntervalSeconds, double cooldownPeriodSeconds, double activationThreshold,
                         int minReplicaCount, int maxReplicaCount, HpaConfig hpa) {

    public static KedaConfig defaults() {
        return new KedaConfig(30, 300, 0, 0, 100, HpaConfig.defaults());
    }

    public KedaConfig {
        if (!(pollingIntervalSeconds > 0) || !Double.isFinite(pollingIntervalSeconds)) {
            throw new IllegalArgumentException("keda.pollingIntervalSeconds must be a positive finite number, got "
                    + pollingIntervalSeconds);
        }
        if (!(cooldownPeriodSeconds >= 0)) {
            throw new IllegalArgumentException("keda.cooldownPeriodSeconds must be >= 0, got " + cooldownPeriodSeconds);
        }
        if (!(activationThreshold >= 0)) {
            throw new IllegalArgumentException("keda.activationThreshold must be >= 0, got " + activationThreshold);
        }
        if (minReplicaCount < 0 || maxReplicaCount < Math.max(1, minReplicaCount)) {
            throw new IllegalArgumentException("keda: need 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got "
                    + minReplicaCount + ", " + maxReplicaCount);
        }
        if (hpa == null) {
            throw new IllegalArgumentException("keda.hpa must be given");
        }
    }
}
