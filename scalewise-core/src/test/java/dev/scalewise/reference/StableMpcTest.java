package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.scalewise.oracle.Oracle;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.ScaleDownStabilization;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code +stable} variants of {@code mpc}: Kubernetes HPA's scale-down stabilization on {@link HeadroomPolicy}'s
 * target, its window tuned on the training part from {@link ReferencePolicies#STABILIZATION_GRID}. The case it is
 * for: a lull shorter than the window, after which the rate comes back within the boot delay.
 */
class StableMpcTest {
    /** Deterministic arrivals (no Poisson noise), 120 s boot on 60 s steps: b = 2. */
    private static final EnvConfig ENV = EnvConfig.defaults().withPoissonArrivals(false)
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120).withBounds(1, 200, 1));
    private static final double BUSY = 900.25;
    private static final double LULL = 5.25;

    /** {@code n} steps at {@link #BUSY} with a lull of {@code length} steps at {@link #LULL} from every {@code at}. */
    private static double[] lulls(int n, int length, int... at) {
        double[] r = new double[n];
        Arrays.fill(r, BUSY);
        for (int a : at) {
            Arrays.fill(r, a, Math.min(n, a + length), LULL);
        }
        return r;
    }

    /** A naive forecast (the last observed rate) warmed on {@code history}: a bound that follows the observed rate. */
    private static ForecastRateBound naive(double[] history) {
        Forecaster f = ForecasterRegistry.classical().create("naive", ForecasterConfig.of(1440, 3, 1));
        f.fit(history);
        return new ForecastRateBound(f, history);
    }

    /** Runs {@code p} on {@code rates}, recording its target capacity at every step. */
    private static List<StepInfo> run(HeadroomPolicy p, double[] rates, List<Integer> targets) {
        Trace trace = new Trace("t", ENV.stepSeconds(), rates);
        Policy recording = new Policy() {
            @Override
            public String name() {
                return p.name();
            }

            @Override
            public void reset(EnvSpec spec) {
                p.reset(spec);
            }

            @Override
            public int act(Observation o) {
                int d = p.act(o);
                targets.add(p.lastTarget());
                return d;
            }
        };
        List<StepInfo> steps = new ArrayList<>();
        Episodes.run(new AutoscaleEnv(Scenarios.warmStart(ENV, trace), Workload.fixed(trace), CostSlaReward.defaults()),
                recording, 1, steps::add);
        return steps;
    }

    @Test
    void stabilizationKeepsTheHighestTargetOfTheWindowOnTheWayDown() {
        ScaleDownStabilization s = new ScaleDownStabilization(3);
        // (current, target) -> stabilized, by the rule: up at once; down to max(target, last 3 targets), <= current.
        assertThat(s.apply(10, 12)).isEqualTo(12); // up: at once
        assertThat(s.apply(12, 8)).isEqualTo(12);  // window {12, 8}
        assertThat(s.apply(12, 7)).isEqualTo(12);  // window {12, 8, 7}
        assertThat(s.apply(12, 6)).isEqualTo(8);   // window {8, 7, 6}: 12 has left it
        assertThat(s.apply(8, 9)).isEqualTo(9);    // up again
        assertThat(s.apply(9, 5)).isEqualTo(9);    // window {6, 9, 5}
        s.reset();
        assertThat(s.apply(9, 5)).isEqualTo(5);    // a new episode forgets the window
        assertThat(new ScaleDownStabilization(0).apply(9, 5)).isEqualTo(5);
        assertThatThrownBy(() -> new ScaleDownStabilization(-1)).hasMessageContaining(">= 0 steps, got -1");
    }

    @Test
    void aLullShorterThanTheWindowKeepsTheCapacityForTheComeback() {
        double[] history = lulls(200, 0);
        double[] eval = lulls(60, 4, 30); // steps 30..33 at 5 req/s, back to 900 at step 34
        int busy = Oracle.requiredInstances(BUSY, ENV);
        int quiet = Oracle.requiredInstances(LULL, ENV);
        assertThat(busy).isGreaterThan(quiet + 5);
        int b = ENV.spec().bootSteps();
        assertThat(b).isEqualTo(2);

        // Without stabilization (plain mpc): the observation of step t reports step t - 1's rate, so the naive bound
        // is the lull's from t = 31 to t = 34 and capacity falls to need(5) there; what launches at t = 35 serves
        // from t = 37, so steps 34..36 (the comeback) run short.
        List<Integer> plainTargets = new ArrayList<>();
        List<StepInfo> plain = run(new HeadroomPolicy("mpc", naive(history), 0, ENV), eval, plainTargets);
        for (int t = 1; t < eval.length; t++) {
            int expected = t >= 31 && t <= 34 ? quiet : busy;
            assertThat(plainTargets.get(t)).as("plain target at step %d", t).isEqualTo(expected);
        }
        assertThat(plain.stream().filter(StepInfo::slaViolated).count()).as("the comeback is missed").isGreaterThan(0);

        // W = 5: at t = 31..34 the window (t - 4 .. t) still holds step 30's target need(900): nothing falls.
        List<Integer> stableTargets = new ArrayList<>();
        List<StepInfo> stable = run(new HeadroomPolicy("mpc", naive(history), 0, ENV, 5), eval, stableTargets);
        for (int t = 1; t < eval.length; t++) {
            assertThat(stableTargets.get(t)).as("stabilized target at step %d", t).isEqualTo(busy);
        }
        assertThat(stable.stream().filter(StepInfo::slaViolated).count()).isZero();

        // A lull longer than the window: steps 30..37 quiet (targets need(5) observed at t = 31..38); the last busy
        // target, step 30's, leaves the window at t = 35, so capacity falls for t = 35..38 only.
        double[] longLull = lulls(60, 8, 30);
        List<Integer> longTargets = new ArrayList<>();
        run(new HeadroomPolicy("mpc", naive(history), 0, ENV, 5), longLull, longTargets);
        for (int t = 1; t < longLull.length; t++) {
            int expected = t >= 35 && t <= 38 ? quiet : busy;
            assertThat(longTargets.get(t)).as("long lull, target at step %d", t).isEqualTo(expected);
        }
        assertThat(new HeadroomPolicy("mpc", naive(history), 0.1, ENV, 5).describe())
                .isEqualTo("naive, margin 0.10, scale-down stabilization 5 steps");
        assertThat(new HeadroomPolicy("mpc", naive(history), 0.1, ENV).describe()).isEqualTo("naive, margin 0.10");
    }

    private static final TuningSpec SPEC = new TuningSpec(99.9, new double[] {0, 0.5, 1.0}, new double[] {0.7}, 1, 2,
            1, 0.2);

    @Test
    void theWindowIsTunedOnTheTrainingPartOnly() {
        int day = 1440;
        // Training part: two days; the tuned (second) day has a 4-step lull every 90 minutes, which a naive bound
        // cannot cover with any margin (need(5) x 2 is far below need(900)) but a 5-step window covers for free.
        int[] at = new int[16];
        for (int i = 0; i < at.length; i++) {
            at[i] = day + 45 + 90 * i;
        }
        double[] hist = lulls(2 * day, 4, at);
        double[] eval = lulls(300, 0);
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, hist, 3);
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        ReferencePolicies.MpcTuned t = refs.tuneMpc(ctx, List.of("naive"), ReferencePolicies.STABILIZATION_GRID);

        // Brute force over the grid on the tuned day, naive fitted on the two days and warmed on the first: for each
        // window its smallest passing margin, then the lowest bill among the passing (the first of equals).
        double[] warm = Arrays.copyOfRange(hist, 0, day);
        double[] tune = Arrays.copyOfRange(hist, day, 2 * day);
        Forecaster model = ForecasterRegistry.classical().create("naive", ForecasterConfig.of(day, 3, 1));
        model.fit(hist);
        int bestW = -1;
        double bestMargin = Double.NaN;
        double bestBill = Double.POSITIVE_INFINITY;
        boolean zeroPasses = false;
        for (int w : ReferencePolicies.STABILIZATION_GRID) {
            for (double m : SPEC.margins()) {
                Kpis k = Tuning.simulate(new HeadroomPolicy("mpc", new ForecastRateBound(model, warm), m, ENV, w), tune,
                        ENV, 1);
                if (k.slaCompliancePct() + 1e-9 >= 99.9) {
                    zeroPasses |= w == 0;
                    if (k.costUsd() < bestBill) {
                        bestBill = k.costUsd();
                        bestW = w;
                        bestMargin = m;
                    }
                    break;
                }
            }
        }
        assertThat(zeroPasses).as("without a window no margin covers the comebacks").isFalse();
        assertThat(bestW).isEqualTo(5);
        assertThat(t.stabilizationSteps()).as(t.tuned().detail()).isEqualTo(bestW);
        assertThat(t.tuned().value()).isEqualTo(bestMargin);
        assertThat(t.tuned().passed()).isTrue();
        assertThat(t.tuned().detail()).startsWith("forecaster naive, stabilization 5 steps (naive W 0: margin");

        // Only the training part counts: another evaluated slice (with lulls of its own) gives the same tuning.
        double[] otherEval = lulls(300, 6, 50, 150);
        PolicyRegistry.Context other = new PolicyRegistry.Context(new Trace("other", 60, otherEval), ENV, otherEval,
                hist, 9);
        assertThat(refs.tuneMpc(other, List.of("naive"), ReferencePolicies.STABILIZATION_GRID).tuned())
                .isEqualTo(t.tuned());
        // Without the option the tuning is the plain one: no window, and the detail of the plain mpc.
        ReferencePolicies.MpcTuned plain = refs.tuneMpc(ctx, List.of("naive"));
        assertThat(plain.stabilizationSteps()).isZero();
        assertThat(plain.tuned().passed()).isFalse();
        assertThat(plain.tuned().detail()).doesNotContain(" W ").doesNotContain("stabilization");
    }

    @Test
    void theVariantResolvesThroughTheRegistryAndBadVariantsAreClearErrors() {
        double[] hist = lulls(2 * 1440, 4, 1440 + 100, 1440 + 700);
        double[] eval = lulls(200, 0);
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, hist, 3);
        HeadroomPolicy p = (HeadroomPolicy) PolicyRegistry.defaults().create("mpc:naive+stable", ctx);
        assertThat(p.name()).isEqualTo("mpc:naive+stable");
        assertThat(p.stabilizationSteps()).isIn(0, 5, 10);
        HeadroomPolicy plain = (HeadroomPolicy) PolicyRegistry.defaults().create("mpc:naive", ctx);
        assertThat(plain.name()).isEqualTo("mpc:naive");
        assertThat(plain.stabilizationSteps()).isZero();

        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("mpc:ewma+stabel"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mpc:ewma+stabel: unknown variant '+stabel'; known: +stable, last (mpc:NAME+stable, "
                        + "mpc:NAME@tuned+stable, mpc:NAME@maxq+stable, mpc:NAME@aci+stable)");
        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("mpc:ewma+stable@maxq"))
                .hasMessageContaining("unknown variant '+stable@maxq'");
        assertThatThrownBy(() -> PolicyRegistry.defaults().factory("mpc:nope@maxq+stable"))
                .hasMessageContaining("nope");
        // Every mpc family takes it, named with the suffix, and tunes a window on the lulls of the training day.
        double[] lullDay = lulls(2 * 1440, 4, java.util.stream.IntStream.range(0, 16).map(i -> 1440 + 45 + 90 * i)
                .toArray());
        PolicyRegistry.Context lullCtx = new PolicyRegistry.Context(new Trace("eval", 60, eval), ENV, eval, lullDay, 3);
        ReferencePolicies refs = new ReferencePolicies(SPEC, ForecasterRegistry.classical());
        for (String v : List.of("naive@tuned", "naive@maxq", "naive@aci")) {
            HeadroomPolicy h = (HeadroomPolicy) refs.mpc(List.of(v + ReferencePolicies.STABLE)).create(lullCtx);
            assertThat(h.name()).isEqualTo("mpc:" + v + "+stable");
            assertThat(h.stabilizationSteps()).as(v).isIn(5, 10);
        }
    }
}
