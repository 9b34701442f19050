package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * AWS predictive scaling paired with target tracking, as AWS deploys it: the group's capacity is the larger of
 * what each policy wants. Predictive scaling sets a floor launched ahead of forecast demand; target tracking
 * reacts to what actually happens and is the only one that scales in (never below the predictive floor).
 */
public final class PredictiveTargetTrackingPolicy implements Policy {
    private final PredictiveScalingPolicy predictive;
    private final TargetTrackingPolicy targetTracking;
    private int max;

    public PredictiveTargetTrackingPolicy(PredictiveScalingPolicy predictive, TargetTrackingPolicy targetTracking) {
        this.predictive = java.util.Objects.requireNonNull(predictive, "predictive");
        this.targetTracking = java.util.Objects.requireNonNull(targetTracking, "targetTracking");
    }

    @Override
    public String name() {
        return "aws-predictive";
    }

    @Override
    public void reset(EnvSpec spec) {
        predictive.reset(spec);
        targetTracking.reset(spec);
        max = spec.maxInstances();
    }

    @Override
    public int act(Observation o) {
        int tt = targetTracking.desired(o);
        int floor = predictive.minimumCapacity(o);
        boolean scale = predictive.config().mode() == PredictiveScalingConfig.Mode.FORECAST_AND_SCALE;
        int desired = scale ? Math.max(tt, Math.min(floor, max)) : tt;
        int delta = desired - o.instances();
        targetTracking.applied(o, delta);
        return delta;
    }

    public PredictiveScalingPolicy predictive() {
        return predictive;
    }
}
