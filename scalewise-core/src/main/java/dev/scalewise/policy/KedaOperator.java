package dev.scalewise.policy;

import java.util.OptionalInt;

/**
 * The KEDA operator's scale loop for one ScaledObject ({@code RequestScale} of
 * {@code pkg/scaling/executor/scale_scaledobjects.go}), reconstructed for a ScaledObject without
 * {@code idleReplicaCount} or {@code fallback}, whose scaler never errors. At each poll:
 *
 * <ul>
 *   <li><b>Active</b> (the trigger's metric strictly above {@code activationThreshold}): at zero replicas, scale to
 *   {@code minReplicaCount} if it is above 0, else 1 ({@code scaleFromZeroOrIdle}); either way the last active time
 *   becomes now.</li>
 *   <li><b>Inactive, replicas above 0 and {@code minReplicaCount} 0</b>: scale to zero only when the last active
 *   time plus {@code cooldownPeriod} is strictly before now, or, never active since creation, when creation plus
 *   {@code initialCooldownPeriod} (default 0) is ({@code scaleToZeroOrIdle}).</li>
 *   <li><b>Inactive, replicas below {@code minReplicaCount}</b>: scale to {@code minReplicaCount}.</li>
 *   <li>Otherwise nothing: with {@code minReplicaCount > 0} the HPA alone scales (no forced change).</li>
 * </ul>
 * The ScaledObject is created just before the first poll (its creation timestamp precedes the poll, as in a real
 * cluster where the scale loop starts after the object exists). Time is in seconds on the caller's clock.
 */
public final class KedaOperator {
    private final KedaConfig config;
    private double createdAt = Double.NaN;
    private double lastActive = Double.NaN;
    private RuleText lastRule = RuleText.of("no poll yet");

    public KedaOperator(KedaConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** A new ScaledObject: never polled, never active. */
    public void reset() {
        createdAt = Double.NaN;
        lastActive = Double.NaN;
        lastRule = RuleText.of("no poll yet");
    }

    /** Sets the last active time (a seam to start the operator with a history, as {@code status.lastActiveTime}). */
    public void recordLastActive(double atSeconds) {
        lastActive = atSeconds;
    }

    /** The last active time, NaN when never active. */
    public double lastActiveSeconds() {
        return lastActive;
    }

    /** What the last poll decided, in one line. */
    public String lastRule() {
        return lastRule.toString();
    }

    /** {@link #lastRule()}, not yet formatted (for a policy that quotes it). */
    RuleText lastRuleText() {
        return lastRule;
    }

    /**
     * One poll.
     *
     * @param now             the operator's clock
     * @param currentReplicas replicas of the scale target's spec
     * @param metric          the trigger's current value
     * @return the replicas the operator sets, or empty when it leaves the scale to the HPA
     */
    public OptionalInt poll(double now, int currentReplicas, double metric) {
        if (Double.isNaN(createdAt)) {
            createdAt = now;
        }
        boolean active = metric > config.activationThreshold();
        int min = config.minReplicaCount();
        if (active) {
            lastActive = now;
            if (currentReplicas == 0) {
                int to = min > 0 ? min : 1;
                lastRule = RuleText.format("activation: metric %.3f above activationThreshold %.3f at zero "
                        + "replicas, scale to %d", metric, config.activationThreshold(), to);
                return OptionalInt.of(to);
            }
            lastRule = RuleText.format("active (metric %.3f > %.3f): last active time now",
                    metric, config.activationThreshold());
            return OptionalInt.empty();
        }
        if (currentReplicas > 0 && min == 0) {
            boolean expired = Double.isNaN(lastActive)
                    ? createdAt + config.initialCooldownPeriodSeconds() <= now
                    : lastActive + config.cooldownPeriodSeconds() < now;
            if (expired) {
                lastRule = Double.isNaN(lastActive)
                        ? RuleText.format("never active, initialCooldownPeriod %.0f s over: scale to zero",
                                config.initialCooldownPeriodSeconds())
                        : RuleText.format("inactive: last active %.0f s + cooldown %.0f s before now %.0f s: "
                                + "scale to zero", lastActive, config.cooldownPeriodSeconds(), now);
                return OptionalInt.of(0);
            }
            lastRule = RuleText.format("inactive, cooling down (last active %.0f s, cooldown %.0f s)",
                    Double.isNaN(lastActive) ? createdAt : lastActive, Double.isNaN(lastActive)
                            ? config.initialCooldownPeriodSeconds() : config.cooldownPeriodSeconds());
            return OptionalInt.empty();
        }
        if (currentReplicas < min) {
            lastRule = RuleText.concat("inactive below minReplicaCount: scale to ", min);
            return OptionalInt.of(min);
        }
        lastRule = RuleText.of("inactive: no change (the HPA decides)");
        return OptionalInt.empty();
    }
}
