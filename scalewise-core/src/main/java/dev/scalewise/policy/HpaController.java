package dev.scalewise.policy;

import dev.scalewise.policy.HpaConfig.PolicyType;
import dev.scalewise.policy.HpaConfig.ScalingPolicy;
import dev.scalewise.policy.HpaConfig.ScalingRules;
import dev.scalewise.policy.HpaConfig.SelectPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * One Kubernetes HPA controller (autoscaling/v2), reconstructed rule by rule from the Kubernetes controller
 * ({@code pkg/controller/podautoscaler}: {@code replica_calculator.go}, {@code horizontal.go},
 * {@code metrics/utilization.go}) and checked against the cases of its test suites
 * ({@code BASELINE-CASES.md}). No code was copied. One {@link #sync} call is one {@code reconcileAutoscaler}:
 *
 * <ol>
 *   <li>The first sync records the current replicas as a recommendation ({@code recordInitialRecommendation}).</li>
 *   <li>At zero replicas with {@code minReplicas > 0} autoscaling is disabled; above {@code maxReplicas} or below
 *   {@code minReplicas} the bound is the answer, with no stabilization or rate limit.</li>
 *   <li>Otherwise every metric recommends replicas ({@link #resourceReplicas} for a CPU utilization target on
 *   per-pod samples, {@link #externalAverageValueReplicas} for an external metric with an {@code AverageValue}
 *   target); the largest valid one wins; when every metric is invalid, or some are and the rest would scale
 *   down, the controller leaves the scale alone ({@code computeReplicasForMetrics}).</li>
 *   <li>Without {@code behavior} (legacy {@code normalizeDesiredReplicas}): the maximum recommendation of the last
 *   {@code downscaleStabilizationSeconds}, then {@code [minReplicas, min(maxReplicas, max(2 x current, 4))]}.</li>
 *   <li>With {@code behavior}: stabilization (scale-up takes the minimum recommendation of its window, scale-down
 *   the maximum of its window), then the rate policies over the replicas at the start of each policy's period,
 *   {@code current - added + deleted} from both event lists ({@code calculateScaleUpLimitWithScalingRules},
 *   {@code calculateScaleDownLimitWithBehaviors}), then the bounds.</li>
 * </ol>
 *
 * <p>Time is in seconds on the caller's clock. Mutable: remembers recommendations and scale events. The seams
 * {@link #recordRecommendation} and {@link #recordScaleEvent} start a controller with a given history.
 */
public final class HpaController {
    /** {@code scaleUpLimitFactor} and {@code scaleUpLimitMinimum} of the legacy rules. */
    private static final double LEGACY_UP_FACTOR = 2.0;
    private static final double LEGACY_UP_MINIMUM = 4.0;

    private final HpaConfig config;
    private final int minReplicas;
    private final int maxReplicas;
    private final Deque<double[]> recommendations = new ArrayDeque<>();
    private final Deque<double[]> upEvents = new ArrayDeque<>();
    private final Deque<double[]> downEvents = new ArrayDeque<>();
    private boolean initialized;
    private String lastRule = "no sync yet";

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
     * @param detail   the numbers behind it, in one line
     */
    public record MetricRecommendation(boolean valid, int replicas, String detail) {
        public static MetricRecommendation invalid(String why) {
            return new MetricRecommendation(false, 0, why);
        }
    }

    /**
     * @param config      the knobs
     * @param minReplicas resolved lower bound
     * @param maxReplicas resolved upper bound
     */
    public HpaController(HpaConfig config, int minReplicas, int maxReplicas) {
        if (maxReplicas < Math.max(1, minReplicas)) {
            throw new IllegalArgumentException("hpa: maxReplicas " + maxReplicas + " < max(1, minReplicas " + minReplicas + ")");
        }
        this.config = config;
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
    }

    /** Forgets all recommendations and scale events: the next sync is a new HPA's first. */
    public void reset() {
        recommendations.clear();
        upEvents.clear();
        downEvents.clear();
        initialized = false;
        lastRule = "no sync yet";
    }

    /**
     * Remembers a past recommendation (a seam to start the controller with a history). Once any is recorded, the
     * first sync records no initial recommendation, as a controller that has synced before.
     */
    public void recordRecommendation(double atSeconds, int replicas) {
        recommendations.addLast(new double[] {atSeconds, replicas});
        initialized = true;
    }

    /** Remembers a past scale event of {@code change} replicas (positive up, negative down) at {@code atSeconds}. */
    public void recordScaleEvent(double atSeconds, int change) {
        if (change > 0) {
            upEvents.addLast(new double[] {atSeconds, change});
        } else if (change < 0) {
            downEvents.addLast(new double[] {atSeconds, -change});
        }
    }

    /**
     * What decided the last {@link #sync}: the metric against the target and tolerances and the raw
     * recommendation, then the stabilization window or rate limit that changed it, if any.
     */
    public String lastRule() {
        return lastRule;
    }

    public HpaConfig config() {
        return config;
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
        String head = String.format(Locale.ROOT, "ratio %.3f (CPU %d%% of request vs target %d%%, tolerance -%.2f/+%.2f)",
                ratio, utilization, targetPercent, tolerances.scaleDown(), tolerances.scaleUp());
        if (!scaleUpWithUnready && missingCount == 0) {
            if (tolerances.isWithin(ratio)) {
                return new MetricRecommendation(true, currentReplicas, head + ": within tolerance");
            }
            int next = (int) Math.ceil(ratio * readyCount);
            return new MetricRecommendation(true, next, head + String.format(Locale.ROOT, " over %d ready pods",
                    readyCount));
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
        String detail = head + String.format(Locale.ROOT,
                "; with %d missing pod(s) at %s and %d unready pod(s) %s: %d%% (ratio %.3f)", missingCount,
                ratio < 1.0 ? "100% of request" : ratio > 1.0 ? "0" : "no value", unreadyCount,
                scaleUpWithUnready ? "at 0" : "ignored", newUtilization, newRatio);
        if (tolerances.isWithin(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return new MetricRecommendation(true, currentReplicas, detail + ": within tolerance or direction flipped");
        }
        int next = (int) Math.ceil(newRatio * valued);
        if ((newRatio < 1.0 && next > currentReplicas) || (newRatio > 1.0 && next < currentReplicas)) {
            return new MetricRecommendation(true, currentReplicas, detail + ": new count moves against the ratio");
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
        String head = String.format(Locale.ROOT, "ratio %.3f (metric %.3f vs %.3f per replica x %d, tolerance -%.2f/+%.2f)",
                ratio, usageMilli / 1000.0, targetMilliPerPod / 1000.0, statusReplicas, tolerances.scaleDown(),
                tolerances.scaleUp());
        if (tolerances.isWithin(ratio)) {
            return new MetricRecommendation(true, statusReplicas, head + ": within tolerance");
        }
        return new MetricRecommendation(true, (int) Math.ceil((double) usageMilli / targetMilliPerPod), head);
    }

    /**
     * One controller sync with one or several metrics (the largest valid recommendation wins).
     *
     * @param nowSeconds      the controller's clock
     * @param currentReplicas replicas in the scale's spec
     * @param metrics         each metric's recommendation for {@code currentReplicas}
     * @return the new desired replicas
     */
    public int sync(double nowSeconds, int currentReplicas, List<MetricRecommendation> metrics) {
        if (!initialized) {
            recommendations.addLast(new double[] {nowSeconds, currentReplicas});
            initialized = true;
        }
        if (currentReplicas == 0 && minReplicas != 0) {
            // Kubernetes disables autoscaling while the scale is at zero (KEDA reactivates it).
            lastRule = "scale at zero: autoscaling disabled";
            return 0;
        }
        int desired;
        if (currentReplicas > maxReplicas) {
            desired = maxReplicas;
            lastRule = "above maxReplicas " + maxReplicas + ": scale to it";
        } else if (currentReplicas < minReplicas) {
            desired = minReplicas;
            lastRule = "below minReplicas " + minReplicas + ": scale to it";
        } else {
            int raw = 0;
            int invalid = 0;
            String detail = "";
            String firstInvalid = null;
            for (MetricRecommendation m : metrics) {
                if (!m.valid()) {
                    invalid++;
                    firstInvalid = firstInvalid == null ? m.detail() : firstInvalid;
                    continue;
                }
                if (raw == 0 || m.replicas() > raw) {
                    raw = m.replicas();
                    detail = m.detail();
                }
            }
            if (metrics.isEmpty() || invalid >= metrics.size() || (invalid > 0 && raw < currentReplicas)) {
                lastRule = "invalid metrics, scale left alone: " + (firstInvalid == null ? "no metrics" : firstInvalid);
                prune(nowSeconds);
                return currentReplicas;
            }
            desired = config.behaviorSet() ? normalizeWithBehaviors(nowSeconds, currentReplicas, raw)
                    : normalizeLegacy(nowSeconds, currentReplicas, raw);
            lastRule = detail + String.format(Locale.ROOT, ": recommend %d -> %d", currentReplicas, raw) + lastRule;
        }
        if (config.behaviorSet() && desired != currentReplicas) {
            recordScaleEvent(nowSeconds, desired - currentReplicas);
        }
        prune(nowSeconds);
        return desired;
    }

    /** {@code normalizeDesiredReplicas} + {@code convertDesiredReplicasWithRules}. */
    private int normalizeLegacy(double now, int current, int raw) {
        double cutoff = now - config.downscaleStabilizationSeconds();
        int stabilized = raw;
        for (double[] r : recommendations) {
            if (r[0] >= cutoff) {
                stabilized = Math.max(stabilized, (int) r[1]);
            }
        }
        recommendations.addLast(new double[] {now, raw});
        int upLimit = (int) Math.max(LEGACY_UP_FACTOR * current, LEGACY_UP_MINIMUM);
        int maxAllowed = Math.min(maxReplicas, upLimit);
        int desired = Math.max(minReplicas, Math.min(maxAllowed, stabilized));
        StringBuilder b = new StringBuilder();
        if (stabilized != raw) {
            b.append(String.format(Locale.ROOT, "; scale-down stabilization (%.0f s) held %d",
                    config.downscaleStabilizationSeconds(), stabilized));
        }
        if (desired < stabilized && maxAllowed == upLimit && upLimit < maxReplicas) {
            b.append(String.format(Locale.ROOT, "; scale-up limit max(2 x %d, 4) = %d (no behavior)", current, upLimit));
        } else if (desired != stabilized) {
            b.append("; bounds limited the change to ").append(desired);
        }
        lastRule = b.toString();
        return desired;
    }

    /** {@code normalizeDesiredReplicasWithBehaviors}: stabilization, then the rate policies, then the bounds. */
    private int normalizeWithBehaviors(double now, int current, int raw) {
        ScalingRules up = config.effectiveScaleUp();
        ScalingRules down = config.effectiveScaleDown();
        double upCutoff = now - up.stabilizationWindowSeconds();
        double downCutoff = now - down.stabilizationWindowSeconds();
        int upRec = raw;
        int downRec = raw;
        for (double[] r : recommendations) {
            if (r[0] > upCutoff) {
                upRec = Math.min(upRec, (int) r[1]);
            }
            if (r[0] > downCutoff) {
                downRec = Math.max(downRec, (int) r[1]);
            }
        }
        recommendations.addLast(new double[] {now, raw});
        int stabilized = current;
        if (stabilized < upRec) {
            stabilized = upRec;
        }
        if (stabilized > downRec) {
            stabilized = downRec;
        }
        int desired = stabilized;
        if (stabilized > current) {
            int limit = Math.max(current, upLimit(current, now, up));
            desired = Math.min(stabilized, Math.min(maxReplicas, limit));
        } else if (stabilized < current) {
            int limit = Math.min(current, downLimit(current, now, down));
            desired = Math.max(stabilized, Math.max(minReplicas, limit));
        }
        StringBuilder b = new StringBuilder();
        if (stabilized != raw) {
            boolean heldDown = stabilized > raw;
            b.append(String.format(Locale.ROOT, "; %s stabilization window (%.0f s) held %d",
                    heldDown ? "scale-down" : "scale-up",
                    heldDown ? down.stabilizationWindowSeconds() : up.stabilizationWindowSeconds(), stabilized));
        }
        if (desired != stabilized) {
            b.append(String.format(Locale.ROOT, "; %s rate policy limited the change to %d",
                    stabilized > current ? "scale-up" : "scale-down", desired));
        }
        lastRule = b.toString();
        return desired;
    }

    private static int changeInPeriod(Deque<double[]> events, double now, double period) {
        double cutoff = now - period;
        int sum = 0;
        for (double[] e : events) {
            if (e[0] > cutoff) {
                sum += (int) e[1];
            }
        }
        return sum;
    }

    private int periodStart(int current, double now, double period) {
        return current - changeInPeriod(upEvents, now, period) + changeInPeriod(downEvents, now, period);
    }

    private int upLimit(int current, double now, ScalingRules rules) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean max = rules.selectPolicy() == SelectPolicy.MAX;
        int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy p : rules.policies()) {
            int start = periodStart(current, now, p.periodSeconds());
            int proposed = p.type() == PolicyType.PODS ? start + p.value()
                    : (int) Math.ceil(start * (1 + p.value() / 100.0));
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private int downLimit(int current, double now, ScalingRules rules) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean max = rules.selectPolicy() == SelectPolicy.MAX;
        int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingPolicy p : rules.policies()) {
            int start = periodStart(current, now, p.periodSeconds());
            int proposed = p.type() == PolicyType.PODS ? start - p.value()
                    : (int) (start * (1 - p.value() / 100.0));
            // Max selects the policy allowing the largest decrease, i.e. the lowest floor.
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private void prune(double now) {
        double keepRec = config.behaviorSet()
                ? Math.max(config.effectiveScaleUp().stabilizationWindowSeconds(),
                        config.effectiveScaleDown().stabilizationWindowSeconds())
                : config.downscaleStabilizationSeconds();
        while (!recommendations.isEmpty() && recommendations.peekFirst()[0] < now - keepRec) {
            recommendations.removeFirst();
        }
        double keepEvents = config.behaviorSet()
                ? Math.max(config.effectiveScaleUp().longestPeriodSeconds(), config.effectiveScaleDown().longestPeriodSeconds())
                : 0;
        while (!upEvents.isEmpty() && upEvents.peekFirst()[0] <= now - keepEvents) {
            upEvents.removeFirst();
        }
        while (!downEvents.isEmpty() && downEvents.peekFirst()[0] <= now - keepEvents) {
            downEvents.removeFirst();
        }
    }
}
