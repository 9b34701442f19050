package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import org.junit.jupiter.api.Test;

class AwsPoliciesTest {
    private static final EnvSpec SPEC = new EnvSpec(60, 20, 0.25, 1, 100, 120, 0.1);

    private static Observation obs(int step, double rate, int ready, int booting) {
        double util = rate / (Math.max(1, ready) * 20.0);
        return new Observation(step, rate, rate, ready, booting, util, 0.1, 0, 0, 20, rate);
    }

    @Test
    void targetTrackingScalesInOnlyWhenTheMetricStaysUnderTargetAfterRemoval() {
        TargetTrackingPolicy p = TargetTrackingPolicy.defaults();
        p.reset(SPEC);
        // 10 instances at 30% (below 0.9 x 50%): nothing for 14 datapoints, then the low alarm fires.
        for (int t = 0; t < 14; t++) {
            assertThat(p.act(obs(t, 60, 10, 0))).as("step %d", t).isZero();
        }
        int delta = p.act(obs(14, 60, 10, 0));
        // load = 3 instance-equivalents; floor(3 / 0.5) + 1 = 7 keeps the metric at 3/7 = 43% < 50%.
        assertThat(delta).isEqualTo(-3);
        assertThat(60 / (7 * 20.0)).isLessThan(0.5);

        // 2 instances at 40%: removing one would give 80% > 50%, so it never scales in.
        TargetTrackingPolicy q = TargetTrackingPolicy.defaults();
        q.reset(SPEC);
        for (int t = 0; t < 40; t++) {
            assertThat(q.act(obs(t, 16, 2, 0))).isZero();
        }
    }

    @Test
    void targetTrackingScalesOutProportionallyAfterThreeDatapointsAndCountsWarmingCapacity() {
        TargetTrackingPolicy p = TargetTrackingPolicy.defaults();
        p.reset(SPEC);
        assertThat(p.act(obs(0, 160, 10, 0))).isZero();
        assertThat(p.act(obs(1, 160, 10, 0))).isZero();
        // 80% on 10 instances, target 50%: ceil(10 x 0.8 / 0.5) = 16.
        assertThat(p.act(obs(2, 160, 10, 0))).isEqualTo(6);
        // The alarm fires again while the 6 are booting: they count, nothing more is launched.
        assertThat(p.act(obs(3, 160, 10, 6))).isZero();
    }

    @Test
    void targetTrackingWarmupBlocksScaleIn() {
        TargetTrackingPolicy p = TargetTrackingPolicy.defaults();
        p.reset(SPEC);
        for (int t = 0; t < 3; t++) {
            p.act(obs(t, 160, 10, 0));
        }
        // Launched 6 at step 2 (t = 120 s); warm-up lasts until 420 s (step 7).
        int steps = 0;
        for (int t = 3; t < 30; t++) {
            int d = p.act(obs(t, 20, 16, 0));
            if (d < 0) {
                assertThat(t).isGreaterThanOrEqualTo(7);
                break;
            }
            steps++;
        }
        assertThat(steps).isGreaterThan(0);
    }

    @Test
    void predictiveLaunchesAheadByTheBufferAndNeverScalesIn() {
        // One day of history: 10 req/s, except 400 req/s during hour 10 (steps 600..659).
        double[] prior = new double[1440];
        for (int i = 0; i < prior.length; i++) {
            prior[i] = i >= 600 && i < 660 ? 400 : 10;
        }
        PredictiveScalingPolicy p = new PredictiveScalingPolicy(
                PredictiveScalingConfig.defaults().withMode(PredictiveScalingConfig.Mode.FORECAST_AND_SCALE), null, prior);
        p.reset(SPEC);
        int instances = 1;
        int firstAt = -1;
        for (int t = 0; t < 1440; t++) {
            double rate = t >= 600 && t < 660 ? 400 : 10;
            int d = p.act(obs(t, rate, instances, 0));
            assertThat(d).as("never scales in (step %d)", t).isGreaterThanOrEqualTo(0);
            if (d > 0 && firstAt < 0 && instances < 40) {
                if (t > 500) {
                    firstAt = t;
                }
            }
            instances += d;
        }
        // Capacity for hour 10 (ceil(400 / (20 x 0.5)) = 40) is launched 300 s = 5 steps before 600.
        assertThat(p.planned(600)).isEqualTo(40);
        assertThat(firstAt).isEqualTo(595);
    }

    @Test
    void predictiveWaitsForADayOfHistoryAndForecastOnlyNeverActs() {
        PredictiveScalingPolicy p = PredictiveScalingPolicy.defaults();
        p.reset(SPEC);
        for (int t = 0; t < 1000; t++) {
            assertThat(p.act(obs(t, 500, 1, 0))).isZero();
        }
        double[] prior = new double[1440];
        java.util.Arrays.fill(prior, 500);
        PredictiveScalingPolicy only = new PredictiveScalingPolicy(
                PredictiveScalingConfig.defaults().withMode(PredictiveScalingConfig.Mode.FORECAST_ONLY), null, prior);
        only.reset(SPEC);
        assertThat(only.act(obs(0, 500, 1, 0))).isZero();
        assertThat(only.planned(10)).isEqualTo(50);
    }

    @Test
    void stepScalingAppliesTheStepOfTheBreachAndCountsWarmingInstances() {
        StepScalingPolicy p = StepScalingPolicy.defaults();
        p.reset(SPEC);
        // 85% on 20 instances: breach 0.25 above 60% -> +30% = +6 after three datapoints.
        assertThat(p.act(obs(0, 340, 20, 0))).isZero();
        assertThat(p.act(obs(1, 340, 20, 0))).isZero();
        assertThat(p.act(obs(2, 340, 20, 0))).isEqualTo(6);
        // Re-fired while the 6 warm up: 30% of the 20 not warming = 26 = current: nothing more.
        assertThat(p.act(obs(3, 340, 20, 6))).isZero();
    }

    @Test
    void targetTrackingWithNoInServiceInstanceDoesNothingInsufficientData() {
        TargetTrackingPolicy p = TargetTrackingPolicy.defaults();
        p.reset(new EnvSpec(60, 20, 0.25, 0, 100, 120, 0.1));
        for (int t = 0; t < 20; t++) {
            assertThat(p.act(obs(t, 100, 0, 0))).as("zero instances, step %d", t).isZero();
        }
        // Booting but not yet InService: still no datapoint.
        assertThat(p.act(obs(20, 100, 0, 3))).isZero();
        // Once instances are InService the alarms get datapoints again: three at 80% fire the high alarm.
        TargetTrackingPolicy q = TargetTrackingPolicy.defaults();
        q.reset(SPEC);
        assertThat(q.act(obs(0, 100, 0, 0))).isZero();
        assertThat(q.act(obs(1, 160, 10, 0))).isZero();
        assertThat(q.act(obs(2, 160, 10, 0))).isZero();
        assertThat(q.act(obs(3, 160, 10, 0))).isEqualTo(6);
        StepScalingPolicy s = StepScalingPolicy.defaults();
        s.reset(new EnvSpec(60, 20, 0.25, 0, 100, 120, 0.1));
        for (int t = 0; t < 5; t++) {
            assertThat(s.act(obs(t, 100, 0, 0))).isZero();
        }
    }

    @Test
    void stepScalingPercentChangeRounding() {
        StepScalingPolicy p = StepScalingPolicy.defaults();
        // > 1 rounds down: 10 x 127% = 12.7 -> 12.
        assertThat(p.adjusted(10, 127)).isEqualTo(22);
        // Between 0 and 1 -> 1; between -1 and 0 -> -1.
        assertThat(p.adjusted(10, 5)).isEqualTo(11);
        assertThat(p.adjusted(10, -5)).isEqualTo(9);
        // < -1 rounds toward zero: 15 x -44.5% = -6.675 -> -6.
        assertThat(p.adjusted(15, -44.5)).isEqualTo(9);
        // MinAdjustmentMagnitude 2: +10% of 10 = 1 becomes 2.
        StepScalingConfig d = StepScalingConfig.defaults();
        StepScalingPolicy m = new StepScalingPolicy(new StepScalingConfig(d.metricPeriodSeconds(), d.scaleOutThreshold(),
                d.scaleOutDatapoints(), d.scaleOutSteps(), d.scaleInThreshold(), d.scaleInDatapoints(), d.scaleInSteps(),
                d.adjustmentType(), 2, d.instanceWarmupSeconds(), d.metricCeiling()));
        assertThat(m.adjusted(10, 10)).isEqualTo(12);
    }

    @Test
    void predictiveScalingModeDefaultsToForecastOnlyAndAwsPredictiveChoosesForecastAndScale() {
        assertThat(PredictiveScalingConfig.defaults().mode()).isEqualTo(PredictiveScalingConfig.Mode.FORECAST_ONLY);
        assertThat(PredictiveScalingConfig.defaults().schedulingBufferSeconds()).isEqualTo(300);
        double[] prior = new double[1440];
        java.util.Arrays.fill(prior, 500);
        PredictiveScalingPolicy byDefault = new PredictiveScalingPolicy(PredictiveScalingConfig.defaults(), null, prior);
        byDefault.reset(SPEC);
        assertThat(byDefault.act(obs(0, 500, 1, 0))).isZero();
        assertThat(byDefault.planned(10)).as("it forecasts and reports").isEqualTo(50);
        var registry = dev.scalewise.experiment.PolicyRegistry.defaults();
        var sc = dev.scalewise.experiment.Scenarios.synthetic("diurnal", 120, 1440, 1);
        var ctx = new dev.scalewise.experiment.PolicyRegistry.Context(sc.trace(),
                dev.scalewise.env.EnvConfig.defaults(), sc.trace().rates(), prior, 1);
        PredictiveTargetTrackingPolicy reg = (PredictiveTargetTrackingPolicy) registry.create("aws-predictive", ctx);
        assertThat(reg.predictive().config().mode()).isEqualTo(PredictiveScalingConfig.Mode.FORECAST_AND_SCALE);
        reg.reset(SPEC);
        assertThat(reg.act(obs(0, 500, 1, 0))).isEqualTo(49);
    }
}
