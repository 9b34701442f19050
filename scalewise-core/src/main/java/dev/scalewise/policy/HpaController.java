package dev.scalewise.policy;

import dev.scalewise.policy.HpaConfig.PolicyType;
import dev.scalewise.policy.HpaConfig.ScalingPolicy;
import dev.scalewise.policy.HpaConfig.ScalingRules;
import dev.scalewise.policy.HpaConfig.SelectPolicy;
import dev.scalewise.policy.HpaReplicaCalculator.MetricRecommendation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

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
 *   <li>Otherwise every metric recommends replicas ({@link HpaReplicaCalculator#resourceReplicas} for a CPU
 *   utilization target on per-pod samples, {@link HpaReplicaCalculator#externalAverageValueReplicas} for an
 *   external metric with an {@code AverageValue} target); the largest valid one wins; when every metric is invalid, or some are and the rest would scale
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
    private static final RuleText NO_SYNC = RuleText.of("no sync yet");

    private final HpaConfig config;
    private final int minReplicas;
    private final int maxReplicas;
    private final Deque<double[]> recommendations = new ArrayDeque<>();
    private final Deque<double[]> upEvents = new ArrayDeque<>();
    private final Deque<double[]> downEvents = new ArrayDeque<>();
    private boolean initialized;
    private RuleText lastRule = NO_SYNC;

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
        lastRule = NO_SYNC;
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
        return lastRule.toString();
    }

    /** {@link #lastRule()}, not yet formatted (for a policy that quotes it). */
    RuleText lastRuleText() {
        return lastRule;
    }

    public HpaConfig config() {
        return config;
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
            lastRule = RuleText.of("scale at zero: autoscaling disabled");
            return 0;
        }
        int desired;
        if (currentReplicas > maxReplicas) {
            desired = maxReplicas;
            lastRule = RuleText.concat("above maxReplicas ", maxReplicas, ": scale to it");
        } else if (currentReplicas < minReplicas) {
            desired = minReplicas;
            lastRule = RuleText.concat("below minReplicas ", minReplicas, ": scale to it");
        } else {
            int raw = 0;
            int invalid = 0;
            RuleText detail = RuleText.of("");
            RuleText firstInvalid = null;
            for (MetricRecommendation m : metrics) {
                if (!m.valid()) {
                    invalid++;
                    firstInvalid = firstInvalid == null ? m.detailText() : firstInvalid;
                    continue;
                }
                if (raw == 0 || m.replicas() > raw) {
                    raw = m.replicas();
                    detail = m.detailText();
                }
            }
            if (metrics.isEmpty() || invalid >= metrics.size() || (invalid > 0 && raw < currentReplicas)) {
                lastRule = RuleText.concat("invalid metrics, scale left alone: ",
                        firstInvalid == null ? "no metrics" : firstInvalid);
                prune(nowSeconds);
                return currentReplicas;
            }
            desired = config.behaviorSet() ? normalizeWithBehaviors(nowSeconds, currentReplicas, raw)
                    : normalizeLegacy(nowSeconds, currentReplicas, raw);
            lastRule = RuleText.concat(detail, ": recommend ", currentReplicas, " -> ", raw, lastRule);
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
        Object held = "";
        if (stabilized != raw) {
            held = RuleText.format("; scale-down stabilization (%.0f s) held %d",
                    config.downscaleStabilizationSeconds(), stabilized);
        }
        Object limited = "";
        if (desired < stabilized && maxAllowed == upLimit && upLimit < maxReplicas) {
            limited = RuleText.concat("; scale-up limit max(2 x ", current, ", 4) = ", upLimit, " (no behavior)");
        } else if (desired != stabilized) {
            limited = RuleText.concat("; bounds limited the change to ", desired);
        }
        lastRule = RuleText.concat(held, limited);
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
        Object held = "";
        if (stabilized != raw) {
            boolean heldDown = stabilized > raw;
            held = RuleText.format("; %s stabilization window (%.0f s) held %d",
                    heldDown ? "scale-down" : "scale-up",
                    heldDown ? down.stabilizationWindowSeconds() : up.stabilizationWindowSeconds(), stabilized);
        }
        Object limited = "";
        if (desired != stabilized) {
            limited = RuleText.concat("; ", stabilized > current ? "scale-up" : "scale-down",
                    " rate policy limited the change to ", desired);
        }
        lastRule = RuleText.concat(held, limited);
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
