package dev.scalewise.policy;

import dev.scalewise.policy.HpaConfig.PolicyType;
import dev.scalewise.policy.HpaConfig.ScalingPolicy;
import dev.scalewise.policy.HpaConfig.ScalingRules;
import dev.scalewise.policy.HpaConfig.SelectPolicy;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One Kubernetes HPA controller loop (autoscaling/v2), reconstructed from the published algorithm (the
 * Kubernetes documentation "Horizontal Pod Autoscaling" and the controller's replica calculator and behaviour
 * normalisation). One {@link #sync} call is one controller sync:
 *
 * <ol>
 *   <li><b>Replica calculation</b> ({@link #replicaCount}): {@code ratio = metric / target}; with no unready or
 *   missing pods, nothing changes while {@code |1 - ratio| <= tolerance}, otherwise
 *   {@code desired = ceil(ratio * readyPods)}. Unready pods count as 0% when the ratio says scale up; missing
 *   metrics count as 100% of target on scale-down and 0% on scale-up; the ratio is then recomputed, and if it is
 *   within tolerance or flips direction, nothing changes.</li>
 *   <li><b>Stabilization</b>: the raw recommendation is remembered with its time; scale-up takes the minimum
 *   recommendation over the scale-up window, scale-down the maximum over the scale-down window.</li>
 *   <li><b>Rate policies</b>: the change is limited by the Pods/Percent policies over the scale events of each
 *   policy's period ({@code periodStart = current -/+ change in period}); {@code selectPolicy} Max takes the most
 *   permissive limit, Min the least, Disabled forbids the direction.</li>
 *   <li>Clamp to {@code [minReplicas, maxReplicas]}.</li>
 * </ol>
 *
 * <p>Time is in seconds on the caller's clock. Mutable: remembers recommendations and scale events.
 */
public final class HpaController {
    private final HpaConfig config;
    private final int minReplicas;
    private final int maxReplicas;
    private final Deque<double[]> recommendations = new ArrayDeque<>();
    private final Deque<double[]> upEvents = new ArrayDeque<>();
    private final Deque<double[]> downEvents = new ArrayDeque<>();
    private String lastRule = "no sync yet";

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

    /** Forgets all recommendations and scale events. */
    public void reset() {
        recommendations.clear();
        upEvents.clear();
        downEvents.clear();
        lastRule = "no sync yet";
    }

    /**
     * What decided the last {@link #sync}: the ratio against the tolerance and the raw recommendation, then the
     * stabilization window or rate policy that changed it, if any.
     */
    public String lastRule() {
        return lastRule;
    }

    public HpaConfig config() {
        return config;
    }

    /**
     * The replica calculator for a utilization metric.
     *
     * @param currentReplicas replicas in the scale's spec
     * @param metric          average utilization over ready pods that report metrics
     * @param readyPods       ready pods with metrics
     * @param unreadyPods     pods not ready yet (ignored unless the ratio says scale up, then 0%)
     * @param missingPods     pods without metrics (100% of target on scale-down, 0% on scale-up)
     * @param target          target utilization
     * @param tolerance       the tolerance around ratio 1
     * @return the recommended replicas (unbounded, before stabilization and rate limits)
     */
    public static int replicaCount(int currentReplicas, double metric, int readyPods, int unreadyPods, int missingPods,
                                   double target, double tolerance) {
        if (readyPods <= 0) {
            // No metrics at all: the controller reports an error and leaves the scale alone.
            return currentReplicas;
        }
        double ratio = metric / target;
        boolean rebalanceUnready = unreadyPods > 0 && ratio > 1.0;
        if (!rebalanceUnready && missingPods == 0) {
            if (Math.abs(1.0 - ratio) <= tolerance) {
                return currentReplicas;
            }
            return ceilInt(ratio * readyPods);
        }
        double sum = metric * readyPods;
        int count = readyPods;
        if (missingPods > 0) {
            if (ratio < 1.0) {
                sum += target * missingPods;
            }
            count += missingPods;
        }
        if (rebalanceUnready) {
            count += unreadyPods;
        }
        double newRatio = sum / count / target;
        if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return currentReplicas;
        }
        int next = ceilInt(newRatio * count);
        if ((newRatio < 1.0 && next > currentReplicas) || (newRatio > 1.0 && next < currentReplicas)) {
            return currentReplicas;
        }
        return next;
    }

    private static int ceilInt(double v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(v - 1e-9));
    }

    /**
     * One controller sync.
     *
     * @param nowSeconds      the controller's clock
     * @param currentReplicas replicas in the spec (ready + not ready)
     * @param metric          average utilization of ready pods
     * @param readyPods       ready pods with metrics
     * @param unreadyPods     pods in their initialization period and not ready
     * @param missingPods     pods without metrics
     * @return the new desired replicas
     */
    public int sync(double nowSeconds, int currentReplicas, double metric, int readyPods, int unreadyPods, int missingPods) {
        if (currentReplicas == 0 && minReplicas != 0) {
            // Kubernetes disables autoscaling while the scale is at zero (KEDA reactivates it).
            lastRule = "scale at zero: autoscaling disabled";
            return 0;
        }
        int raw;
        if (currentReplicas > maxReplicas) {
            raw = maxReplicas;
        } else if (currentReplicas < minReplicas) {
            raw = minReplicas;
        } else {
            raw = replicaCount(currentReplicas, metric, readyPods, unreadyPods, missingPods, config.targetUtilization(),
                    config.tolerance());
        }
        int stabilized = stabilize(nowSeconds, currentReplicas, raw);
        int desired = limitRate(nowSeconds, currentReplicas, stabilized);
        lastRule = describe(currentReplicas, metric, raw, stabilized, desired);
        if (desired > currentReplicas) {
            upEvents.addLast(new double[] {nowSeconds, desired - currentReplicas});
        } else if (desired < currentReplicas) {
            downEvents.addLast(new double[] {nowSeconds, currentReplicas - desired});
        }
        prune(nowSeconds);
        return desired;
    }

    private String describe(int current, double metric, int raw, int stabilized, int desired) {
        double ratio = metric / config.targetUtilization();
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "ratio %.3f vs tolerance %.3f: %s %d -> %d replicas", ratio, config.tolerance(),
                Math.abs(1 - ratio) <= config.tolerance() ? "within tolerance, recommend" : "recommend", current, raw));
        if (stabilized != raw) {
            boolean down = raw < current || stabilized > raw;
            b.append(String.format(java.util.Locale.ROOT, "; %s stabilization window (%.0f s) held %d",
                    down ? "scale-down" : "scale-up", down ? config.scaleDown().stabilizationWindowSeconds()
                            : config.scaleUp().stabilizationWindowSeconds(), stabilized));
        }
        if (desired != stabilized) {
            b.append(String.format(java.util.Locale.ROOT, "; %s rate policy limited the change to %d",
                    desired > current || stabilized > current ? "scale-up" : "scale-down", desired));
        }
        return b.toString();
    }

    private int stabilize(double now, int current, int raw) {
        double upCutoff = now - config.scaleUp().stabilizationWindowSeconds();
        double downCutoff = now - config.scaleDown().stabilizationWindowSeconds();
        int up = raw;
        int down = raw;
        for (double[] r : recommendations) {
            if (r[0] > upCutoff) {
                up = Math.min(up, (int) r[1]);
            }
            if (r[0] > downCutoff) {
                down = Math.max(down, (int) r[1]);
            }
        }
        recommendations.addLast(new double[] {now, raw});
        int rec = current;
        if (rec < up) {
            rec = up;
        }
        if (rec > down) {
            rec = down;
        }
        return rec;
    }

    private int limitRate(double now, int current, int desired) {
        if (desired > current) {
            int limit = upLimit(now, current, config.scaleUp());
            limit = Math.max(limit, current);
            int allowed = Math.min(maxReplicas, limit);
            return Math.max(Math.min(desired, allowed), Math.min(current, maxReplicas));
        }
        if (desired < current) {
            int limit = downLimit(now, current, config.scaleDown());
            limit = Math.min(limit, current);
            int allowed = Math.max(minReplicas, limit);
            return Math.min(Math.max(desired, allowed), Math.max(current, minReplicas));
        }
        return Math.max(minReplicas, Math.min(maxReplicas, desired));
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

    private int upLimit(double now, int current, ScalingRules rules) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean max = rules.selectPolicy() == SelectPolicy.MAX;
        int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy p : rules.policies()) {
            int start = current - changeInPeriod(upEvents, now, p.periodSeconds());
            int proposed = p.type() == PolicyType.PODS ? start + p.value()
                    : (int) Math.ceil(start * (1 + p.value() / 100.0) - 1e-9);
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private int downLimit(double now, int current, ScalingRules rules) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean max = rules.selectPolicy() == SelectPolicy.MAX;
        int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingPolicy p : rules.policies()) {
            int start = current + changeInPeriod(downEvents, now, p.periodSeconds());
            int proposed = p.type() == PolicyType.PODS ? start - p.value()
                    : (int) (start * (1 - p.value() / 100.0) + 1e-9);
            // Max selects the policy allowing the largest decrease, i.e. the lowest floor.
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private void prune(double now) {
        double keepRec = Math.max(config.scaleUp().stabilizationWindowSeconds(),
                config.scaleDown().stabilizationWindowSeconds());
        while (!recommendations.isEmpty() && recommendations.peekFirst()[0] <= now - keepRec) {
            recommendations.removeFirst();
        }
        double keepUp = config.scaleUp().longestPeriodSeconds();
        while (!upEvents.isEmpty() && upEvents.peekFirst()[0] <= now - keepUp) {
            upEvents.removeFirst();
        }
        double keepDown = config.scaleDown().longestPeriodSeconds();
        while (!downEvents.isEmpty() && downEvents.peekFirst()[0] <= now - keepDown) {
            downEvents.removeFirst();
        }
    }
}
