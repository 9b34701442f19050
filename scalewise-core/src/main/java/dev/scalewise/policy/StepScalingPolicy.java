package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.policy.StepScalingConfig.AdjustmentType;
import dev.scalewise.policy.StepScalingConfig.StepAdjustment;
import java.util.List;

/**
 * AWS EC2 Auto Scaling step scaling: when an alarm fires, the step adjustment whose interval contains the breach
 * ({@code metric - threshold}) is applied. Warm-up: instances still warming count toward capacity, so the
 * adjustment is applied to the capacity that is not warming and only the difference above the current capacity
 * is launched (a re-fired alarm in the same step launches nothing more); scale-in waits until no instance is
 * warming. One step of dt seconds counts as {@code dt / metricPeriodSeconds} datapoints.
 */
public final class StepScalingPolicy implements Policy, ExplainablePolicy {
    private final StepScalingConfig config;
    private final WarmupTracker warmup;
    private double dt;
    private final CloudWatchAlarm high;
    private final CloudWatchAlarm low;
    private int min;
    private int max;
    private RuleText lastRule = RuleText.of("no decision yet");

    public StepScalingPolicy(StepScalingConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.warmup = new WarmupTracker(config.instanceWarmupSeconds());
        this.high = new CloudWatchAlarm(config.scaleOutDatapoints(), config.metricPeriodSeconds());
        this.low = new CloudWatchAlarm(config.scaleInDatapoints(), config.metricPeriodSeconds());
    }

    public static StepScalingPolicy defaults() {
        return new StepScalingPolicy(StepScalingConfig.defaults());
    }

    @Override
    public String name() {
        return "aws-step";
    }

    @Override
    public void reset(EnvSpec spec) {
        dt = spec.stepSeconds();
        high.reset(dt);
        low.reset(dt);
        min = spec.minInstances();
        max = spec.maxInstances();
        warmup.reset();
        lastRule = RuleText.of("no decision yet");
    }

    @Override
    public String lastRule() {
        return lastRule.toString();
    }

    /**
     * The new capacity when {@code adjustment} applies to {@code base} instances. A percent change that is not an
     * integer rounds as AWS documents ("Step scaling policies", PercentChangeInCapacity): above 1 down (12.7 -&gt;
     * 12), between 0 and 1 to 1, between -1 and 0 to -1, below -1 toward zero (-6.67 -&gt; -6); then at least
     * {@code minAdjustmentMagnitude}.
     */
    public int adjusted(int base, double adjustment) {
        AdjustmentType type = config.adjustmentType();
        if (type == AdjustmentType.EXACT_CAPACITY) {
            return (int) adjustment;
        }
        if (type == AdjustmentType.CHANGE_IN_CAPACITY) {
            return base + (int) adjustment;
        }
        double change = base * adjustment / 100.0;
        int c = (int) change; // toward zero
        if (c == 0 && change != 0) {
            c = change > 0 ? 1 : -1;
        }
        if (Math.abs(c) < config.minAdjustmentMagnitude() && change != 0) {
            c = (int) Math.signum(change) * config.minAdjustmentMagnitude();
        }
        return base + c;
    }

    private static StepAdjustment find(List<StepAdjustment> steps, double breach) {
        for (StepAdjustment s : steps) {
            if (s.contains(breach)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public int act(Observation o) {
        double now = o.step() * dt;
        int current = o.instances();
        if (o.ready() == 0) {
            // No InService instance: no CPU datapoint, the alarms have INSUFFICIENT_DATA, no action.
            lastRule = RuleText.of("no InService instance: alarms have insufficient data, no action");
            return 0;
        }
        double metric = CpuMetric.of(o, config.metricCeiling());
        high.observe(metric > config.scaleOutThreshold());
        low.observe(metric < config.scaleInThreshold());
        int desired = current;
        int warming = warmup.warming(now, current);
        lastRule = RuleText.format("no alarm: metric %.3f within [%.3f, %.3f]", metric,
                config.scaleInThreshold(), config.scaleOutThreshold());
        if (high.firing()) {
            StepAdjustment s = find(config.scaleOutSteps(), metric - config.scaleOutThreshold());
            if (s != null) {
                desired = Math.max(current, adjusted(current - warming, s.adjustment()));
                lastRule = RuleText.format("scale-out alarm: breach %.3f above %.3f, step "
                        + "adjustment %.1f on %d non-warming instances", metric - config.scaleOutThreshold(),
                        config.scaleOutThreshold(), s.adjustment(), current - warming);
            }
        } else if (low.firing() && warming == 0) {
            StepAdjustment s = find(config.scaleInSteps(), metric - config.scaleInThreshold());
            if (s != null) {
                desired = Math.min(current, adjusted(current, s.adjustment()));
                lastRule = RuleText.format("scale-in alarm: breach %.3f below %.3f, step "
                        + "adjustment %.1f", metric - config.scaleInThreshold(), config.scaleInThreshold(), s.adjustment());
            }
        } else if (low.firing()) {
            lastRule = RuleText.format("scale-in blocked: %d instances warming", warming);
        }
        desired = Math.max(min, Math.min(max, desired));
        int delta = desired - current;
        warmup.record(now, delta);
        return delta;
    }
}
