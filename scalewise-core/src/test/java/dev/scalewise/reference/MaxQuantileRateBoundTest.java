package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static dev.scalewise.reference.TuningFixture.DAY;
import static dev.scalewise.reference.TuningFixture.ENV;
import static dev.scalewise.reference.TuningFixture.SPEC;
import static dev.scalewise.reference.TuningFixture.cheapestPassing;
import static dev.scalewise.reference.TuningFixture.noisyDiurnal;
import static dev.scalewise.reference.TuningFixture.shortHistory;
import static dev.scalewise.reference.TuningFixture.worstSeed;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.forecast.ConformalForecaster;
import dev.scalewise.forecast.ConformalForecaster.Scale;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.reference.TuningFixture.TwoDays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxQuantileRateBound}: a split-conformal quantile of the maximum over the horizon covers that maximum at the
 * nominal rate out of sample (where the maximum of per-lead quantiles does not), is monotone in q, and
 * {@code mpc:NAME@maxq} picks what a brute-force search of (scale, q, margin) on the training days picks.
 */
class MaxQuantileRateBoundTest {
    private static final int LEADS = 3;

    /** 100 + N(0, 10) per step, independent: the maximum of 3 steps has known quantiles. */
    private static double[] iidNoise(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = 100 + 10 * rng.nextGaussian();
        }
        return r;
    }

    private static int[] origins(int from, int to) {
        int[] e = new int[to - from];
        for (int i = 0; i < e.length; i++) {
            e[i] = from + i;
        }
        return e;
    }

    @Test
    void coversTheMaximumAtTheNominalRateOutOfSampleAndMatchesTheKnownQuantile() {
        double[] series = iidNoise(40_000, 5);
        Forecaster ewma = ForecasterRegistry.classical().create("ewma", ForecasterConfig.of(1440, LEADS, 1));
        ewma.fit(Arrays.copyOfRange(series, 0, 10_000));
        // Calibrate on [10k, 20k), measure on [20k, 40k) (never seen by the fit or the calibration).
        MaxQuantileRateBound.Calibration cal = MaxQuantileRateBound.calibrate(ewma,
                Arrays.copyOfRange(series, 0, 20_000), 10_000, LEADS, Scale.ABSOLUTE);
        int[] test = origins(20_000, 40_000 - LEADS);
        for (double q : new double[] {0.9, 0.99}) {
            assertThat(cal.coverage(ewma, series, test, q)).as("coverage of q %s", q).isCloseTo(q, within(0.02));
        }
        // The maximum of 3 independent N(100, 10) has its 0.9-quantile at 100 + 10 z, Phi(z)^3 = 0.9: z = 1.8173;
        // ewma's forecast is close to the mean 100, so the score is about 18.2.
        assertThat(cal.score(0.9)).isCloseTo(18.17, within(1.0));

        // The maximum of the per-lead conformal 0.9-quantiles covers only about 0.9^3 of the maxima.
        ConformalForecaster perLead = new ConformalForecaster(
                ForecasterRegistry.classical().create("ewma", ForecasterConfig.of(1440, LEADS, 1)), LEADS);
        perLead.fit(Arrays.copyOfRange(series, 0, 10_000), Arrays.copyOfRange(series, 10_000, 20_000));
        double[][] f = perLead.atQuantile(0.9).forecastMany(series, test, LEADS);
        int covered = 0;
        for (int i = 0; i < test.length; i++) {
            double y = Math.max(series[test[i]], Math.max(series[test[i] + 1], series[test[i] + 2]));
            if (y <= Math.max(f[i][0], Math.max(f[i][1], f[i][2]))) {
                covered++;
            }
        }
        assertThat((double) covered / test.length).isLessThan(0.8);
    }

    @Test
    void relativeScoresCoverAProportionalNoiseAndBoundsAreMonotoneInQ() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] series = new double[30_000];
        for (int t = 0; t < series.length; t++) {
            double level = 400 + 300 * Math.sin(2 * Math.PI * t / 1440);
            series[t] = level * (1 + 0.05 * rng.nextGaussian());
        }
        Forecaster ewma = ForecasterRegistry.classical().create("ewma", ForecasterConfig.of(1440, LEADS, 1));
        ewma.fit(Arrays.copyOfRange(series, 0, 5_000));
        for (Scale scale : Scale.values()) {
            MaxQuantileRateBound.Calibration cal = MaxQuantileRateBound.calibrate(ewma,
                    Arrays.copyOfRange(series, 0, 15_000), 5_000, LEADS, scale);
            assertThat(cal.coverage(ewma, series, origins(15_000, 30_000 - LEADS), 0.95)).as(scale.name())
                    .isCloseTo(0.95, within(0.03));
            for (double fmax : new double[] {0, 50, 500}) {
                double prev = Double.NEGATIVE_INFINITY;
                for (double q : ReferencePolicies.MAX_QUANTILE_GRID) {
                    double b = cal.bound(fmax, q);
                    assertThat(b).isGreaterThanOrEqualTo(prev).isGreaterThanOrEqualTo(0);
                    prev = b;
                }
            }
        }
    }

    @Test
    void badInputIsRejected() {
        Forecaster naive = ForecasterRegistry.classical().create("naive", ForecasterConfig.of(1440, LEADS, 1));
        naive.fit(new double[] {1, 2, 3});
        assertThatThrownBy(() -> MaxQuantileRateBound.calibrate(naive, new double[] {1, 2, 3}, 1, 3, Scale.ABSOLUTE))
                .hasMessageContaining("needs an origin with 3 values after it");
        MaxQuantileRateBound.Calibration cal = MaxQuantileRateBound.calibrate(naive, new double[] {1, 2, 3, 4, 5}, 1, 3,
                Scale.ABSOLUTE);
        assertThatThrownBy(() -> cal.score(1.0)).hasMessageContaining("quantile must be in (0, 1)");
        MaxQuantileRateBound b = new MaxQuantileRateBound(naive, new double[] {1, 2}, cal, 0.9);
        b.reset(EnvConfig.defaults().spec());
        assertThatThrownBy(() -> b.upperBound(new dev.scalewise.env.Observation(1, 1, 1, 1, 0, 0, 0, 0, 0, 20, 0), 5))
                .hasMessageContaining("calibrated for 3 leads");
    }

    // --- tuning ---

    /** One candidate of the brute-force search: a calibration (its scale) and a level. */
    private record Candidate(MaxQuantileRateBound.Calibration cal, double level) {
    }

    @Test
    void tuningPicksWhatBruteForcePicks() {
        TwoDays days = TwoDays.of();
        PolicyRegistry.Context ctx = days.context();
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.MpcMaxTuned t = refs.tuneMpcMaxQuantile(ctx, "ewma");
        assertThat(refs.tuneMpcMaxQuantile(ctx, "ewma").tuned()).isEqualTo(t.tuned()); // deterministic

        // By hand: ewma fitted on the two training days, the maximum over boot + 1 leads calibrated on the second
        // (the tuned day), mpc simulated on it after the first as warm-up; every (scale, level, margin) tried, judged
        // on the worst of seeds 1, 2, 3 (the tuning seed and the next two), the cheapest passing one (of each
        // (scale, level), its smallest passing margin) must be the one chosen.
        double[] tune = days.tune();
        double[] warm = days.warm();
        Forecaster model = days.ewma();
        List<Candidate> candidates = new ArrayList<>();
        for (Scale scale : new Scale[] {Scale.RELATIVE, Scale.ABSOLUTE}) {
            MaxQuantileRateBound.Calibration cal = MaxQuantileRateBound.calibrate(model, days.hist(), DAY, days.leads(),
                    scale);
            for (double level : ReferencePolicies.MAX_QUANTILE_GRID) {
                candidates.add(new Candidate(cal, level));
            }
        }
        TuningFixture.Choice<Candidate> best = cheapestPassing(candidates, (c, m) -> worstSeed(seed -> Tuning.simulate(
                new HeadroomPolicy("mpc", new MaxQuantileRateBound(model, warm, c.cal(), c.level()), m, ENV), tune,
                ENV, seed)));
        Scale bestScale = best.candidate().cal().scale();
        double bestQ = best.candidate().level();
        double bestMargin = best.margin();
        assertThat(t.tuned().passed()).as(t.tuned().detail()).isTrue();
        assertThat(t.calibration().scale()).as(t.tuned().detail()).isEqualTo(bestScale);
        assertThat(t.quantile()).as(t.tuned().detail()).isEqualTo(bestQ);
        assertThat(t.tuned().value()).isEqualTo(bestMargin);
        // Its training compliance is its worst seed's, and every seed of the chosen candidate reaches the target.
        double worstSla = 100;
        for (long seed = 1; seed <= ReferencePolicies.MAX_QUANTILE_SEEDS; seed++) {
            Kpis ks = Tuning.simulate(new HeadroomPolicy("mpc", t.bound(), bestMargin, ENV), tune, ENV, seed);
            assertThat(ks.slaCompliancePct()).as("seed " + seed).isGreaterThanOrEqualTo(99.9 - 1e-9);
            worstSla = Math.min(worstSla, ks.slaCompliancePct());
        }
        assertThat(t.tuned().trainingSlaPct()).isEqualTo(worstSla);
        assertThat(t.tuned().detail()).startsWith("scale " + bestScale.name().toLowerCase() + ", q " + bestQ);

        // Through the policy registry.
        HeadroomPolicy p = (HeadroomPolicy) PolicyRegistry.defaults().create("mpc:ewma@maxq", ctx);
        assertThat(p.name()).isEqualTo("mpc:ewma@maxq");
        assertThat(p.margin()).isEqualTo(bestMargin);
        assertThat(((MaxQuantileRateBound) p.bound()).quantile()).isEqualTo(bestQ);
        assertThat(((MaxQuantileRateBound) p.bound()).forecasterName()).isEqualTo("ewma@max" + bestQ);
    }

    @Test
    void simulateWorstIsTheLowestComplianceOfItsSeeds() {
        double[] rates = noisyDiurnal(DAY, 13);
        Forecaster model = ForecasterRegistry.classical().create("naive", ForecasterConfig.of(DAY, 3, 1));
        model.fit(rates);
        java.util.function.Supplier<HeadroomPolicy> p = () -> new HeadroomPolicy("mpc",
                new ForecastRateBound(model, new double[0]), 0, ENV);
        double lowest = 100;
        double highest = 0;
        for (long seed = 4; seed < 9; seed++) {
            double sla = Tuning.simulate(p.get(), rates, ENV, seed).slaCompliancePct();
            lowest = Math.min(lowest, sla);
            highest = Math.max(highest, sla);
        }
        assertThat(lowest).as("the seeds must disagree for the test to mean anything").isLessThan(highest);
        Kpis worst = Tuning.simulateWorst(p, rates, ENV, 4, 5);
        assertThat(worst.slaCompliancePct()).isEqualTo(lowest);
        assertThat(Tuning.simulateWorst(p, rates, ENV, 4, 1)).isEqualTo(Tuning.simulate(p.get(), rates, ENV, 4));
        assertThatThrownBy(() -> Tuning.simulateWorst(p, rates, ENV, 4, 0)).hasMessageContaining("seeds must be >= 1");
    }

    @Test
    void unknownForecasterAndShortHistory() {
        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("mpc:nope@maxq"))
                .hasMessageStartingWith("unknown forecaster 'nope'");
        ReferencePolicies.MpcMaxTuned t = new ReferencePolicies(SPEC, ForecasterRegistry.classical())
                .tuneMpcMaxQuantile(shortHistory(), "ewma");
        assertThat(t.tuned().detail()).contains("training part too short");
        assertThat(t.tuned().value()).isEqualTo(0.2);
        assertThat(t.bound()).isInstanceOf(ForecastRateBound.class);
    }
}
