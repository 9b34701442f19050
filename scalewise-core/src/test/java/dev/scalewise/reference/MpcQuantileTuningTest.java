package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.QuantileForecaster;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.workload.Trace;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code mpc:NAME@tuned}: the quantile level of {@code mpc}'s forecast is tuned on the training part together with
 * the margin (lowest training bill reaching the SLA target), on a noisy diurnal trace with Poisson arrivals.
 */
class MpcQuantileTuningTest {
    private static final EnvConfig ENV = EnvConfig.defaults()
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120).withBounds(1, 200, 1));
    private static final int DAY = 1440;

    private static double[] noisyDiurnal(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = Math.max(1, (400.25 + 300.5 * Math.sin(2 * Math.PI * t / DAY)) * (1 + 0.05 * rng.nextGaussian()));
        }
        return r;
    }

    private static final TuningSpec SPEC = new TuningSpec(99.9, new double[] {0, 0.1}, new double[] {0.5, 0.7}, 1, 2,
            1, 0.2);

    @Test
    void theTunedLevelIsTheCheapestPassingOneOnTheTrainingDays() {
        double[] hist = noisyDiurnal(2 * DAY, 11);
        double[] eval = noisyDiurnal(DAY, 12);
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, hist, 3);
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.MpcTuned t = refs.tuneMpcQuantile(ctx, "ewma");
        assertThat(t.tuned().knob()).isEqualTo("margin");
        assertThat(refs.tuneMpcQuantile(ctx, "ewma").tuned()).isEqualTo(t.tuned()); // deterministic

        // Recompute every (level, margin) by hand: a conformal ewma fitted on the two training days, mpc simulated on
        // the last training day after the first as warm-up; the cheapest passing pair must be the one chosen.
        double[] tune = Arrays.copyOfRange(hist, DAY, 2 * DAY);
        double[] warm = Arrays.copyOfRange(hist, 0, DAY);
        QuantileForecaster model = ForecasterRegistry.classical().quantiles("ewma",
                ForecasterConfig.of(DAY, ENV.spec().bootSteps() + 1, 1));
        model.fit(hist);
        double bestBill = Double.POSITIVE_INFINITY;
        double bestQ = Double.NaN;
        double bestMargin = Double.NaN;
        for (double level : ReferencePolicies.QUANTILE_GRID) {
            for (double m : SPEC.margins()) {
                Kpis k = Tuning.simulate(new HeadroomPolicy("mpc", new ForecastRateBound(model.atQuantile(level), warm),
                        m, ENV), tune, ENV, 1);
                if (k.slaCompliancePct() + 1e-9 >= 99.9) {
                    if (k.costUsd() < bestBill) {
                        bestBill = k.costUsd();
                        bestQ = level;
                        bestMargin = m;
                    }
                    break; // the smallest passing margin of this level
                }
            }
        }
        assertThat(t.tuned().passed()).as(t.tuned().detail()).isTrue();
        assertThat(t.fitted().name()).as(t.tuned().detail()).isEqualTo("ewma@" + bestQ);
        assertThat(t.tuned().value()).isEqualTo(bestMargin);
        assertThat(bestQ).as("the median under-provisions half the time").isGreaterThan(0.5);

        // Through the policy registry: margin 0, the forecaster at the tuned level.
        HeadroomPolicy p = (HeadroomPolicy) PolicyRegistry.defaults().create("mpc:ewma@tuned", ctx);
        assertThat(p.name()).isEqualTo("mpc:ewma@tuned");
        assertThat(p.margin()).isEqualTo(bestMargin);
        assertThat(((ForecastRateBound) p.bound()).forecasterName()).isEqualTo("ewma@" + bestQ);
    }

    @Test
    void unknownForecasterAndShortHistory() {
        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("mpc:nope@tuned"))
                .hasMessageStartingWith("unknown forecaster 'nope'");
        double[] eval = noisyDiurnal(DAY, 12);
        PolicyRegistry.Context none = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, new double[5], 3);
        ReferencePolicies.MpcTuned t = new ReferencePolicies(SPEC, ForecasterRegistry.classical())
                .tuneMpcQuantile(none, "ewma");
        assertThat(t.tuned().detail()).contains("training part too short");
        assertThat(t.tuned().value()).isEqualTo(0.2);
    }
}
