package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.StepResult;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.RefittingLoadForecaster;
import dev.scalewise.policy.LoadForecaster;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.PredictiveScalingConfig;
import dev.scalewise.policy.PredictiveScalingPolicy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS predictive scaling backed by a registered forecaster: scale-out only, past data only. */
class PredictiveForecasterTest {

    private static List<Integer> actions(Policy p, Trace trace, List<Double> observed) {
        AutoscaleEnv env = new AutoscaleEnv(EnvConfig.defaults().withPoissonArrivals(false), Workload.fixed(trace),
                CostSlaReward.defaults());
        var o = env.reset(3);
        p.reset(env.spec());
        List<Integer> acts = new ArrayList<>();
        while (true) {
            int a = p.act(o);
            acts.add(a);
            StepResult r = env.step(a);
            observed.add(r.info().arrivalRate());
            o = r.observation();
            if (r.done()) {
                return acts;
            }
        }
    }

    @Test
    void neverScalesInAndOnlyEverFitsOnWhatItObserved() {
        Scenarios.Scenario sc = Scenarios.synthetic("diurnal", 900, 1440, 5);
        double[] history = sc.history();
        double[] rates = sc.trace().rates();
        double[] changed = rates.clone();
        int k = 400;
        for (int t = k; t < changed.length; t++) {
            changed[t] = 5 * rates[t];
        }
        RefittingLoadForecaster hw = new RefittingLoadForecaster(ForecasterRegistry.standard(), "holt-winters-add",
                ForecasterConfig.of(1440, 2880, 0));
        List<int[]> calls = new ArrayList<>();
        List<double[]> seen = new ArrayList<>();
        LoadForecaster recording = (h, count, horizon) -> {
            calls.add(new int[] {count, horizon});
            seen.add(Arrays.copyOf(h, count));
            return hw.forecast(h, count, horizon);
        };
        List<Double> observedA = new ArrayList<>();
        PredictiveScalingConfig scale = PredictiveScalingConfig.defaults().withMode(PredictiveScalingConfig.Mode.FORECAST_AND_SCALE);
        List<Integer> a = actions(new PredictiveScalingPolicy(scale, recording, history),
                new Trace("a", 60, rates), observedA);
        assertThat(a).allMatch(d -> d >= 0);
        assertThat(a).anyMatch(d -> d > 0);
        assertThat(calls).hasSizeGreaterThanOrEqualTo(3); // at the start and every 6 h
        // each fit saw exactly the prior history then the rates observed so far, never one more
        for (double[] s : seen) {
            assertThat(s.length).isGreaterThanOrEqualTo(history.length);
            assertThat(Arrays.copyOf(s, history.length)).containsExactly(history);
            for (int i = history.length; i < s.length; i++) {
                assertThat(s[i]).isEqualTo(observedA.get(i - history.length));
            }
            assertThat(s.length - history.length).isLessThan(observedA.size());
        }
        List<Integer> b = actions(new PredictiveScalingPolicy(scale,
                new RefittingLoadForecaster(ForecasterRegistry.standard(), "holt-winters-add",
                        ForecasterConfig.of(1440, 2880, 0)), history), new Trace("b", 60, changed), new ArrayList<>());
        // a different future changes nothing before it is observed (action at step t reads rates up to t - 1)
        assertThat(b.subList(0, k + 1)).isEqualTo(a.subList(0, k + 1));
    }

    @Test
    void theRegistryResolvesAwsPredictiveWithAForecasterName() {
        PolicyRegistry r = PolicyRegistry.defaults();
        Scenarios.Scenario sc = Scenarios.synthetic("diurnal", 120, 1440, 1);
        var ctx = new PolicyRegistry.Context(sc.trace(), EnvConfig.defaults(), sc.trace().rates(), sc.history(), 1);
        assertThat(r.create("aws-predictive:holt", ctx).name()).isEqualTo(r.create("aws-predictive", ctx).name());
        assertThatThrownBy(() -> r.factory("aws-predictive:nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.factory("nope")).hasMessageContaining("aws-predictive:<forecaster>");
        // the quantile knob: NAME@Q plans for the conformal Q-quantile of the rate
        assertThat(r.create("aws-predictive:holt@0.99", ctx).name()).isEqualTo(r.create("aws-predictive", ctx).name());
        assertThatThrownBy(() -> r.factory("aws-predictive:holt@2")).hasMessageContaining("quantile must be in (0, 1), got 2");
    }

    @Test
    void theAgentsForecastFeatureTakesAQuantileName() {
        Scenarios.Scenario sc = Scenarios.synthetic("diurnal", 120, 1440, 4);
        Workload w = Workload.fixed(sc.trace());
        ForecasterSpec pointSpec = ForecasterSpec.of("ewma").withHorizonSteps(2);
        ForecasterSpec highSpec = ForecasterSpec.of("ewma@0.95").withHorizonSteps(2);
        var point = pointSpec.feature(pointSpec.fit(w));
        var high = highSpec.feature(highSpec.fit(w));
        assertThat(highSpec.fit(w).name()).isEqualTo("ewma@0.95");
        double[] h = sc.history();
        for (int count : new int[] {10, 500, h.length}) {
            assertThat(high.forecast(h, count, 2)).as("count %d", count).isGreaterThan(point.forecast(h, count, 2));
        }
        assertThatThrownBy(() -> ForecasterSpec.of("ewma@1.5")).hasMessageContaining("forecaster.name must be one of");
    }

    @Test
    void aHigherQuantilePlansForMoreLoad() {
        Scenarios.Scenario sc = Scenarios.synthetic("diurnal", 120, 1440, 2);
        double[] history = sc.history();
        ForecasterConfig config = ForecasterConfig.of(1440, 120, 0);
        double[] median = new RefittingLoadForecaster(ForecasterRegistry.standard(), "holt@0.5", config)
                .forecast(history, history.length, 120);
        double[] high = new RefittingLoadForecaster(ForecasterRegistry.standard(), "holt@0.99", config)
                .forecast(history, history.length, 120);
        for (int k = 0; k < high.length; k++) {
            assertThat(high[k]).as("lead %d", k + 1).isGreaterThan(median[k]);
        }
    }
}
