package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * AWS EC2 Auto Scaling target tracking (AWS user guide, "Target tracking scaling policies"), reconstructed:
 *
 * <ul>
 *   <li>The metric is the CPU utilization of in-service instances ({@link CpuMetric}); instances in warm-up count
 *   toward capacity, their metrics are excluded (load is balanced evenly, so the per-instance utilization of the
 *   others is the same).</li>
 *   <li>High alarm: metric above target for {@code scaleOutDatapoints} consecutive datapoints. Scale out in
 *   proportion: {@code desired = ceil(ready * metric / target)}; capacity already launched (booting or warming)
 *   counts, so a re-fired alarm adds only what is still missing.</li>
 *   <li>Low alarm: metric below {@code scaleInThresholdFraction x target} for {@code scaleInDatapoints}
 *   datapoints, and no instance in warm-up. Scale in conservatively to the fewest instances that keep the metric
 *   strictly under the target after removal: {@code floor(load / target) + 1} where {@code load = ready x metric}.</li>
 * </ul>
 * One step of dt seconds counts as {@code dt / metricPeriodSeconds} datapoints. With no InService (ready) instance
 * there is no datapoint: the alarms have {@code INSUFFICIENT_DATA} and nothing happens, so target tracking never
 * scales out from zero instances (AWS user guide, "Considerations for target tracking scaling policies").
 */
public final class TargetTrackingPolicy implements Policy, ExplainablePolicy {
    private final TargetTrackingConfig config;
    private final WarmupTracker warmup;
    private double dt;
    private final CloudWatchAlarm high;
    private final CloudWatchAlarm low;
    private int min;
    private int max;
    private RuleText lastRule = RuleText.of("no decision yet");

    public TargetTrackingPolicy(TargetTrackingConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.warmup = new WarmupTracker(config.instanceWarmupSeconds());
        this.high = new CloudWatchAlarm(config.scaleOutDatapoints(), config.metricPeriodSeconds());
        this.low = new CloudWatchAlarm(config.scaleInDatapoints(), config.metricPeriodSeconds());
    }

    public static TargetTrackingPolicy defaults() {
        return new TargetTrackingPolicy(TargetTrackingConfig.defaults());
    }

    public TargetTrackingConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "aws-target-tracking";
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

    /** The capacity this policy wants after observing {@code o} (updates its alarms). */
    int desired(Observation o) {
        double now = o.step() * dt;
        int current = o.instances();
        if (o.ready() == 0) {
            // No InService instance reports a metric: no datapoint, the alarms have INSUFFICIENT_DATA and target
            // tracking does nothing (it does not scale out from zero).
            lastRule = RuleText.of("no InService instance: alarms have insufficient data, no action");
            return current;
        }
        double metric = CpuMetric.of(o, config.metricCeiling());
        double target = config.targetUtilization();
        high.observe(metric > target);
        low.observe(metric < config.scaleInThresholdFraction() * target);
        double load = o.ready() * metric;
        if (high.firing()) {
            int want = (int) Math.ceil(load / target - 1e-9);
            lastRule = RuleText.format("high alarm: metric %.3f above target %.3f for %d steps, "
                    + "scale out in proportion to %d", metric, target, high.breachingSteps(), want);
            return Math.min(max, Math.max(current, want));
        }
        int warming = warmup.warming(now, current);
        if (low.firing() && !config.disableScaleIn() && warming == 0) {
            int want = Math.max(min, (int) Math.floor(load / target + 1e-9) + 1);
            lastRule = RuleText.format("low alarm: metric %.3f below %.3f for %d steps, scale in "
                    + "to %d (metric stays under target after removal)", metric, config.scaleInThresholdFraction() * target,
                    low.breachingSteps(), want);
            return Math.min(current, want);
        }
        if (low.firing() && warming > 0) {
            lastRule = RuleText.format("scale-in blocked: %d instances in warm-up", warming);
        } else {
            lastRule = RuleText.format("no alarm: metric %.3f vs target %.3f", metric, target);
        }
        return current;
    }

    /** Records a change applied at the step of {@code o} (for warm-up). */
    void applied(Observation o, int delta) {
        warmup.record(o.step() * dt, delta);
    }

    @Override
    public int act(Observation o) {
        int delta = desired(o) - o.instances();
        applied(o, delta);
        return delta;
    }
}
