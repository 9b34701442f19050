package dev.scalewise.nn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Environment;
import dev.scalewise.env.Observation;
import dev.scalewise.experiment.ScenarioSpec;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.reference.ResidualAgent;
import dev.scalewise.run.RunDirectory;

/**
 * The DQN on the default tabular agent's residual action set (margins over {@code mpc}'s EWMA forecast, square-root
 * staffing, scale-down stabilization) and training distribution: reproducible, and a saved run acts in a plain
 * environment exactly as the network acted in training.
 */
class ResidualDqnTest {
    /** A tuned base as {@code ResidualAgent.tune} returns it: mpc margin 0.2, EWMA weight 0.3, need 8 at the median. */
    static final ResidualAgent.Base BASE = new ResidualAgent.Base(0.2, 0.3, "ewma, margin 0.20", 8);

    /** {@code ResidualAgent.spec} on the synthetic diurnal day, as a DQN of {@code steps} steps. */
    @TempDir
    static Path shared;

    private static Path trained;

    /**
     * {@code spec(1_600, 7)} trained once, for the tests that only read its run folder (each used to train the same
     * run again).
     */
    private static synchronized Path trainedRun() throws Exception {
        if (trained == null) {
            Path dir = shared.resolve("run");
            DqnTraining.train(spec(1_600, 7), dir, null, Scenarios.NO_TRACES);
            trained = dir;
        }
        return trained;
    }

    static DqnTraining.Spec spec(long steps, long seed) {
        TrainSpec ts = ResidualAgent.spec(ScenarioSpec.defaults().workload(), EnvConfig.defaults(), 10, seed, BASE);
        return DqnTraining.Spec.of(ts, steps);
    }

    @Test
    void theResidualSpecCarriesTheTabularAgentsActionsAndForecaster(@TempDir Path tmp) throws Exception {
        TrainSpec ts = ResidualAgent.spec(ScenarioSpec.defaults().workload(), EnvConfig.defaults(), 10, 5, BASE);
        DqnTraining.Spec spec = DqnTraining.Spec.of(ts, 2_000);
        assertThat(spec.actionSet()).isEqualTo(ts.actionSet());
        assertThat(spec.actionSet().residual()).isEqualTo(new ActionSet.Residual(0.2, 10, 8));
        assertThat(spec.actionSet().mpcIndex()).isPositive();
        assertThat(spec.scenario()).isEqualTo(ts.scenario());
        assertThat(spec.scenario().forecaster().name()).isEqualTo("ewma");
        assertThat(spec.scenario().randomization()).isNotNull();
        // spec.json round trip
        RunDirectory run = RunDirectory.create(tmp.resolve("r"));
        run.writeJson(RunDirectory.SPEC, spec);
        assertThat(run.readJson(RunDirectory.SPEC, DqnTraining.Spec.class)).isEqualTo(spec);
        assertThat(RunDirectory.json().readTree(run.file(RunDirectory.SPEC).toFile()).path("residual")
                .path("referenceNeed").asDouble()).isEqualTo(8.0);
        // a spec without the residual mode writes no residual field (older runs read back unchanged)
        DqnTraining.Spec band = DqnTraining.Spec.of(TrainSpec.scaleFree(), 2_000);
        RunDirectory old = RunDirectory.create(tmp.resolve("o"));
        old.writeJson(RunDirectory.SPEC, band);
        assertThat(RunDirectory.json().readTree(old.file(RunDirectory.SPEC).toFile()).has("residual")).isFalse();
        assertThat(old.readJson(RunDirectory.SPEC, DqnTraining.Spec.class)).isEqualTo(band);
    }

    @Test
    void sameSeedGivesTheIdenticalResidualModel(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        DqnTraining.Result ra = DqnTraining.train(spec(1_600, 3), a, null, Scenarios.NO_TRACES);
        DqnTraining.train(spec(1_600, 3), b, null, Scenarios.NO_TRACES);
        assertThat(ra.steps()).isEqualTo(1_600);
        assertThat(ra.updates()).isPositive();
        for (String f : new String[] {"model.dqn.params", "model.dqn.json", "episodes.csv", "spec.json"}) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        DqnModelFile.Saved saved = DqnModelFile.load(a);
        assertThat(saved.policy().actions()).isEqualTo(spec(1_600, 3).actionSet().size());
        assertThat(saved.metadata()).containsEntry("forecaster", "ewma");
        assertThat(saved.metadata().get("residual")).contains("residual over mpc margin 0.2");
        // another seed learns other weights
        DqnTraining.train(spec(1_600, 4), tmp.resolve("c"), null, Scenarios.NO_TRACES);
        assertThat(Files.readAllBytes(tmp.resolve("c").resolve("model.dqn.params")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("model.dqn.params")));
    }

    /**
     * The saved run, loaded by {@link DqnRunLoader} (the forecaster fitted again, a fresh feature per policy) and run
     * in a plain environment without a forecaster, takes at every step of a day the decision the loaded network takes
     * through the training adapter (the environment filling mpc's EWMA forecast, the action set's executor with its
     * stabilization window); and that day exercises both the forecast and the window.
     */
    @Test
    void aSavedResidualRunActsInAPlainEnvironmentAsTheNetworkDidInTraining() throws Exception {
        DqnTraining.Spec spec = spec(1_600, 7);
        Path dir = trainedRun();
        DqnPolicy network = DqnModelFile.load(dir).policy();
        ActionSet set = spec.actionSet();
        int[] forecastDiffers = {0};
        int[] held = {0};
        java.util.Set<Integer> actionsTaken = new java.util.TreeSet<>();
        int steps = lockstep(spec, dir, network, 11, (step, x, seen, o, a, applied, policy, env) -> {
            assertThat(policy.forecasts()).isTrue();
            assertThat(o.arrivalRate()).isEqualTo(seen.arrivalRate());
            assertThat(o.ready()).isEqualTo(seen.ready());
            assertThat(o.booting()).isEqualTo(seen.booting());
            if (seen.forecastRate() != o.forecastRate()) {
                forecastDiffers[0]++;
            }
            actionsTaken.add(a);
            if (applied != set.delta(a, seen, env)) {
                held[0]++; // the stabilization window kept a scale-down back
            }
            assertThat(policy.lastAction()).as("chosen at step %d", step).isEqualTo(a);
        });
        assertThat(steps).isEqualTo(1440);
        assertThat(forecastDiffers[0]).as("steps whose EWMA forecast differs from the rate").isGreaterThan(1000);
        assertThat(held[0]).as("steps where the window held a scale-down back").isPositive();
        System.out.printf("residual dqn: %d steps, actions %s, %d held back by the window%n", steps, actionsTaken,
                held[0]);

        // explained: the first held-back step names the network's chosen action beside the delta applied
        DqnRunLoader loader = new DqnRunLoader(Scenarios.NO_TRACES);
        java.util.function.Supplier<DqnGreedyPolicy> policies = loader.policies(dir);
        ScenarioSpec day = spec.scenario().withRandomization(null);
        AutoscaleEnv plain = new AutoscaleEnv(day.config(), Scenarios.workload(day.workload(), Scenarios.NO_TRACES),
                spec.newReward());
        dev.scalewise.explain.Explainer ex = new dev.scalewise.explain.Explainer(plain, policies, 3);
        dev.scalewise.explain.Explainer.Episode ep = ex.run(11);
        assertThat(ep.window()).isEqualTo(10);
        int t = 0;
        while (ep.choices().get(t).delta() == ep.steps().get(t).requestedDelta()) {
            t++;
        }
        dev.scalewise.explain.DecisionRecord r = ex.explain(ep, t);
        assertThat(r.qValues()).hasSize(set.size()).containsKey(r.chosen());
        assertThat(r.chosenDelta()).isNegative().isLessThan(r.action());
        assertThat(r.heldBack().window()).isEqualTo(10);
        assertThat(r.heldBack().steps()).isBetween(1, 9);
        assertThat(r.margin()).isEqualTo(r.qValues().get(r.chosen()) - r.qValues().entrySet().stream()
                .filter(e -> !e.getKey().equals(r.chosen())).mapToDouble(java.util.Map.Entry::getValue).max()
                .orElseThrow());
        assertThat(r.narrative()).contains("scale-down held back by stabilization, " + r.heldBack().steps()
                + " of 10 steps");
    }

    /**
     * Loaded for an evaluation that follows other rates ({@code PolicyRegistry.Context.history}, e.g. the training
     * part before held-out days), the DQN's forecast starts warmed with them, as {@code mpc}'s and the tabular agent's
     * do: a held-out part that starts idle is not forecast at 0 req/s.
     */
    @Test
    void aLoadedRunForecastsFromTheHistoryItIsGiven() throws Exception {
        DqnTraining.Spec spec = spec(1_600, 7);
        Path dir = trainedRun();
        ScenarioSpec day = spec.scenario().withRandomization(null);
        AutoscaleEnv plain = new AutoscaleEnv(day.config(), Scenarios.workload(day.workload(), Scenarios.NO_TRACES),
                spec.newReward());
        Observation first = plain.reset(3);
        double[] busy = new double[240];
        java.util.Arrays.fill(busy, 40 * first.arrivalRate() + 100);
        dev.scalewise.workload.Trace t = new dev.scalewise.workload.Trace("t", 60, new double[] {1});
        dev.scalewise.policy.Policy warm = new DqnRunLoader(Scenarios.NO_TRACES).load(dir).orElseThrow()
                .create(new dev.scalewise.experiment.PolicyRegistry.Context(t, day.config(), t.rates(), busy, 1));
        dev.scalewise.policy.Policy cold = new DqnRunLoader(Scenarios.NO_TRACES).load(dir).orElseThrow()
                .create(new dev.scalewise.experiment.PolicyRegistry.Context(t, day.config(), t.rates(),
                        new double[0], 1));
        warm.reset(plain.spec());
        cold.reset(plain.spec());
        double[] fw = ((DqnGreedyPolicy) warm).features(first).clone();
        double[] fc = ((DqnGreedyPolicy) cold).features(first).clone();
        assertThat(fw).isNotEqualTo(fc);
        DqnGreedyPolicy direct = DqnRunLoader.policy(dir); // no context: the environment's stream, cold
        direct.reset(plain.spec());
        assertThat(direct.features(first)).isEqualTo(fc);
    }
    /**
     * With the opt-in {@code scale-free-spread} feature set (the forecast's recent error appended): the run saves 11
     * named features and its encoder, reads back, and the loaded policy in a plain environment takes at every step
     * of a day the decision the saved network takes through the training adapter; a spec whose encoder does not
     * match the saved network's input count is refused with one line.
     */
    @Test
    void aRunWithTheForecastSpreadSavesAndLoadsToIdenticalDecisions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        DqnTraining.Spec spec = spec(1_600, 7).withEncoder(DqnTraining.SPREAD_ENCODER);
        DqnTraining.train(spec, dir, null, Scenarios.NO_TRACES);
        assertThat(DqnRunLoader.spec(dir)).isEqualTo(spec);
        DqnModelFile.Saved saved = DqnModelFile.load(dir);
        assertThat(saved.features()).hasSize(11).endsWith("forecast_error");
        assertThat(saved.metadata()).containsEntry("encoder", "scale-free-spread");
        assertThat(RunDirectory.json().readTree(dir.resolve("summary.json").toFile()).path("features").asInt())
                .isEqualTo(11);
        DqnPolicy network = saved.policy();
        double[] maxError = {0};
        int steps = lockstep(spec, dir, network, 5,
                (step, x, seen, o, a, applied, policy, env) -> maxError[0] = Math.max(maxError[0], x[10]));
        assertThat(steps).isEqualTo(1440);
        assertThat(maxError[0]).as("the day's largest forecast_error").isBetween(0.01, 1.0);

        // the same network under a spec that names the 10-feature set: refused, naming both counts
        DqnTraining.Spec plainSpec = spec.withEncoder(DqnTraining.ENCODER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DqnTraining.policy(network, plainSpec))
                .hasMessage("the DQN model takes 11 features, its spec's encoder 'scale-free' gives 10");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec.withEncoder("spread"))
                .hasMessage("dqn spec encoder must be 'scale-free' or 'scale-free-spread', got 'spread'");
    }

    /**
     * Asking a loaded policy for its features, once or twice, before or after it acts on a step, neither changes
     * them nor its later decisions: the stateful feature encoder records each step once (it used to record a step
     * again at every call, which moved volatility, the long trend and calm).
     */
    @Test
    void askingForTheFeaturesOfAStepRecordsItOnce() throws Exception {
        DqnTraining.Spec spec = spec(1_600, 7);
        Path dir = trainedRun();
        ScenarioSpec day = spec.scenario().withRandomization(null);
        java.util.function.Supplier<DqnGreedyPolicy> policies = new DqnRunLoader(Scenarios.NO_TRACES).policies(dir);
        DqnGreedyPolicy asked = policies.get();
        DqnGreedyPolicy quiet = policies.get();
        AutoscaleEnv a = new AutoscaleEnv(day.config(), Scenarios.workload(day.workload(), Scenarios.NO_TRACES),
                spec.newReward());
        AutoscaleEnv b = new AutoscaleEnv(day.config(), Scenarios.workload(day.workload(), Scenarios.NO_TRACES),
                spec.newReward());
        Observation oa = a.reset(3);
        Observation ob = b.reset(3);
        asked.reset(a.spec());
        quiet.reset(b.spec());
        for (int t = 0; t < 600; t++) {
            double[] before = asked.features(oa);
            assertThat(asked.features(oa)).as("step %d, asked twice", t).isEqualTo(before);
            int da = asked.act(oa);
            assertThat(asked.features(oa)).as("step %d, after acting", t).isEqualTo(before);
            int db = quiet.act(ob);
            assertThat(da).as("step %d", t).isEqualTo(db);
            oa = a.step(da).observation();
            ob = b.step(db).observation();
        }
    }

    /** What {@link #lockstep} shows the test at each step, after checking that both sides applied the same delta. */
    private interface StepCheck {
        void check(int step, double[] x, Observation seen, Observation o, int a, int applied, DqnGreedyPolicy policy,
                   dev.scalewise.env.EnvSpec env);
    }

    /**
     * One day (reset {@code seed}) in lockstep: the saved {@code network} through the training adapter (the
     * environment filling the forecast, the action set's executor, mirrored step by step) and the run loaded by
     * {@link DqnRunLoader} in a plain environment (its forecast is the current rate; the policy forecasts itself).
     * Asserts at every step that the loaded policy applies the delta the network's action gives through the
     * executor; returns the number of steps.
     */
    private static int lockstep(DqnTraining.Spec spec, Path dir, DqnPolicy network, long seed, StepCheck check)
            throws Exception {
        ScenarioSpec day = spec.scenario().withRandomization(null);
        Environment trainingEnv = Scenarios.environment(day, spec.newReward(), Scenarios.NO_TRACES);
        dev.scalewise.agent.ScaleFreeFeatures enc = spec.newEncoder();
        EncodedEnvironment adapted = new EncodedEnvironment(trainingEnv, enc.dimension(), enc::reset, enc::encode,
                EncodedEnvironment.ActionMapping.of(spec.actionSet()));
        AutoscaleEnv plain = new AutoscaleEnv(day.config(), Scenarios.workload(day.workload(), Scenarios.NO_TRACES),
                spec.newReward());
        DqnGreedyPolicy policy = new DqnRunLoader(Scenarios.NO_TRACES).policies(dir).get();
        double[] x = adapted.reset(seed);
        Observation o = plain.reset(seed);
        policy.reset(plain.spec());
        ActionSet.Executor mirror = spec.actionSet().executor(); // what the adapter applies, step by step
        int steps = 0;
        while (true) {
            Observation seen = adapted.lastObservation();
            int a = network.greedyAction(x);
            int applied = mirror.delta(a, seen, trainingEnv.spec());
            int delta = policy.act(o);
            assertThat(delta).as("step %d", steps).isEqualTo(applied);
            check.check(steps, x, seen, o, a, applied, policy, trainingEnv.spec());
            FeatureEnvironment.Step s = adapted.step(a);
            o = plain.step(delta).observation();
            steps++;
            if (s.terminated() || s.truncated()) {
                return steps;
            }
            x = s.features();
        }
    }
}
