package dev.scalewise.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.agent.QTable;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepInfo;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.forecast.EwmaForecaster;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.oracle.NeedTable;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidualAgentTest {
    /** The defaults (Poisson arrivals, the default queue limit the agent's need table assumes), 120 s boot. */
    private static final EnvConfig ENV = EnvConfig.defaults()
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120).withBounds(1, 200, 1));

    private static double[] diurnal(int n) {
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = 300.25 + 250.5 * Math.sin(2 * Math.PI * t / 240.0) + 40 * Math.sin(2 * Math.PI * t / 17.0);
        }
        return r;
    }

    private static List<StepInfo> run(Policy p, double[] rates, long seed) {
        Trace trace = new Trace("t", ENV.stepSeconds(), rates);
        EnvConfig e = Scenarios.warmStart(ENV, trace);
        List<StepInfo> steps = new ArrayList<>();
        Episodes.run(new AutoscaleEnv(e, Workload.fixed(trace), CostSlaReward.defaults()), p, seed, steps::add);
        return steps;
    }

    /** An untrained residual agent (every state never visited): its greedy action is the mpc margin's. */
    private static GreedyPolicy untrained(ActionSet actions) {
        ScaleFreeEncoder enc = ScaleFreeEncoder.defaults();
        return new GreedyPolicy("q-learning", new QTable(enc.size(), actions.size()), actions, enc);
    }

    @Test
    void theMpcActionReproducesMpcsDecisionsExactly() {
        double[] rates = diurnal(600);
        EwmaForecaster ewma = new EwmaForecaster(Double.NaN);
        ewma.fit(diurnal(480));
        double m = 0.3;
        ActionSet actions = ActionSet.of(List.of(0), ResidualAgent.margins(m), new ActionSet.Residual(m, 0));
        assertThat(actions.mpcIndex()).isGreaterThan(0);
        assertThat(actions.label(actions.mpcIndex())).isEqualTo("h=+30% (mpc)");

        List<StepInfo> mpc = run(new HeadroomPolicy("mpc", new ForecastRateBound(ewma, new double[0]), m, ENV), rates, 7);
        List<StepInfo> agent = run(new ForecastingPolicy(untrained(actions), ForecastFeature.of(ewma)), rates, 7);
        assertThat(agent).hasSameSizeAs(mpc);
        int moves = 0;
        for (int t = 0; t < mpc.size(); t++) {
            assertThat(agent.get(t).requestedDelta()).as("step %d", t).isEqualTo(mpc.get(t).requestedDelta());
            moves += mpc.get(t).requestedDelta() != 0 ? 1 : 0;
        }
        assertThat(moves).as("mpc scales on this trace").isGreaterThan(20);
    }

    /** Azure LLM code's shape at the report's scale: 40 bursty training minutes, then 18 held-out ones starting idle. */
    private static final double[] BURSTY_HISTORY = {7.1, 0, 0, 59.8, 20.6, 15.1, 1.7, 4.7, 4.3, 53.6, 47.0, 7.4, 0, 0,
        70.0, 34.8, 0, 2.0, 42.8, 37.1, 13.4, 8.8, 33.4, 51.3, 27.8, 4.4, 14.4, 12.5, 44.2, 27.8, 13.3, 19.0, 13.6, 35.5,
        17.8, 0, 37.8, 5.7, 32.9, 21.5};
    private static final double[] IDLE_THEN_BURST = {0, 1.1, 25.1, 27.6, 11.1, 0, 0, 3.6, 0, 0, 0, 10.9, 23.9, 2.5, 2.0,
        14.3, 4.8, 22.5};

    /** The training part followed by the held-out part, as one trace ("bursty"). */
    private static final Trace BURSTY_TRACE = new Trace("bursty", 60, java.util.stream.DoubleStream.concat(
            java.util.Arrays.stream(BURSTY_HISTORY), java.util.Arrays.stream(IDLE_THEN_BURST)).toArray());
    /** Training days drawn from the training part of {@link #BURSTY_TRACE}, unscaled. */
    private static final dev.scalewise.experiment.WorkloadSpec BURSTY_WORKLOAD = burstyWorkload();
    private static final Scenarios.TraceResolver BURSTY = n -> Workload.fixed(BURSTY_TRACE);

    private static dev.scalewise.experiment.WorkloadSpec burstyWorkload() {
        java.util.Map<String, Double> params = new java.util.LinkedHashMap<>();
        params.put("stepSeconds", 60.0);
        params.put("toStep", (double) BURSTY_HISTORY.length);
        params.put("scale", 1.0);
        params.put("windowSteps", (double) BURSTY_HISTORY.length);
        return new dev.scalewise.experiment.WorkloadSpec("trace", params, "bursty");
    }
    private static final EnvConfig LLM = EnvConfig.defaults().withServiceRate(5).withSloSeconds(1.0)
            .withCluster(EnvConfig.defaults().cluster().withBootDelaySeconds(120));

    /**
     * Round three's azure-llm-code-2023 miss (agent 68.5% of minutes within the SLA, {@code mpc} 100%): the agent's
     * forecaster started cold at the held-out part's first rate (0 req/s: every margin's target was one instance)
     * while {@code mpc}'s was warmed with the training part, so the "mpc action" was not {@code mpc} when the burst
     * came two minutes later. Warmed with the same history, the fallback action is {@code mpc} to the step from the
     * first minute; cold, it misses the burst.
     */
    @Test
    void warmedWithTheTrainingPartTheMpcActionIsMpcFromTheFirstStep() {
        EwmaForecaster ewma = new EwmaForecaster(Double.NaN);
        ewma.fit(BURSTY_HISTORY);
        double m = 1.0;
        ActionSet actions = ActionSet.of(List.of(0), ResidualAgent.margins(m), new ActionSet.Residual(m, 0));
        for (long seed = 1; seed <= 3; seed++) {
            Kpis mpc = Tuning.simulate(new HeadroomPolicy("mpc", new ForecastRateBound(ewma, BURSTY_HISTORY), m, LLM),
                    IDLE_THEN_BURST, LLM, seed);
            Kpis warm = Tuning.simulate(new ForecastingPolicy(untrained(actions), ForecastFeature.of(ewma),
                    BURSTY_HISTORY), IDLE_THEN_BURST, LLM, seed);
            Kpis cold = Tuning.simulate(new ForecastingPolicy(untrained(actions), ForecastFeature.of(ewma)),
                    IDLE_THEN_BURST, LLM, seed);
            assertThat(mpc.slaCompliancePct()).as("mpc, seed %d", seed).isEqualTo(100.0);
            assertThat(warm).as("warm agent = mpc, seed %d", seed).isEqualTo(mpc);
            assertThat(cold.slaCompliancePct()).as("cold agent, seed %d", seed).isLessThan(80.0);
        }
    }

    /**
     * Model selection on the training part: each candidate training seed is trained and run on the training part's
     * last days; the cheapest by total cost with the SLA credit is chosen; the same inputs give the same choice.
     */
    @Test
    void theTrainingSeedIsChosenOnTheTrainingPartDeterministically() {
        dev.scalewise.experiment.TrainSpec spec = ResidualAgent.spec(BURSTY_WORKLOAD, LLM, 30, 7,

                ResidualAgent.tune(BURSTY_HISTORY, LLM));
        ResidualAgent.Selection a = ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, BURSTY);
        ResidualAgent.Selection b = ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, BURSTY);
        assertThat(a.seeds()).containsExactly(7L, 8L, 9L);
        assertThat(a.totalUsd()).containsExactly(b.totalUsd());
        assertThat(a.seed()).isEqualTo(b.seed());
        double min = java.util.Arrays.stream(a.totalUsd()).min().orElseThrow();
        assertThat(a.totalUsd()[(int) (a.seed() - 7)]).isEqualTo(min);
        for (int k = 0; k < a.seeds().length; k++) {
            assertThat(a.totalUsd()[k]).as("candidate %d", k).isPositive().isFinite();
            assertThat(a.slaPct()[k]).isBetween(0.0, 100.0);
        }
        assertThat(a.describe()).contains("seed 7: $").contains("seed 9: $").contains("(the fallback): $");
        // the fallback (always the mpc action through the same executor) is measured for context, never chosen
        assertThat(a.fallbackTotalUsd()).isPositive().isFinite().isEqualTo(b.fallbackTotalUsd());
        assertThat(a.fallbackSlaPct()).isBetween(0.0, 100.0);
    }

    /**
     * The candidates train in parallel: the same numbers and choice as one after the other; and with a run folder
     * the chosen candidate's folder holds, byte for byte, what a fresh training of the chosen seed writes (so
     * {@code demo} and {@code report} need not train it again), with no candidate folders left behind.
     */
    @Test
    void parallelCandidatesMatchSequentialAndTheChosenRunFolderIsAFreshTraining(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        dev.scalewise.experiment.TrainSpec spec = ResidualAgent.spec(BURSTY_WORKLOAD, LLM, 30, 11,
                ResidualAgent.tune(BURSTY_HISTORY, LLM));
        Scenarios.TraceResolver resolver = BURSTY;
        ResidualAgent.Selection seq = ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, resolver, null, 1);
        java.nio.file.Path run = dir.resolve("run");
        ResidualAgent.Selection par = ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, resolver, run,
                ResidualAgent.CANDIDATES);
        assertThat(par.totalUsd()).containsExactly(seq.totalUsd());
        assertThat(par.slaPct()).containsExactly(seq.slaPct());
        assertThat(par.seed()).isEqualTo(seq.seed());
        assertThat(par.trained().runDir()).isEqualTo(run);
        assertThat(par.trained().policy().table().values()).containsExactly(seq.trained().policy().table().values());

        java.nio.file.Path fresh = dir.resolve("fresh");
        dev.scalewise.experiment.Trainer.train(spec.withSeed(par.seed()), fresh,
                dev.scalewise.experiment.Trainer.Options.quiet().withTraces(resolver));
        for (String f : List.of("spec.json", "steps.csv", "episodes.csv")) {
            assertThat(java.nio.file.Files.readAllBytes(run.resolve(f))).as(f)
                    .isEqualTo(java.nio.file.Files.readAllBytes(fresh.resolve(f)));
        }
        // a vetoed selection (this 40-minute part is under a day) keeps the learned model beside the deployed one
        assertThat(par.vetoed()).isEqualTo(seq.vetoed());
        assertThat(java.nio.file.Files.readAllBytes(run.resolve(par.vetoed() ? ResidualAgent.LEARNED_MODEL
                : "model.qtable"))).as("the learned model").isEqualTo(java.nio.file.Files.readAllBytes(
                fresh.resolve("model.qtable")));
        assertThat(java.nio.file.Files.exists(run.resolve("summary.json"))).isTrue();
        assertThat(java.nio.file.Files.exists(run.resolve(".candidates"))).isFalse();
        // the folder is the agent's: a second selection into it is refused before any work
        assertThatThrownBy(() -> ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, resolver, run))
                .hasMessageContaining("already holds a run");
        // a folder another selection holds is refused before any work, its candidates untouched
        java.nio.file.Path busy = dir.resolve("busy");
        dev.scalewise.run.RunDirectory.create(busy);
        try (dev.scalewise.run.RunLock held = dev.scalewise.run.RunLock.acquire(busy)) {
            java.nio.file.Files.createDirectories(busy.resolve(".candidates/seed-11"));
            assertThatThrownBy(() -> ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, resolver, busy))
                    .hasMessageContaining("is in use");
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(
                    busy.resolve(".candidates/seed-11"))) {
                assertThat(left).as("nothing trained into, nor deleted from, the held folder").isEmpty();
            }
        }
    }

    /**
     * The veto (round seven, docs/training.md): a training part under a day is too short to learn from (every
     * episode replays the same minutes, the tuned days among them), so a learned table is deployed only when it beats
     * its fallback (the untrained table: always the {@code mpc} action through the same executor) on the tuned days.
     * On the 40 bursty minutes below the chosen seed does not: the deployed agent is the untrained table, in memory
     * and in the run folder, where the learned model is kept beside it and the logs stay; it acts exactly as the
     * fallback. Without the veto the learned table (chosen by seed alone) is deployed and this fails.
     */
    @Test
    void aTrainingPartUnderADayDeploysTheFallbackWhenTheLearnedTableDoesNotBeatIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(ResidualAgent.tooShortToLearn(BURSTY_HISTORY, LLM)).isTrue();
        assertThat(ResidualAgent.tooShortToLearn(new double[1439], LLM)).isTrue();
        assertThat(ResidualAgent.tooShortToLearn(new double[1440], LLM)).as("a day of 60 s steps").isFalse();
        dev.scalewise.experiment.TrainSpec spec = ResidualAgent.spec(BURSTY_WORKLOAD, LLM, 30, 11,
                ResidualAgent.tune(BURSTY_HISTORY, LLM));
        java.nio.file.Path run = dir.resolve("run");
        ResidualAgent.Selection sel = ResidualAgent.selectSeed(spec, BURSTY_HISTORY, LLM, BURSTY, run);
        int best = (int) (sel.seed() - sel.seeds()[0]);
        assertThat(sel.totalUsd()[best]).as("the chosen seed does not beat the fallback on the tuned days")
                .isGreaterThanOrEqualTo(sel.fallbackTotalUsd());
        assertThat(sel.vetoed()).isTrue();
        assertThat(sel.describe()).contains("vetoed");
        assertThat(sel.trained().policy().table().values()).as("deployed: the untrained table")
                .containsOnly(0.0);
        ModelFile.SavedModel deployed = dev.scalewise.run.RunDirectory.open(run).loadModel();
        assertThat(deployed.metadata()).containsEntry("deployed", "fallback").containsKey("veto");
        assertThat(deployed.policy().table().values()).containsOnly(0.0);
        ModelFile.SavedModel learned = ModelFile.read(run.resolve(ResidualAgent.LEARNED_MODEL));
        assertThat(learned.policy().table().values()).as("the learned table, kept").isNotEqualTo(
                deployed.policy().table().values());
        assertThat(java.nio.file.Files.exists(run.resolve("episodes.csv"))).isTrue();
        // the loaded agent is the fallback: the same KPIs as the untrained table with the same forecaster, per seed
        dev.scalewise.experiment.PolicyRegistry.Factory agent = new dev.scalewise.experiment.AgentRunLoader(BURSTY)
                .load(run).orElseThrow();
        EwmaForecaster ewma = new EwmaForecaster(Double.parseDouble(spec.scenario().forecaster().options().get("alpha")));
        ewma.fit(BURSTY_HISTORY);
        for (long seed = 1; seed <= 3; seed++) {
            Kpis a = Tuning.simulate(agent.create(new dev.scalewise.experiment.PolicyRegistry.Context(BURSTY_TRACE, LLM,
                    IDLE_THEN_BURST, BURSTY_HISTORY, seed)), IDLE_THEN_BURST, LLM, seed);
            Kpis f = Tuning.simulate(new ForecastingPolicy(untrained(spec.actionSet()), ForecastFeature.of(ewma),
                    BURSTY_HISTORY), IDLE_THEN_BURST, LLM, seed);
            assertThat(a).as("seed %d", seed).isEqualTo(f);
        }
    }

    /**
     * The residual agent's base margin is tuned as the agent runs it, through its {@link
     * ResidualAgent#STABILIZATION_STEPS}-step scale-down window (round seven): the window only keeps capacity, so
     * the smallest margin reaching the SLA target through it is below the reference {@code mpc}'s on these bursty
     * minutes (without the window the base was {@code mpc}'s own margin and this fails); the next smaller margin of
     * the grid misses the target through the window.
     */
    @Test
    void theBaseMarginIsTunedThroughTheAgentsStabilizationWindow() {
        Trace t = new Trace("training part", 60, BURSTY_HISTORY);
        dev.scalewise.experiment.PolicyRegistry.Context ctx = new dev.scalewise.experiment.PolicyRegistry.Context(t, LLM,
                t.rates(), BURSTY_HISTORY, 1);
        double windowless = ReferencePolicies.defaults().tuneMpc(ctx, List.of("ewma")).tuned().value();
        ReferencePolicies.MpcTuned stable = ReferencePolicies.defaults().tuneMpc(ctx, List.of("ewma"),
                new int[] {ResidualAgent.STABILIZATION_STEPS});
        ResidualAgent.Base base = ResidualAgent.tune(BURSTY_HISTORY, LLM);
        assertThat(base.margin()).isEqualTo(stable.tuned().value()).isLessThan(windowless);
        // on these bursts no margin reaches 99.9% of the tuned minutes (a burst from idle outruns a 2-minute boot), so
        // the base is the grid's margin of the lowest total cost with the SLA credit, measured through the window
        TuningSpec ts = TuningSpec.defaults();
        ReferencePolicies.Split split = ReferencePolicies.Split.of(BURSTY_HISTORY, LLM, ts);
        dev.scalewise.metrics.SlaCredit credit = dev.scalewise.metrics.SlaCredit.defaults();
        java.util.function.DoubleFunction<Double> through = m -> credit.totalCost(Tuning.simulate(new HeadroomPolicy(
                "mpc", new ForecastRateBound(stable.fitted(), split.warmup()), m, LLM,
                ResidualAgent.STABILIZATION_STEPS), split.tune(), LLM, ts.seed()), 60);
        assertThat(stable.tuned().passed()).isFalse();
        double chosen = through.apply(base.margin());
        for (double m : ts.margins()) {
            assertThat(through.apply(m)).as("margin %s", m).isGreaterThanOrEqualTo(chosen);
        }
        assertThat(through.apply(windowless)).as("mpc's own margin, through the window").isGreaterThan(chosen);
    }

    /** The run loader hands the comparison's history (the training part) to the agent's forecaster. */
    @Test
    void theLoadedAgentForecastsFromTheHistoryItIsGiven(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ResidualAgent.Base base = ResidualAgent.tune(BURSTY_HISTORY, LLM);
        dev.scalewise.experiment.Scenarios.TraceResolver resolver = BURSTY;
        dev.scalewise.experiment.Trainer.train(ResidualAgent.spec(BURSTY_WORKLOAD, LLM, 3, 42, base), dir,
                new dev.scalewise.experiment.Trainer.Options(null, false, resolver, 0));
        dev.scalewise.experiment.PolicyRegistry.Factory f = new dev.scalewise.experiment.AgentRunLoader(resolver)
                .load(dir).orElseThrow();
        Trace test = new Trace("held-out", 60, IDLE_THEN_BURST);
        Policy warm = f.create(new dev.scalewise.experiment.PolicyRegistry.Context(test, LLM, IDLE_THEN_BURST,
                BURSTY_HISTORY, 1));
        Policy cold = f.create(null);
        Observation idle = new Observation(0, 0, 0, 1, 0, 0, 0, 0, 0, 5, 0);
        warm.reset(LLM.spec());
        cold.reset(LLM.spec());
        double warmForecast = ((ForecastingPolicy) warm).withForecast(idle).forecastRate();
        assertThat(warmForecast).as("the EWMA over the training part").isGreaterThan(5.0);
        assertThat(((ForecastingPolicy) cold).withForecast(idle).forecastRate()).isZero();
    }

    @Test
    void scaleDownStabilizationBlocksADownMoveInsideTheWindow() {
        EnvSpec spec = ENV.spec();
        int w = 3;
        ActionSet actions = ActionSet.of(List.of(0), List.of(0.0, 0.5), new ActionSet.Residual(0.0, w));
        int h0 = actions.mpcIndex();
        ActionSet.Executor ex = actions.executor();
        ex.reset();
        int high = NeedTable.of(spec).need(400);
        int low = NeedTable.of(spec).need(100);
        assertThat(low).isLessThan(high);
        // a rise is followed at once
        assertThat(ex.delta(h0, obs(0, 5, 400), spec)).isEqualTo(high - 5);
        // the forecast falls: the target is low, but the window still holds the high target
        for (int t = 1; t < w; t++) {
            assertThat(actions.delta(h0, obs(t, high, 100), spec)).isEqualTo(low - high);
            assertThat(ex.delta(h0, obs(t, high, 100), spec)).as("step %d", t).isZero();
        }
        // once the low target has lasted the window, capacity falls to it
        assertThat(ex.delta(h0, obs(w, high, 100), spec)).isEqualTo(low - high);
        // a new episode forgets the window; without a window nothing is held back
        ex.reset();
        assertThat(ex.delta(h0, obs(0, high, 100), spec)).isEqualTo(low - high);
        ActionSet none = ActionSet.of(List.of(0), List.of(0.0, 0.5), new ActionSet.Residual(0.0, 0));
        ActionSet.Executor free = none.executor();
        free.delta(h0, obs(0, 5, 400), spec);
        assertThat(free.delta(h0, obs(1, high, 100), spec)).isEqualTo(low - high);
    }

    /**
     * The agent as {@code demo} trains it (150 episodes here), on the same two held-out days at two scales, peak 10
     * and peak 100 instances: one model serves both, within the bar of 0.5 points. Measured here: 99.93% vs
     * 99.58% (round three: margins from {@code -m/2}, the training seed chosen on the training part, 44); round two's
     * square-root staffing margins ({@link ActionSet.Residual}) without the negative margin, seed 42: 99.93% vs 99.83%
     * (with the negative margin and seed 42 unselected: 99.93% vs 99.17%, outside the bar); relative margins (the
     * first round's) 99.93% vs 99.34%, outside the bar: {@code mpc}'s margin is tuned at peak 20, where rounding up to
     * whole instances adds slack that a larger service does not get.
     */
    @Test
    void theDemoAgentServesPeak10AndPeak100(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int day = 1440;
        Trace full = Scenarios.defaultWorkload(12 * day, 60, 20, 200, day, 0.2, 0.05, 0.9)
                .generate(dev.scalewise.experiment.Seeds.stream(42, "demo-trace"));
        int trainEnd = 10 * day;
        double peak = full.slice(0, trainEnd).peakRate();
        EnvConfig env = EnvConfig.defaults().withCluster(EnvConfig.defaults().cluster().withBounds(1, 400, 1));
        double scale = 20 * env.serviceRate() * 0.7 / peak;
        ResidualAgent.Base base = ResidualAgent.tune(full.slice(0, trainEnd).scaled(scale).rates(), env);
        assertThat(base.ewmaAlpha()).isBetween(0.0, 1.0);
        java.util.Map<String, Double> params = new java.util.LinkedHashMap<>();
        params.put("stepSeconds", 60.0);
        params.put("toStep", (double) trainEnd);
        params.put("scale", scale);
        params.put("windowSteps", (double) day);
        dev.scalewise.experiment.Scenarios.TraceResolver resolver = n -> Workload.fixed(full);
        dev.scalewise.experiment.TrainSpec spec = ResidualAgent.spec(
                new dev.scalewise.experiment.WorkloadSpec("trace", params, "synthetic"), env, 150, 42, base);
        // the training seed chosen on the training part, as demo does, into the run folder demo evaluates: the
        // DEPLOYED policy (the learned table, or the fallback where the veto applies) is what is measured below
        ResidualAgent.Selection sel = ResidualAgent.selectSeed(spec, full.slice(0, trainEnd).scaled(scale).rates(), env,
                resolver, dir.resolve("run"));
        assertThat(sel.seeds()).containsExactly(42L, 43L, 44L);
        for (double t : sel.totalUsd()) {
            assertThat(sel.totalUsd()[(int) (sel.seed() - 42)]).isLessThanOrEqualTo(t);
        }
        // ten training days: the scale check ran, and the veto followed its rule
        assertThat(sel.scaleCheck()).isNotNull();
        assertThat(sel.vetoed()).isEqualTo(ResidualAgent.vetoes(sel.totalUsd()[(int) (sel.seed() - 42)],
                sel.fallbackTotalUsd(), sel.scaleCheck()));
        // round eight: here the base is a rate margin whose fallback is cheaper on the tuned days ($107.13 against the
        // chosen table's $112.99) and reaches 99.9% at every peak of the check, so the fallback is deployed (round
        // seven deployed the learned table on any training part of a day or more: this fails there)
        assertThat(base.rateMargin()).isTrue();
        assertThat(sel.scaleCheck().fallbackUnsafeAt()).isEmpty();
        assertThat(sel.vetoed()).isTrue();
        assertThat(dev.scalewise.run.RunDirectory.open(dir.resolve("run")).loadModel().metadata())
                .containsEntry("deployed", "fallback");
        // round nine: on these tuned days no window of the grid reaches HPA's 0.40 flaps a day (the fallback: 13.07 at
        // 10 steps, 3.53 at 20), so the fewest, 20, is chosen and the deployed model runs with it (10 before)
        assertThat(sel.window().window()).as(sel.window().describe()).isEqualTo(20);
        assertThat(dev.scalewise.run.RunDirectory.open(dir.resolve("run")).loadModel().actions().residual()
                .stabilizationSteps()).isEqualTo(20);
        dev.scalewise.experiment.PolicyRegistry.Factory agent = new dev.scalewise.experiment.AgentRunLoader(resolver)
                .load(dir.resolve("run")).orElseThrow();
        double[] sla = new double[2];
        int[] peaks = {10, 100};
        for (int i = 0; i < 2; i++) {
            double s = peaks[i] * env.serviceRate() * 0.7 / peak;
            double[] test = full.slice(trainEnd, trainEnd + 2 * day).scaled(s).rates();
            sla[i] = Tuning.simulate(agent.create(null), test, env, 5).slaCompliancePct();
        }
        assertThat(base.referenceNeed()).as("the tuning scale's need").isBetween(2.0, 20.0);
        assertThat(sla[0]).as("SLA at peak 10 vs peak 100")
                .isCloseTo(sla[1], org.assertj.core.api.Assertions.within(0.5));
        assertThat(Math.min(sla[0], sla[1])).isGreaterThan(99.5);
    }

    /**
     * Square-root staffing: margin h converted at the reference need N0 is beta = h sqrt(N0), target ceil(need +
     * beta sqrt(need)); at need N0 it is mpc's ceil(N0 (1 + h)); x100 the need, x10 (not x100) the headroom.
     */
    @Test
    void sqrtStaffingMarginsGrowWithTheSquareRootOfTheNeed() throws Exception {
        ActionSet.Residual r = new ActionSet.Residual(0.25, 0, 16);
        assertThat(r.sqrtStaffing()).isTrue();
        assertThat(r.beta(0.25)).isEqualTo(1.0);
        assertThat(r.target(16, 0.25)).isEqualTo(20);                   // = ceil(16 x 1.25): mpc at the tuning scale
        assertThat(r.target(1600, 0.25)).isEqualTo(1640);               // 1600 + 1 x 40, not 1600 x 1.25 = 2000
        assertThat(r.target(4, 0.25)).isEqualTo(6);                     // 4 + 1 x 2
        assertThat(r.target(1600, 0)).isEqualTo(1600);
        ActionSet.Residual relative = new ActionSet.Residual(0.25, 0);
        assertThat(relative.sqrtStaffing()).isFalse();
        assertThat(relative.target(1600, 0.25)).isEqualTo(2000);
        assertThatThrownBy(() -> new ActionSet.Residual(0.25, 0, -1)).hasMessageContaining("referenceNeed");

        // through the action set, as the agent requests it: the forecast's need x100 -> headroom x10
        EnvSpec spec = ENV.spec();
        ActionSet actions = ActionSet.of(List.of(0), List.of(0.0, 0.25), r);
        int a = actions.mpcIndex();
        assertThat(actions.label(a)).isEqualTo("beta=1.00 (mpc)");
        double rate = 10 * ENV.serviceRate();
        int need = NeedTable.of(spec).need(rate);
        long expected = (long) Math.ceil(need + Math.sqrt(need) - 1e-9);
        assertThat(actions.delta(a, obs(0, 1, rate), spec)).isEqualTo((int) expected - 1);

        // the model file keeps the reference need
        GreedyPolicy g = untrained(actions);
        ModelFile.SavedModel back = ModelFile.decode(ModelFile.encode(new ModelFile.SavedModel("q-learning", actions,
                g.encoder().definition(), List.of(g.table()), Map.of())), "test");
        assertThat(back.actions().residual()).isEqualTo(r);

        // spec.json keeps it too; an older spec.json without it reads back as relative margins
        com.fasterxml.jackson.databind.ObjectMapper json = dev.scalewise.run.RunDirectory.json();
        assertThat(json.readValue(json.writeValueAsString(r), ActionSet.Residual.class)).isEqualTo(r);
        assertThat(json.readValue("{\"mpcMargin\": 0.25, \"stabilizationSteps\": 10}", ActionSet.Residual.class))
                .isEqualTo(new ActionSet.Residual(0.25, 10));
    }

    private static Observation obs(int step, int instances, double forecast) {
        return new Observation(step, forecast, forecast, instances, 0, 0.5, 0.1, 0, 0, ENV.serviceRate(), forecast);
    }

    @Test
    void marginsBracketMpcsAndTheResidualModeRoundTripsThroughTheModelFile() {
        assertThat(ResidualAgent.margins(0.75)).containsExactly(-0.375, 0.0, 0.375, 0.5625, 0.75, 1.125, 1.25, 1.5);
        assertThat(ResidualAgent.margins(0)).containsExactly(0.0, 0.5);
        ActionSet actions = ActionSet.of(List.of(0), ResidualAgent.margins(0.75), new ActionSet.Residual(0.75, 10));
        GreedyPolicy g = untrained(actions);
        ModelFile.SavedModel saved = new ModelFile.SavedModel("q-learning", actions, g.encoder().definition(),
                List.of(g.table()), Map.of());
        ModelFile.SavedModel back = ModelFile.decode(ModelFile.encode(saved), "test");
        assertThat(back.actions()).isEqualTo(actions);
        assertThat(back.actions().residual()).isEqualTo(new ActionSet.Residual(0.75, 10));
        assertThat(back.policy().stateless()).isFalse();
        // a model without the residual mode reads back without it (older files unchanged)
        ActionSet band = ActionSet.of(List.of(0), List.of(0.0, 0.1));
        assertThat(ModelFile.decode(ModelFile.encode(new ModelFile.SavedModel("q-learning", band,
                g.encoder().definition(), List.of(new QTable(g.encoder().size(), 3)), Map.of())), "t").actions().residual())
                .isNull();
        // in residual mode the margins alone are a valid set (no hold)
        ActionSet marginsOnly = ActionSet.of(List.of(), List.of(0.0, 0.5), new ActionSet.Residual(0.5, 5));
        assertThat(marginsOnly.holdIndex()).isEqualTo(-1);
        assertThat(marginsOnly.mpcIndex()).isEqualTo(1);
        assertThatThrownBy(() -> ActionSet.of(List.of(), List.of(0.0, 0.5))).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ActionSet.of(List.of(0), List.of(0.0, 0.5), new ActionSet.Residual(0.3, 5)))
                .hasMessageContaining("mpc margin 0.3 must be one of the headroom margins");
    }

    /**
     * The residual agent trains on windows that carry the training part before them ({@code warmupSteps}: all of
     * it), so its training episodes start with the forecaster warmed as in evaluation (docs/training.md, "Round
     * six"); a spec without windows, or one that names its own warm-up, is left as given.
     */
    @Test
    void trainingWindowsCarryTheTrainingPartBeforeThem() {
        ResidualAgent.Base base = new ResidualAgent.Base(0.25, 0.1, "test", 10);
        dev.scalewise.experiment.WorkloadSpec windows = new dev.scalewise.experiment.WorkloadSpec("trace",
                Map.of("toStep", 5000.0, "windowSteps", 1440.0), "t");
        dev.scalewise.experiment.TrainSpec ts = ResidualAgent.spec(windows, ENV, 10, 42, base);
        assertThat(ts.scenario().workload().param("warmupSteps", 0)).isEqualTo(5000);
        assertThat(ts.scenario().workload().param("windowSteps", 0)).isEqualTo(1440);
        dev.scalewise.experiment.WorkloadSpec whole = new dev.scalewise.experiment.WorkloadSpec("trace",
                Map.of("toStep", 5000.0), "t");
        assertThat(ResidualAgent.spec(whole, ENV, 10, 42, base).scenario().workload()).isEqualTo(whole);
        dev.scalewise.experiment.WorkloadSpec own = new dev.scalewise.experiment.WorkloadSpec("trace",
                Map.of("toStep", 5000.0, "windowSteps", 1440.0, "warmupSteps", 0.0), "t");
        assertThat(ResidualAgent.spec(own, ENV, 10, 42, base).scenario().workload()).isEqualTo(own);

        // and a training episode's first observation carries the forecast warmed with the days before its window
        double[] rates = new double[3 * 1440];
        for (int t = 0; t < rates.length; t++) {
            rates[t] = t < 1440 ? 5 : 100 + 50 * Math.sin(2 * Math.PI * t / 1440);
        }
        Scenarios.TraceResolver resolver = n -> Workload.fixed(new Trace(n, 60, rates));
        dev.scalewise.experiment.TrainSpec train = ResidualAgent.spec(new dev.scalewise.experiment.WorkloadSpec("trace",
                Map.of("toStep", (double) rates.length, "windowSteps", 60.0), "t"), ENV, 10, 42, base);
        dev.scalewise.experiment.RandomizedEnv env = (dev.scalewise.experiment.RandomizedEnv) Scenarios.environment(
                train.scenario(), train.newReward(), resolver);
        int warmed = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Observation first = env.reset(seed);
            Trace window = env.current().trace();
            double[] before = window.preceding();
            assertThat(before.length).isGreaterThan(0);
            EwmaForecaster cold = new EwmaForecaster(0.1);
            double coldForecast = cold.forecast(new double[] {window.rate(0)}, 1, 1)[0];
            double warmForecast = new EwmaForecaster(0.1).forecast(before, before.length, 1)[0];
            assertThat(first.forecastRate()).isCloseTo(warmForecast, org.assertj.core.data.Offset.offset(1e-9));
            if (Math.abs(warmForecast - coldForecast) > 1e-3) {
                warmed++;
            }
        }
        assertThat(warmed).isGreaterThanOrEqualTo(3);
    }
}
