package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * The classic rule the seeds argue against: add {@code step} instances when utilization exceeds
 * {@code upper}, remove {@code step} when it falls below {@code lower}; after any action, no further action
 * until {@code cooldownSeconds} have passed.
 */
public final class ThresholdPolicy implements Policy, ExplainablePolicy {
    private final double upper;
    private final double lower;
    private final int step;
    private final double cooldownSeconds;
    private double dt;
    private long lastActionStep;
    private RuleText lastRule = RuleText.of("no decision yet");

    /**
     * @param upper           scale-up utilization threshold (default 0.8)
     * @param lower           scale-down utilization threshold (default 0.4)
     * @param step            instances added or removed per action (default 1)
     * @param cooldownSeconds quiet time after an action (default 300)
     */
    public ThresholdPolicy(double upper, double lower, int step, double cooldownSeconds) {
        if (!(lower >= 0 && lower < upper)) {
            throw new IllegalArgumentException("threshold: need 0 <= lower < upper, got lower=" + lower + ", upper=" + upper);
        }
        if (step < 1) {
            throw new IllegalArgumentException("threshold.step must be >= 1, got " + step);
        }
        if (!(cooldownSeconds >= 0) || !Double.isFinite(cooldownSeconds)) {
            throw new IllegalArgumentException("threshold.cooldownSeconds must be a finite number >= 0, got " + cooldownSeconds);
        }
        this.upper = upper;
        this.lower = lower;
        this.step = step;
        this.cooldownSeconds = cooldownSeconds;
    }

    public static ThresholdPolicy defaults() {
        return new ThresholdPolicy(0.8, 0.4, 1, 300);
    }

    @Override
    public String name() {
        return "threshold";
    }

    @Override
    public void reset(EnvSpec spec) {
        dt = spec.stepSeconds();
        lastActionStep = Long.MIN_VALUE / 2;
        lastRule = RuleText.of("no decision yet");
    }

    @Override
    public String lastRule() {
        return lastRule.toString();
    }

    /** Whether the cooldown still blocks an action at step {@code k}. */
    public boolean inCooldown(long k) {
        return (k - lastActionStep) * dt < cooldownSeconds - 1e-9;
    }

    @Override
    public int act(Observation o) {
        if (inCooldown(o.step())) {
            lastRule = RuleText.format("cooldown blocked: %.0f s since the last action < %.0f s",
                    (o.step() - lastActionStep) * dt, cooldownSeconds);
            return 0;
        }
        int delta = 0;
        if (o.utilization() > upper) {
            delta = step;
            lastRule = RuleText.format("utilization %.3f above upper threshold %.3f", o.utilization(), upper);
        } else if (o.utilization() < lower && o.instances() > 0) {
            delta = -step;
            lastRule = RuleText.format("utilization %.3f below lower threshold %.3f", o.utilization(), lower);
        } else {
            lastRule = RuleText.format("utilization %.3f within [%.3f, %.3f]: hold", o.utilization(),
                    lower, upper);
        }
        if (delta != 0) {
            lastActionStep = o.step();
        }
        return delta;
    }

    public double upper() {
        return upper;
    }

    public double lower() {
        return lower;
    }

    public int step() {
        return step;
    }

    public double cooldownSeconds() {
        return cooldownSeconds;
    }
}
