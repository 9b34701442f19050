package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.scalewise.reference.TuningFixture.ENV;
import static dev.scalewise.reference.TuningFixture.SPEC;
import static dev.scalewise.reference.TuningFixture.cheapestPassing;
import static dev.scalewise.reference.TuningFixture.shortHistory;

import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.QuantileForecaster;
import dev.scalewise.reference.TuningFixture.TwoDays;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code mpc:NAME@tuned}: the quantile level of {@code mpc}'s forecast is tuned on the training part together with
 * the margin (lowest training bill reaching the SLA target), on a noisy diurnal trace with Poisson arrivals.
 */
class MpcQuantileTuningTest {
    @Test
    void theTunedLevelIsTheCheapestPassingOneOnTheTrainingDays() {
        TwoDays days = TwoDays.of();
        PolicyRegistry.Context ctx = days.context();
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.MpcTuned t = refs.tuneMpcQuantile(ctx, "ewma");
        assertThat(t.tuned().knob()).isEqualTo("margin");
        assertThat(refs.tuneMpcQuantile(ctx, "ewma").tuned()).isEqualTo(t.tuned()); // deterministic

        // Recompute every (level, margin) by hand: a conformal ewma fitted on the two training days, mpc simulated on
        // the last training day after the first as warm-up (arrival seed 1); the cheapest passing pair must be the
        // one chosen.
        double[] tune = days.tune();
        double[] warm = days.warm();
        QuantileForecaster model = days.fitted(ForecasterRegistry.classical().quantiles("ewma", days.config()));
        List<Double> levels = Arrays.stream(ReferencePolicies.QUANTILE_GRID).boxed().toList();
        TuningFixture.Choice<Double> best = cheapestPassing(levels, (level, m) -> Tuning.simulate(
                new HeadroomPolicy("mpc", new ForecastRateBound(model.atQuantile(level), warm), m, ENV), tune, ENV, 1));
        double bestQ = best.candidate();
        double bestMargin = best.margin();
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
        ReferencePolicies.MpcTuned t = new ReferencePolicies(SPEC, ForecasterRegistry.classical())
                .tuneMpcQuantile(shortHistory(), "ewma");
        assertThat(t.tuned().detail()).contains("training part too short");
        assertThat(t.tuned().value()).isEqualTo(0.2);
    }
}
