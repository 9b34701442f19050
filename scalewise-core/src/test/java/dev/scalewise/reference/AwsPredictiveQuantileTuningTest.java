package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.scalewise.reference.TuningFixture.DAY;
import static dev.scalewise.reference.TuningFixture.ENV;
import static dev.scalewise.reference.TuningFixture.SPEC;
import static dev.scalewise.reference.TuningFixture.context;

import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.forecast.RefittingLoadForecaster;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.metrics.SlaCredit;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.PredictiveScalingPolicy;
import dev.scalewise.policy.PredictiveTargetTrackingPolicy;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code aws-predictive:NAME@tuned}: the quantile level of predictive scaling's forecaster is tuned on the training
 * part (lowest training bill reaching the SLA target, else lowest total cost with the SLA credit), on a noisy
 * diurnal trace with Poisson arrivals.
 */
class AwsPredictiveQuantileTuningTest {
    /** Three days of a diurnal rate with log-normal noise of spread {@code noise}. */
    private static double[] noisyDiurnal(double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[3 * DAY];
        for (int t = 0; t < r.length; t++) {
            r[t] = Math.max(1, (400.25 + 300.5 * Math.sin(2 * Math.PI * t / DAY)) * Math.exp(noise * rng.nextGaussian()));
        }
        return r;
    }

    private static String forecasterOf(Policy p) {
        PredictiveScalingPolicy ps = ((PredictiveTargetTrackingPolicy) p).predictive();
        return ((RefittingLoadForecaster) ps.forecaster()).name();
    }

    /** The level a brute-force search over the grid picks; {@code passing} gets how many levels pass. */
    private static double bruteForce(double[] hist, int[] passing) {
        // Predictive scaling on ewma@q, having observed the first training day, simulated on the second (arrival
        // seed 1); the cheapest level reaching 99.9% wins, else the lowest bill plus SLA credit.
        double[] warm = Arrays.copyOfRange(hist, 0, DAY);
        double[] tune = Arrays.copyOfRange(hist, DAY, 2 * DAY);
        SlaCredit credit = SlaCredit.defaults();
        double bestQ = Double.NaN;
        double bestBill = Double.POSITIVE_INFINITY;
        double failQ = Double.NaN;
        double failTotal = Double.POSITIVE_INFINITY;
        for (double q : ReferencePolicies.QUANTILE_GRID) {
            Kpis k = Tuning.simulate(PolicyRegistry.predictive(ForecasterRegistry.classical(), "ewma@" + q, ENV, warm, 1),
                    tune, ENV, 1);
            if (k.slaCompliancePct() + 1e-9 >= 99.9) {
                passing[0]++;
                if (k.costUsd() < bestBill) {
                    bestBill = k.costUsd();
                    bestQ = q;
                }
            } else if (credit.totalCost(k, 60) < failTotal) {
                failTotal = credit.totalCost(k, 60);
                failQ = q;
            }
        }
        return passing[0] > 0 ? bestQ : failQ;
    }

    @Test
    void whenSomeLevelsPassTheCheapestPassingOneIsTheBruteForceOne() {
        double[] all = noisyDiurnal(0.3, 4);
        double[] hist = Arrays.copyOf(all, 2 * DAY);
        double[] eval = Arrays.copyOfRange(all, 2 * DAY, 3 * DAY);
        PolicyRegistry.Context ctx = context(hist, eval);
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.Tuned t = refs.tuneAwsPredictiveQuantile(ctx, "ewma");
        assertThat(t.knob()).isEqualTo("quantile");
        assertThat(t.name()).isEqualTo("aws-predictive:ewma@tuned");
        int[] passing = {0};
        double expected = bruteForce(hist, passing);
        assertThat(passing[0]).as("some levels pass and some do not: the choice is not trivial (%s)", t.detail())
                .isBetween(1, ReferencePolicies.QUANTILE_GRID.length - 1);
        assertThat(t.passed()).isTrue();
        assertThat(t.value()).as(t.detail()).isEqualTo(expected).isGreaterThan(0.5);

        // Deterministic, and through the policy registry the forecaster runs at the tuned level; compare's line.
        assertThat(refs.tuneAwsPredictiveQuantile(ctx, "ewma")).isEqualTo(t);
        ReferencePolicies.Described f = refs.awsPredictiveTuned("ewma");
        assertThat(forecasterOf(f.create(ctx))).isEqualTo("ewma@" + expected);
        assertThat(f.describe(ctx)).startsWith("quantile " + expected + ", training SLA ")
                .contains("q 0.5: training SLA").contains("q 0.995: training SLA");
        assertThat(PolicyRegistry.defaults().factory("aws-predictive:ewma@tuned"))
                .isInstanceOf(ReferencePolicies.Described.class);
    }

    @Test
    void whenNoLevelPassesTheLowestTotalCostWithTheSlaCreditIsTheBruteForceOne() {
        double[] all = noisyDiurnal(0.6, 21);
        double[] hist = Arrays.copyOf(all, 2 * DAY);
        double[] eval = Arrays.copyOfRange(all, 2 * DAY, 3 * DAY);
        PolicyRegistry.Context ctx = context(hist, eval);
        ReferencePolicies.Tuned t = new ReferencePolicies(SPEC, ForecasterRegistry.classical())
                .tuneAwsPredictiveQuantile(ctx, "ewma");
        int[] passing = {0};
        double expected = bruteForce(hist, passing);
        assertThat(passing[0]).as(t.detail()).isZero();
        assertThat(t.passed()).isFalse();
        assertThat(t.detail()).contains("no level reaches the target");
        assertThat(t.value()).as(t.detail()).isEqualTo(expected);
    }

    @Test
    void aTooShortHistoryFallsBackToThePointForecast() {
        double[] eval = Arrays.copyOfRange(noisyDiurnal(0.3, 22), 0, DAY);
        PolicyRegistry.Context none = context(new double[TuningSpec.MIN_STEPS - 1], eval);
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.Tuned t = refs.tuneAwsPredictiveQuantile(none, "holt");
        assertThat(t.value()).isNaN();
        assertThat(t.passed()).isFalse();
        assertThat(t.detail()).isEqualTo("training part too short: the point forecast, aws-predictive:holt");
        ReferencePolicies.Described f = refs.awsPredictiveTuned("holt");
        assertThat(forecasterOf(f.create(none))).isEqualTo("holt");
        assertThat(f.describe(none)).startsWith("point forecast (training part too short");
    }

    @Test
    void anUnknownForecasterFailsClearly() {
        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("aws-predictive:nope@tuned"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown forecaster 'nope'");
        // the existing names keep their meaning
        assertThat(PolicyRegistry.defaults().factory("aws-predictive:ewma@0.9"))
                .isNotInstanceOf(ReferencePolicies.Described.class);
    }
}
