package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.ForecasterConfig;
import dev.scalewise.forecast.ForecasterRegistry;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.metrics.SlaCredit;
import dev.scalewise.oracle.Oracle;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencePoliciesTest {
    /** Deterministic arrivals (no Poisson noise), 120 s boot on 60 s steps: b = 2. */
    private static final EnvConfig ENV = EnvConfig.defaults().withPoissonArrivals(false)
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120).withBounds(1, 200, 1));

    private static List<StepInfo> run(Policy p, double[] rates, EnvConfig env) {
        Trace trace = new Trace("t", env.stepSeconds(), rates);
        EnvConfig e = Scenarios.warmStart(env, trace);
        List<StepInfo> steps = new ArrayList<>();
        Episodes.run(new AutoscaleEnv(e, Workload.fixed(trace), CostSlaReward.defaults()), p, 1, steps::add);
        return steps;
    }

    /** A sine whose rate / mu is never exactly an integer (at 100% utilization the hybrid model passes the SLA). */
    private static double[] diurnal(int n, int period, double phase) {
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = 400.25 + 300.5 * Math.sin(2 * Math.PI * (t + phase) / period);
        }
        return r;
    }

    private static double maxOver(double[] r, int from, int to) {
        double m = 0;
        for (int t = from; t <= Math.min(to, r.length - 1); t++) {
            m = Math.max(m, r[t]);
        }
        return m;
    }

    @Test
    void perfectForecastProvisionsTheQueueingMinimumOneBootDelayAhead() {
        int b = ENV.spec().bootSteps();
        assertThat(b).isEqualTo(2);
        // A rising ramp: ready at step t + b is exactly need(rate at t + b).
        // (rate / mu never an integer: at exactly 100% utilization the hybrid model's need is not monotone)
        double[] ramp = new double[120];
        for (int t = 0; t < ramp.length; t++) {
            ramp[t] = 50.25 + 5 * t;
            if (t > 0) {
                assertThat(Oracle.requiredInstances(ramp[t], ENV)).isGreaterThanOrEqualTo(
                        Oracle.requiredInstances(ramp[t - 1], ENV));
            }
        }
        List<StepInfo> steps = run(new HeadroomPolicy("pf", new TrueRateBound(ramp), 0, ENV), ramp, ENV);
        for (int t = b; t < ramp.length; t++) {
            assertThat(steps.get(t).ready()).as("ready at step %d", t).isEqualTo(Oracle.requiredInstances(ramp[t], ENV));
            assertThat(steps.get(t).slaViolated()).isFalse();
        }
        // Up and down, with a margin: capacity after each decision is ceil(need(max over [t, t+b]) x 1.1), and every
        // step from b on is served by at least its minimum.
        double[] wave = diurnal(300, 120, 0);
        List<StepInfo> w = run(new HeadroomPolicy("pf", new TrueRateBound(wave), 0.1, ENV), wave, ENV);
        for (int t = 0; t < wave.length; t++) {
            StepInfo s = w.get(t);
            int expected = (int) Math.ceil(Oracle.requiredInstances(maxOver(wave, t, t + b), ENV) * 1.1 - 1e-9);
            assertThat(s.ready() + s.booting()).as("capacity decided at %d", t).isEqualTo(expected);
            if (t >= b) {
                assertThat(s.ready()).isGreaterThanOrEqualTo(Oracle.requiredInstances(wave[t], ENV));
                assertThat(s.slaViolated()).isFalse();
            }
        }
    }

    @Test
    void mpcWithAnExactForecastDecidesExactlyLikePerfectForecast() {
        int day = 1440;
        double[] all = diurnal(3 * day, day, 100);
        double[] history = Arrays.copyOfRange(all, 0, 2 * day);
        double[] eval = Arrays.copyOfRange(all, 2 * day, 3 * day);
        // Seasonal naive on a perfectly periodic trace forecasts the truth: mpc must then act as perfect-forecast.
        Forecaster sn = ForecasterRegistry.classical().create("seasonal-naive", ForecasterConfig.of(day, 3, 1));
        sn.fit(history);
        List<StepInfo> mpc = run(new HeadroomPolicy("mpc", new ForecastRateBound(sn, history), 0.05, ENV), eval, ENV);
        List<StepInfo> pf = run(new HeadroomPolicy("pf", new TrueRateBound(eval), 0.05, ENV), eval, ENV);
        for (int t = 0; t < eval.length; t++) {
            assertThat(mpc.get(t).ready() + mpc.get(t).booting()).as("step %d", t)
                    .isEqualTo(pf.get(t).ready() + pf.get(t).booting());
        }
        // Through the registry, tuned on the history: the exact forecast needs no margin (the smallest passing is 0).
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, history, 1);
        ReferencePolicies refs = new ReferencePolicies(TuningSpec.defaults(), ForecasterRegistry.classical());
        ReferencePolicies.MpcTuned tuned = refs.tuneMpc(ctx, List.of("seasonal-naive"));
        assertThat(tuned.tuned().value()).as(tuned.tuned().toString()).isZero();
        assertThat(tuned.tuned().passed()).isTrue();
        HeadroomPolicy viaRegistry = (HeadroomPolicy) PolicyRegistry.defaults().create("mpc:seasonal-naive", ctx);
        assertThat(viaRegistry.margin()).isZero();
        List<StepInfo> reg = run(viaRegistry, eval, ENV);
        List<StepInfo> pf0 = run(new HeadroomPolicy("pf", new TrueRateBound(eval), 0, ENV), eval, ENV);
        for (int t = 0; t < eval.length; t++) {
            assertThat(reg.get(t).ready() + reg.get(t).booting()).isEqualTo(pf0.get(t).ready() + pf0.get(t).booting());
        }
        assertThat(((HeadroomPolicy) PolicyRegistry.defaults().create("perfect-forecast", ctx)).margin()).isZero();
    }

    /** A bound that sees only 80% of the truth: the margin has to make up the rest. */
    private record Under(RateUpperBound inner, double factor) implements RateUpperBound {
        @Override
        public void reset(EnvSpec spec) {
            inner.reset(spec);
        }

        @Override
        public double upperBound(Observation o, int horizon) {
            return factor * inner.upperBound(o, horizon);
        }
    }

    @Test
    void tuningPicksTheSmallestPassingMargin() {
        double rate = 900;
        double[] flat = new double[200];
        Arrays.fill(flat, rate);
        double[] grid = TuningSpec.defaults().margins();
        // Computed from the queueing model alone: the first margin lifting need(0.8 rate) to need(rate).
        int needLow = Oracle.requiredInstances(0.8 * rate, ENV);
        int need = Oracle.requiredInstances(rate, ENV);
        double expected = Double.NaN;
        for (double h : grid) {
            if (Math.ceil(needLow * (1 + h) - 1e-9) >= need) {
                expected = h;
                break;
            }
        }
        assertThat(expected).isGreaterThan(0.1).isLessThan(1);
        Tuning.Choice c = Tuning.smallestPassingMargin(grid, h -> Tuning.simulate(
                new HeadroomPolicy("under", new Under(new TrueRateBound(flat), 0.8), h, ENV), flat, ENV, 1), 99.9,
                SlaCredit.defaults(), 60);
        assertThat(c.value()).isEqualTo(expected);
        assertThat(c.passed()).isTrue();
        assertThat(c.kpis().slaCompliancePct()).isEqualTo(100.0);
        // Margins are tried in order and the first passing one wins; when none passes, the lowest total cost
        // (bill + $1 per violating minute): 0.25 pays $2 + 100 min, 0.5 pays $1 + 500 min, 1.0 pays $4 + 110 min.
        List<Double> tried = new ArrayList<>();
        Tuning.Choice scripted = Tuning.smallestPassingMargin(new double[] {0, 0.1, 0.2, 0.3}, h -> {
            tried.add(h);
            return kpis(h >= 0.2 ? 99.95 : 99.0, 10 + h);
        }, 99.9, SlaCredit.defaults(), 60);
        assertThat(scripted.value()).isEqualTo(0.2);
        assertThat(tried).containsExactly(0.0, 0.1, 0.2);
        Tuning.Choice none = Tuning.smallestPassingMargin(new double[] {0.25, 0.5, 1.0},
                h -> h == 0.25 ? kpis(90, 2) : h == 0.5 ? kpis(50, 1) : kpis(89, 4), 99.9, SlaCredit.defaults(), 60);
        assertThat(none.value()).isEqualTo(0.25);
        assertThat(none.passed()).isFalse();
    }

    private static Kpis kpis(double slaPct, double cost) {
        return new Kpis(1000, cost, 1, slaPct, slaPct, 0, 0, 0, 1000, 0, 0, 0, 0.5, 0);
    }

    @Test
    void cheapestPassingUtilizationAndFallbackByTotalCost() {
        var credit = dev.scalewise.metrics.SlaCredit.defaults();
        // Passing: 0.4 ($30) and 0.5 ($25); 0.6 is cheaper but fails: 0.5 wins.
        Tuning.Choice c = Tuning.cheapestPassing(new double[] {0.4, 0.5, 0.6},
                u -> kpis(u < 0.55 ? 99.95 : 99.0, u == 0.4 ? 30 : u == 0.5 ? 25 : 20), 99.9, credit, 60);
        assertThat(c.value()).isEqualTo(0.5);
        // None passes: the lowest bill + $1 per violating minute. 0.4: $30 + 10 min; 0.6: $20 + 50 min.
        Tuning.Choice f = Tuning.cheapestPassing(new double[] {0.4, 0.6},
                u -> kpis(u == 0.4 ? 99.0 : 95.0, u == 0.4 ? 30 : 20), 99.9, credit, 60);
        assertThat(f.value()).isEqualTo(0.4);
        assertThat(f.passed()).isFalse();
    }

    @Test
    void tunedBaselinesComeFromTheGridAndAreReproducible() {
        int day = 1440;
        double[] hist = diurnal(2 * day, day, 0);
        double[] eval = diurnal(day, day, 0);
        EnvConfig env = ENV.withPoissonArrivals(true);
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(new Trace("eval", 60, eval), env, eval, hist, 3);
        ReferencePolicies refs = new ReferencePolicies(new TuningSpec(99.9, new double[] {0, 0.1},
                new double[] {0.5, 0.6, 0.7}, 1, 2, 1, 0.2), ForecasterRegistry.classical());
        ReferencePolicies.Tuned hpa = refs.tuneHpa(ctx);
        assertThat(hpa.value()).isIn(0.5, 0.6, 0.7);
        assertThat(refs.tuneHpa(ctx)).isEqualTo(hpa);
        ReferencePolicies.Tuned aws = refs.tuneTargetTracking(ctx);
        assertThat(aws.value()).isIn(0.5, 0.6, 0.7);
        // Too short a training part: the defaults, said so.
        PolicyRegistry.Context none = new PolicyRegistry.Context(new Trace("eval", 60, eval), env, eval, new double[0], 3);
        assertThat(refs.tuneHpa(none).value()).isEqualTo(0.7);
        assertThat(refs.tunePerfectForecast(none).value()).isEqualTo(0.2);
    }
}
