package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.workload.Trace;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * What the tuning tests of the reference policies share: one-minute steps with a 120 s boot delay, a small tuning
 * grid on one tuned day after one warm-up day, a noisy diurnal rate, and the brute-force search they check a tuning
 * against (every candidate at its smallest passing margin; the cheapest passing one wins).
 */
final class TuningFixture {
    static final int DAY = 1440;
    static final EnvConfig ENV = EnvConfig.defaults()
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120).withBounds(1, 200, 1));
    /** Target 99.9%, margins 0 and 10%, utilizations 0.5 and 0.7, one tuned day of two fitted, seed 1, default 0.2. */
    static final TuningSpec SPEC = new TuningSpec(99.9, new double[] {0, 0.1}, new double[] {0.5, 0.7}, 1, 2, 1, 0.2);

    private TuningFixture() {
    }

    /** {@code n} steps of 400 + 300 sin(2 pi t / day) req/s (at least 1) with 5% multiplicative normal noise. */
    static double[] noisyDiurnal(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = Math.max(1, (400.25 + 300.5 * Math.sin(2 * Math.PI * t / DAY)) * (1 + 0.05 * rng.nextGaussian()));
        }
        return r;
    }

    /** Evaluating {@code eval} (its own realized rates) after the training part {@code hist}, episode seed 3. */
    static PolicyRegistry.Context context(double[] hist, double[] eval) {
        return new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, hist, 3);
    }

    /**
     * Two training days (noise seed 11) before an evaluated day (seed 12): the first training day warms a forecaster
     * up, the second is the tuned day; forecasts cover the boot delay plus one step ({@code leads}).
     */
    record TwoDays(double[] hist, double[] eval, PolicyRegistry.Context context, double[] warm, double[] tune,
                   int leads) {
        static TwoDays of() {
            double[] hist = noisyDiurnal(2 * DAY, 11);
            double[] eval = noisyDiurnal(DAY, 12);
            return new TwoDays(hist, eval, TuningFixture.context(hist, eval), Arrays.copyOfRange(hist, 0, DAY),
                    Arrays.copyOfRange(hist, DAY, 2 * DAY), ENV.spec().bootSteps() + 1);
        }

        /** The forecasters' config: season one day, {@code leads} leads, seed 1. */
        ForecasterConfig config() {
            return ForecasterConfig.of(DAY, leads, 1);
        }

        /** The classical ewma fitted on both training days. */
        Forecaster ewma() {
            return fitted(ForecasterRegistry.classical().create("ewma", config()));
        }

        /** {@code model} (made with {@link #config()}) fitted on both training days. */
        <F extends Forecaster> F fitted(F model) {
            model.fit(hist);
            return model;
        }
    }

    /** A training part of 5 steps, too short to tune ({@link TuningSpec#MIN_STEPS}), before a diurnal day. */
    static PolicyRegistry.Context shortHistory() {
        return context(new double[5], noisyDiurnal(DAY, 12));
    }

    /** The KPIs of the worst seed (lowest compliance) of arrival seeds 1 .. {@link ReferencePolicies#MAX_QUANTILE_SEEDS}. */
    static Kpis worstSeed(LongFunction<Kpis> run) {
        Kpis k = null;
        for (long seed = 1; seed <= ReferencePolicies.MAX_QUANTILE_SEEDS; seed++) {
            Kpis ks = run.apply(seed);
            if (k == null || ks.slaCompliancePct() < k.slaCompliancePct()) {
                k = ks;
            }
        }
        return k;
    }

    /** What a brute-force search chose: the candidate, its smallest passing margin, its bill. */
    record Choice<C>(C candidate, double margin, double bill) {
    }

    /**
     * Every candidate tried at each margin of {@link #SPEC} in order until one reaches the SLA target (its smallest
     * passing margin); of those, the one with the lowest bill (the first on a tie). Fails when none passes.
     */
    static <C> Choice<C> cheapestPassing(List<C> candidates, BiFunction<C, Double, Kpis> simulate) {
        Choice<C> best = null;
        for (C c : candidates) {
            for (double m : SPEC.margins()) {
                Kpis k = simulate.apply(c, m);
                if (k.slaCompliancePct() + 1e-9 >= SPEC.slaTargetPct()) {
                    if (best == null || k.costUsd() < best.bill()) {
                        best = new Choice<>(c, m, k.costUsd());
                    }
                    break; // the smallest passing margin of this candidate
                }
            }
        }
        assertThat(best).as("no candidate reaches the target").isNotNull();
        return best;
    }
}
