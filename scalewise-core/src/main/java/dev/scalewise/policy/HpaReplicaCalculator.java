package dev.scalewise.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes HPA replica calculator ({@code pkg/controller/podautoscaler/replica_calculator.go} and
 * {@code metrics/utilization.go}), reconstructed rule by rule and checked against the cases of
 * {@code replica_calculator_test.go} ({@code BASELINE-CASES.md}); no code was copied. Stateless: each metric's
 * recommendation for one sync of {@link HpaController}.
 */
public final class HpaReplicaCalculator {
    private HpaReplicaCalculator() {
    }

    /** The phase of a pod ({@code v1.PodPhase}). */
    public enum PodPhase { PENDING, RUNNING, SUCCEEDED, FAILED }

    /** The pod's {@code Ready} condition: absent, true or false. */
    public enum ReadyCondition { ABSENT, TRUE, FALSE }

    /**
     * One metrics-server sample of a pod's CPU usage.
     *
     * @param valueMilli       usage in millicores, averaged over the window
     * @param timestampSeconds end of the window
     * @param windowSeconds    window length
     */
    public record Sample(long valueMilli, double timestampSeconds, double windowSeconds) {
        public Sample {
            if (valueMilli < 0 || !(windowSeconds >= 0) || Double.isNaN(timestampSeconds)) {
                throw new IllegalArgumentException("hpa sample: need value >= 0, window >= 0 and a timestamp, got "
                        + valueMilli + ", " + windowSeconds + ", " + timestampSeconds);
            }
        }
    }

    /**
     * One pod as the HPA controller sees it.
     *
     * @param phase                  pod phase
     * @param deleting               has a deletion timestamp
     * @param startSeconds           {@code status.startTime}; NaN when unset
     * @param ready                  the Ready condition
     * @param readyTransitionSeconds the Ready condition's last transition time
     * @param requestMilli           CPU request in millicores, &gt; 0
     * @param sample                 the latest metrics sample; null when metrics-server has none (a "missing" pod)
     */
    public record Pod(PodPhase phase, boolean deleting, double startSeconds, ReadyCondition ready,
                      double readyTransitionSeconds, long requestMilli, Sample sample) {
        public Pod {
            if (phase == null || ready == null) {
                throw new IllegalArgumentException("hpa pod: phase and ready condition must be given");
            }
            if (requestMilli <= 0) {
                throw new IllegalArgumentException("hpa pod: CPU request must be > 0 millicores, got " + requestMilli);
            }
        }

        /** A Running pod Ready long ago with {@code usageMilli} of a 1000m request, sampled at 0 over 15 s. */
        public static Pod ready(long usageMilli) {
            return new Pod(PodPhase.RUNNING, false, Double.NEGATIVE_INFINITY, ReadyCondition.TRUE,
                    Double.NEGATIVE_INFINITY, 1000, new Sample(usageMilli, 0, 15));
        }

        /** A Pending pod (scheduled or not, containers not started): no sample, never Ready. */
        public static Pod pending(double startSeconds) {
            return new Pod(PodPhase.PENDING, false, startSeconds, ReadyCondition.FALSE, startSeconds, 1000, null);
        }

        /** This pod without its metrics sample. */
        public Pod withoutSample() {
            return new Pod(phase, deleting, startSeconds, ready, readyTransitionSeconds, requestMilli, null);
        }

        /** This pod in phase {@code p}. */
        public Pod withPhase(PodPhase p) {
            return new Pod(p, deleting, startSeconds, ready, readyTransitionSeconds, requestMilli, sample);
        }
    }

    /** Pods by {@code groupPods} class, as indexes into the pod list. */
    public record PodGroups(int readyCount, List<Integer> unready, List<Integer> missing, List<Integer> ignored) {
    }

    /**
     * The tolerances around ratio 1 ({@code behavior.scaleDown.tolerance}, {@code behavior.scaleUp.tolerance}):
     * within {@code [1 - scaleDown, 1 + scaleUp]} nothing changes.
     */
    public record Tolerances(double scaleDown, double scaleUp) {
        public Tolerances {
            if (!(scaleDown >= 0 && scaleDown < 1) || !(scaleUp >= 0)) {
                throw new IllegalArgumentException("hpa tolerances must be in [0, 1) down and >= 0 up, got "
                        + scaleDown + ", " + scaleUp);
            }
        }

        /** The same tolerance both ways. */
        public static Tolerances of(double t) {
            return new Tolerances(t, t);
        }

        /** {@code (1 - scaleDown) <= ratio <= (1 + scaleUp)}, in this order of floating-point operations. */
        public boolean isWithin(double ratio) {
            return (1.0 - scaleDown) <= ratio && ratio <= (1.0 + scaleUp);
        }
    }

    /**
     * One metric's recommendation.
     *
     * @param valid    false when it could not be computed (no metrics): the metric is invalid
     * @param replicas the recommended replicas (unbounded, before stabilization and rate limits)
     * @param detailText the numbers behind it, in one line, formatted when read ({@link #detail()})
     */
    public record MetricRecommendation(boolean valid, int replicas, RuleText detailText) {
        public MetricRecommendation(boolean valid, int replicas, String detail) {
            this(valid, replicas, RuleText.of(detail));
        }

        public static MetricRecommendation invalid(String why) {
            return new MetricRecommendation(false, 0, why);
        }

        /** The numbers behind it, in one line. */
        public String detail() {
            return detailText.toString();
        }
    }

    /**
     * {@code groupPods}: deleting and Failed pods are ignored; Pending pods are unready; pods without a sample are
     * missing; for CPU, a pod is unready when it has no Ready condition or no start time, or, within the CPU
     * initialization period after its start, when it is not Ready or its sample began before its Ready transition
     * ({@code timestamp < transition + window}), or, after that period, when it is not Ready and has never been
     * Ready (its transition came within {@code initialReadinessDelay} of its start). The rest are ready.
     */
    public static PodGroups groupPods(List<Pod> pods, double now, double cpuInitializationSeconds,
                                      double initialReadinessDelaySeconds) {
        PodClass[] classes = classify(pods, now, cpuInitializationSeconds, initialReadinessDelaySeconds);
        int ready = 0;
        List<Integer> unready = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        List<Integer> ignored = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            switch (classes[i]) {
                case READY -> ready++;
                case UNREADY -> unready.add(i);
                case MISSING -> missing.add(i);
                case IGNORED -> ignored.add(i);
            }
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    /** The class of each pod ({@link #groupPods}). */
    private enum PodClass { READY, UNREADY, MISSING, IGNORED }

    private static PodClass[] classify(List<Pod> pods, double now, double cpuInitializationSeconds,
                                       double initialReadinessDelaySeconds) {
        PodClass[] out = new PodClass[pods.size()];
        for (int i = 0; i < out.length; i++) {
            Pod p = pods.get(i);
            if (p.deleting() || p.phase() == PodPhase.FAILED) {
                out[i] = PodClass.IGNORED;
            } else if (p.phase() == PodPhase.PENDING) {
                out[i] = PodClass.UNREADY;
            } else if (p.sample() == null) {
                out[i] = PodClass.MISSING;
            } else {
                boolean isUnready;
                if (p.ready() == ReadyCondition.ABSENT || Double.isNaN(p.startSeconds())) {
                    isUnready = true;
                } else if (p.startSeconds() + cpuInitializationSeconds > now) {
                    isUnready = p.ready() == ReadyCondition.FALSE
                            || p.sample().timestampSeconds() < p.readyTransitionSeconds() + p.sample().windowSeconds();
                } else {
                    isUnready = p.ready() == ReadyCondition.FALSE
                            && p.startSeconds() + initialReadinessDelaySeconds > p.readyTransitionSeconds();
                }
                out[i] = isUnready ? PodClass.UNREADY : PodClass.READY;
            }
        }
        return out;
    }

    /**
     * {@code GetResourceReplicas}: the replica calculator for a CPU {@code Utilization} target.
     *
     * <p>Utilization is {@code (sum of usage x 100) / sum of requests} in integer arithmetic, a whole percent
     * truncated ({@code GetResourceUtilizationRatio}), over the ready pods; the ratio is utilization / target. With
     * no unready pods to count (or the ratio not above 1) and no missing pods: within the tolerances nothing
     * changes, else {@code ceil(ratio x ready)}. Otherwise missing pods are valued at {@code max(100, target)}% of
     * their request when the ratio is below 1 and at 0 when it is above (at exactly 1 they get no value), unready
     * pods at 0 when scaling up; the ratio is recomputed over all valued pods, and nothing changes if it is within
     * the tolerances, flips direction, or the new count moves against it.
     *
     * @param currentReplicas replicas in the scale's spec
     * @param targetPercent   target utilization in whole percent
     * @param pods            the pods of the scale target
     * @param now             the controller's clock
     * @return the recommendation; invalid when no ready pod has a sample
     */
    public static MetricRecommendation resourceReplicas(int currentReplicas, int targetPercent, List<Pod> pods,
                                                        double now, Tolerances tolerances,
                                                        double cpuInitializationSeconds,
                                                        double initialReadinessDelaySeconds) {
        PodClass[] classes = classify(pods, now, cpuInitializationSeconds, initialReadinessDelaySeconds);
        int readyCount = 0;
        int unreadyCount = 0;
        int missingCount = 0;
        long usage = 0;
        long requests = 0;
        for (int i = 0; i < classes.length; i++) {
            switch (classes[i]) {
                case READY -> {
                    usage += pods.get(i).sample().valueMilli();
                    requests += pods.get(i).requestMilli();
                    readyCount++;
                }
                case UNREADY -> unreadyCount++;
                case MISSING -> missingCount++;
                default -> { }
            }
        }
        if (readyCount == 0) {
            return MetricRecommendation.invalid("no metrics for the ready pods (pods might be unready)");
        }
        long utilization = usage * 100 / requests;
        double ratio = (double) utilization / targetPercent;
        boolean scaleUpWithUnready = unreadyCount > 0 && ratio > 1.0;
        RuleText head = RuleText.format("ratio %.3f (CPU %d%% of request vs target %d%%, tolerance -%.2f/+%.2f)",
                ratio, utilization, targetPercent, tolerances.scaleDown(), tolerances.scaleUp());
        if (!scaleUpWithUnready && missingCount == 0) {
            if (tolerances.isWithin(ratio)) {
                return new MetricRecommendation(true, currentReplicas, RuleText.concat(head, ": within tolerance"));
            }
            int next = (int) Math.ceil(ratio * readyCount);
            return new MetricRecommendation(true, next, RuleText.concat(head, " over ", readyCount, " ready pods"));
        }
        int valued = readyCount;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == PodClass.MISSING && ratio != 1.0) {
                if (ratio < 1.0) {
                    usage += pods.get(i).requestMilli() * Math.max(100, targetPercent) / 100;
                }
                requests += pods.get(i).requestMilli();
                valued++;
            } else if (classes[i] == PodClass.UNREADY && scaleUpWithUnready) {
                requests += pods.get(i).requestMilli();
                valued++;
            }
        }
        long newUtilization = usage * 100 / requests;
        double newRatio = (double) newUtilization / targetPercent;
        RuleText detail = RuleText.concat(head, RuleText.format(
                "; with %d missing pod(s) at %s and %d unready pod(s) %s: %d%% (ratio %.3f)", missingCount,
                ratio < 1.0 ? "100% of request" : ratio > 1.0 ? "0" : "no value", unreadyCount,
                scaleUpWithUnready ? "at 0" : "ignored", newUtilization, newRatio));
        if (tolerances.isWithin(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return new MetricRecommendation(true, currentReplicas,
                    RuleText.concat(detail, ": within tolerance or direction flipped"));
        }
        int next = (int) Math.ceil(newRatio * valued);
        if ((newRatio < 1.0 && next > currentReplicas) || (newRatio > 1.0 && next < currentReplicas)) {
            return new MetricRecommendation(true, currentReplicas,
                    RuleText.concat(detail, ": new count moves against the ratio"));
        }
        return new MetricRecommendation(true, next, detail);
    }

    /**
     * {@code GetExternalPerPodMetricReplicas}: an external metric with an {@code AverageValue} target (what KEDA
     * creates): {@code ratio = usage / (target x statusReplicas)}; outside the tolerances
     * {@code ceil(usage / target)}. No pod classification and no ceiling on the metric.
     *
     * @param statusReplicas    the pods of the scale target ({@code status.replicas}, booting ones included)
     * @param usageMilli        the metric's total, in milli-units
     * @param targetMilliPerPod the target per replica, in milli-units, &gt; 0
     */
    public static MetricRecommendation externalAverageValueReplicas(int statusReplicas, long usageMilli,
                                                                    long targetMilliPerPod, Tolerances tolerances) {
        if (targetMilliPerPod <= 0) {
            throw new IllegalArgumentException("hpa external metric: AverageValue target must be > 0, got " + targetMilliPerPod + "m");
        }
        double ratio = (double) usageMilli / ((double) targetMilliPerPod * statusReplicas);
        RuleText head = RuleText.format("ratio %.3f (metric %.3f vs %.3f per replica x %d, tolerance -%.2f/+%.2f)",
                ratio, usageMilli / 1000.0, targetMilliPerPod / 1000.0, statusReplicas, tolerances.scaleDown(),
                tolerances.scaleUp());
        if (tolerances.isWithin(ratio)) {
            return new MetricRecommendation(true, statusReplicas, RuleText.concat(head, ": within tolerance"));
        }
        return new MetricRecommendation(true, (int) Math.ceil((double) usageMilli / targetMilliPerPod), head);
    }
}
