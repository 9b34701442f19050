package dev.scalewise.serve;

/**
 * How KEDA's HPA turns the scaler's metric into replicas, and the metric that yields a wanted count.
 *
 * <p>KEDA creates an HPA with an {@code External} metric and an {@code AverageValue} target equal to the scaler's
 * {@code targetSize}. Kubernetes' replica calculator for such a metric ({@code GetExternalMetricReplicas},
 * kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details) computes
 * {@code usageRatio = value / (target x currentReplicas)}; when {@code |usageRatio - 1| <= tolerance} (default 0.1)
 * it keeps {@code currentReplicas}, else it asks {@code ceil(value / target)}. The scaler reports
 * {@code value = desired x target}, so {@code ceil(value / target) = desired} exactly (integers, no rounding), and
 * the only difference is the tolerance band: a change of about 10% of the current count or less is held by the HPA unless
 * the HPA's tolerance is set to 0 ({@code behavior.scaleUp/scaleDown.tolerance}, Kubernetes 1.33+).
 */
public final class HpaArithmetic {
    private HpaArithmetic() {
    }

    /** The metric value (in the target's unit) that asks for {@code desired} replicas. */
    public static long metricValue(int desired, long target) {
        return Math.multiplyExact((long) desired, target);
    }

    /** The replicas Kubernetes' HPA computes from an AverageValue external metric. */
    public static int hpaReplicas(long value, long target, int currentReplicas, double tolerance) {
        if (currentReplicas > 0) {
            double ratio = (double) value / ((double) target * currentReplicas);
            if (Math.abs(ratio - 1) <= tolerance) {
                return currentReplicas;
            }
        }
        return (int) Math.ceil((double) value / target);
    }
}
