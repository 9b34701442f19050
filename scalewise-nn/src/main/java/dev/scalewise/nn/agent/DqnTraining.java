package dev.scalewise.nn.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.ScaleFreeFeatures;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Environment;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.experiment.ScenarioSpec;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.metrics.KpiAccumulator;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.reward.Rewards;
import dev.scalewise.run.Provenance;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.run.RunLock;

/**
 * {@code train --agent dqn}: trains the {@link DqnAgent} on core's scale-free setting ({@link ScaleFreeFeatures},
 * the scale-free actions of an {@link ActionSet}, the spec's reward and scenario, randomized per episode when the
 * scenario is); or on the residual action set over {@code mpc} that the default tabular agent learns
 * ({@code ResidualAgent.spec}: margins over the forecast of the scenario's fitted EWMA, with scale-down
 * stabilization), the same actions and training distribution, so the two compare on equal terms. It writes a run folder with the same conventions as the tabular {@code Trainer}: {@code spec.json}
 * (this {@link Spec}, with the DQN config), {@code provenance.json}, {@code episodes.csv} (same columns),
 * {@code summary.json} (written last: the run is complete) and the model files {@code model.dqn.params} +
 * {@code model.dqn.json} ({@link DqnModelFile}). Same spec, same seed: byte-identical {@code episodes.csv},
 * {@code model.dqn.params} and {@code model.dqn.json}. The folder's {@link RunLock} is held throughout. No
 * checkpoints: a killed DQN run is trained again (the replay buffer is not saved).
 */
public final class DqnTraining {
    /** The default encoder's name in {@code spec.json} (10 features). */
    public static final String ENCODER = ScaleFreeFeatures.TYPE;
    /** The opt-in encoder with the forecast's spread ({@code forecast_error}, 11 features). */
    public static final String SPREAD_ENCODER = ScaleFreeFeatures.SPREAD_TYPE;

    private DqnTraining() {
    }

    /**
     * {@code value} of the command-line {@code option} naming the DQN's feature set, checked: {@value #ENCODER} or
     * {@value #SPREAD_ENCODER}.
     */
    public static String encoderOption(String option, String value) {
        if (!ENCODER.equals(value) && !SPREAD_ENCODER.equals(value)) {
            throw new IllegalArgumentException(option + " must be " + ENCODER + " or " + SPREAD_ENCODER + ", got '"
                    + value + "'");
        }
        return value;
    }

    /**
     * Everything that defines a DQN training run; saved as {@code spec.json}.
     *
     * @param agent         always {@code dqn}
     * @param steps         environment steps to train
     * @param encoder       the feature set ({@code scale-free}, or {@code scale-free-spread} with the forecast's
     *                      recent error; {@link ScaleFreeFeatures#of})
     * @param actions       instance-delta moves (must include 0)
     * @param margins       headroom-target actions after the moves
     * @param reward        reward preset name
     * @param rewardWeights its weights, resolved
     * @param scenario      environment, workload, randomization
     * @param seed          master seed (also the DQN config's)
     * @param dqn           the hyper-parameters
     * @param residual      the margins' residual mode over {@code mpc} ({@link ActionSet.Residual}); null for the
     *                      demand band (left out of {@code spec.json} when null, so older runs read back unchanged)
     */
    public record Spec(String agent, long steps, String encoder, List<Integer> actions, List<Double> margins,
                       String reward, Map<String, Double> rewardWeights, ScenarioSpec scenario, long seed,
                       DqnConfig dqn,
                       @com.fasterxml.jackson.annotation.JsonInclude(
                               com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       ActionSet.Residual residual) {
        public Spec {
            if (!DqnAgent.NAME.equals(agent)) {
                throw new IllegalArgumentException("dqn spec agent must be '" + DqnAgent.NAME + "', got '" + agent
                        + "'");
            }
            if (!ENCODER.equals(encoder) && !SPREAD_ENCODER.equals(encoder)) {
                throw new IllegalArgumentException("dqn spec encoder must be '" + ENCODER + "' or '" + SPREAD_ENCODER
                        + "', got '" + encoder + "'");
            }
            actions = List.copyOf(actions);
            margins = margins == null ? List.of() : List.copyOf(margins);
            ActionSet.of(actions, margins, residual);
            Objects.requireNonNull(scenario, "dqn spec scenario");
            rewardWeights = new LinkedHashMap<>(Rewards.create(reward, rewardWeights == null ? Map.of()
                    : rewardWeights).weights());
            Objects.requireNonNull(dqn, "dqn spec dqn");
            if (dqn.totalSteps() != steps || dqn.seed() != seed) {
                throw new IllegalArgumentException("dqn spec: dqn.totalSteps and dqn.seed must equal steps (" + steps
                        + ") and seed (" + seed + "), got " + dqn.totalSteps() + " and " + dqn.seed());
            }
        }

        /** The spec before the residual mode: the demand band. */
        public Spec(String agent, long steps, String encoder, List<Integer> actions, List<Double> margins,
                    String reward, Map<String, Double> rewardWeights, ScenarioSpec scenario, long seed, DqnConfig dqn) {
            this(agent, steps, encoder, actions, margins, reward, rewardWeights, scenario, seed, dqn, null);
        }

        /**
         * The DQN in {@code base}'s setting (scenario with its forecaster, actions, margins and their residual mode,
         * reward, seed) for {@code steps} steps, with
         * {@link DqnConfig#defaults}, whose schedule (learning starts 1e4, target update every 1e3 steps) is shrunk
         * for budgets under 1e5 steps to a tenth and a fiftieth of the budget.
         */
        public static Spec of(TrainSpec base, long steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
            }
            DqnConfig c = DqnConfig.defaults(steps, base.seed());
            if (steps < 100_000) {
                c = c.withSchedule(Math.max(c.batchSize(), Math.min(c.learningStarts(), steps / 10)),
                        (int) Math.max(1, Math.min(c.targetUpdateEvery(), steps / 50)), c.explorationFraction());
            }
            return new Spec(DqnAgent.NAME, steps, ENCODER, base.actions(), base.margins(), base.reward(),
                    base.rewardWeights(), base.scenario(), base.seed(), c, base.residual());
        }

        /** This spec with another feature set ({@code scale-free} or {@code scale-free-spread}). */
        public Spec withEncoder(String name) {
            return new Spec(agent, steps, name, actions, margins, reward, rewardWeights, scenario, seed, dqn,
                    residual);
        }

        /** A fresh encoder of this spec's feature set. */
        public ScaleFreeFeatures newEncoder() {
            return ScaleFreeFeatures.of(encoder);
        }

        /** This spec with other hyper-parameters (same budget and seed). */
        public Spec withDqn(DqnConfig c) {
            return new Spec(agent, steps, encoder, actions, margins, reward, rewardWeights, scenario, seed, c,
                    residual);
        }

        public ActionSet actionSet() {
            return ActionSet.of(actions, margins, residual);
        }

        public RewardFunction newReward() {
            return Rewards.create(reward, rewardWeights);
        }
    }

    /**
     * What a training produced.
     *
     * @param meanReturnLast50 mean return of the last 50 finished episodes (fewer when fewer)
     */
    public record Result(Path runDir, int episodes, long steps, long updates, double finalEpsilon,
                         double meanReturnLast50, double wallSeconds) {
        /** The fields of {@code summary.json}. */
        public Map<String, Object> summary(Spec spec) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("episodes", episodes);
            m.put("steps", steps);
            m.put("gradient_updates", updates);
            m.put("final_epsilon", finalEpsilon);
            m.put("mean_return_last_50", meanReturnLast50);
            m.put("wall_seconds", wallSeconds);
            m.put("steps_per_second", wallSeconds > 0 ? steps / wallSeconds : 0);
            m.put("agent", spec.agent());
            m.put("reward", spec.reward());
            m.put("env", spec.scenario().env());
            m.put("seed", spec.seed());
            m.put("features", spec.newEncoder().dimension());
            m.put("model", DqnModelFile.SPEC_FILE);
            return m;
        }
    }

    /**
     * A policy-ready encoder + action mapping for {@code spec}: a fresh {@link ScaleFreeFeatures} of the spec's feature
     * set each call (a network whose input count differs from the set's is refused), and no forecast of its own (for a spec without a forecaster, or an environment that fills the forecast itself).
     */
    public static DqnGreedyPolicy policy(DqnPolicy network, Spec spec) {
        return policy(network, spec, null);
    }

    /**
     * As {@link #policy(DqnPolicy, Spec)}, carrying {@code forecast} (a fresh feature of the run's fitted forecaster,
     * {@code AgentRunLoader.forecast}) into any environment; null for none.
     */
    public static DqnGreedyPolicy policy(DqnPolicy network, Spec spec, ForecastFeature forecast) {
        return policy(network, spec, forecast, new double[0]);
    }

    /** As {@link #policy(DqnPolicy, Spec, ForecastFeature)}, the forecast warmed with the rates before the episode. */
    public static DqnGreedyPolicy policy(DqnPolicy network, Spec spec, ForecastFeature forecast, double[] warmup) {
        ScaleFreeFeatures enc = spec.newEncoder();
        if (network.dimension() != enc.dimension()) {
            throw new IllegalArgumentException("the DQN model takes " + network.dimension() + " features, its spec's "
                    + "encoder '" + spec.encoder() + "' gives " + enc.dimension());
        }
        return new DqnGreedyPolicy(network, enc::reset, enc::encode,
                EncodedEnvironment.ActionMapping.of(spec.actionSet()), List.of(enc.names()), forecast, warmup);
    }

    /**
     * Trains {@code spec} into the new run folder {@code dir}, holding its lock.
     *
     * @param progress where progress lines go (about every 10% of the steps); null for none
     */
    public static Result train(Spec spec, Path dir, PrintStream progress, Scenarios.TraceResolver traces)
            throws IOException {
        // everything that can refuse the spec before the folder exists: no orphan folder
        Environment base = Scenarios.environment(spec.scenario(), spec.newReward(), traces);
        RunDirectory run = RunDirectory.create(dir);
        try (RunLock lock = RunLock.acquire(dir)) {
            if (run.has(RunDirectory.SPEC)) {
                throw new IllegalArgumentException("run folder " + dir + " already holds a run; use another --out");
            }
            run.deleteTemporaryFiles();
            run.writeJson(RunDirectory.SPEC, spec);
            run.writeJson(RunDirectory.PROVENANCE, Provenance.start(spec.seed()));
            KpiEnv env = new KpiEnv(base);
            ScaleFreeFeatures enc = spec.newEncoder();
            EncodedEnvironment encoded = new EncodedEnvironment(env, enc.dimension(), enc::reset, enc::encode,
                    EncodedEnvironment.ActionMapping.of(spec.actionSet()));
            StringBuilder episodes = new StringBuilder(
                    "episode,return,steps,mean_utilization,mean_instances,sla_compliance_pct,cost_usd,epsilon\n");
            double[][] returns = {new double[64]};
            long t0 = System.nanoTime();
            long[] stepsDone = {0};
            int[] lastDecile = {-1};
            Result result;
            try (DqnAgent agent = new DqnAgent(spec.dqn(), enc.dimension(), spec.actionSet().size())) {
                int finished = agent.learn(encoded, new DqnAgent.Listener() {
                  @Override
                  public void onEpisodeEnd(int episode, double ret, int n, double eps) {
                    if (episode >= returns[0].length) {
                        returns[0] = Arrays.copyOf(returns[0], returns[0].length * 2);
                    }
                    returns[0][episode] = ret;
                    stepsDone[0] += n;
                    Kpis k = env.kpis.kpis();
                    double dt = env.spec().stepSeconds();
                    double meanInstances = k.steps() == 0 ? 0 : k.instanceHours() * 3600 / (k.steps() * dt);
                    episodes.append(episode).append(',').append(ret).append(',').append(n).append(',')
                            .append(k.meanUtilization()).append(',').append(meanInstances).append(',')
                            .append(k.slaCompliancePct()).append(',').append(k.costUsd()).append(',').append(eps)
                            .append('\n');
                    int decile = (int) (10 * stepsDone[0] / spec.steps());
                    if (progress != null && decile != lastDecile[0]) {
                        lastDecile[0] = decile;
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        progress.printf("episode %d  steps %,d/%,d  return %.2f  epsilon %.3f  loss %.4g  "
                                        + "elapsed %.1fs%n", episode + 1, stepsDone[0], spec.steps(), ret, eps,
                                agent.lastLoss(), elapsed);
                    }
                  }
                });
                double wall = (System.nanoTime() - t0) / 1e9;
                RunDirectory.writeAtomically(run.file(RunDirectory.EPISODES),
                        episodes.toString().getBytes(StandardCharsets.UTF_8));
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("actions", spec.actions().toString());
                meta.put("margins", spec.margins().toString());
                if (spec.residual() != null) {
                    meta.put("residual", spec.actionSet().toString());
                }
                if (spec.scenario().forecaster() != null) {
                    meta.put("forecaster", spec.scenario().forecaster().name());
                }
                meta.put("encoder", spec.encoder());
                meta.put("reward", spec.reward());
                meta.put("env", spec.scenario().env());
                meta.put("seed", Long.toString(spec.seed()));
                DqnModelFile.save(agent, dir, List.of(enc.names()), meta);
                int count = Math.min(50, finished);
                double mean = 0;
                for (int i = finished - count; i < finished; i++) {
                    mean += returns[0][i] / count;
                }
                result = new Result(dir, finished, agent.steps(), agent.updates(), agent.epsilon(), mean, wall);
            }
            run.writeJson(RunDirectory.SUMMARY, result.summary(spec));
            run.writeJson(RunDirectory.PROVENANCE, run.readJson(RunDirectory.PROVENANCE, Provenance.class).ended());
            return result;
        }
    }

    /** Accumulates the KPIs of the current episode (for {@code episodes.csv}); otherwise passes through. */
    private static final class KpiEnv implements Environment {
        private final Environment env;
        KpiAccumulator kpis;

        KpiEnv(Environment env) {
            this.env = env;
        }

        @Override
        public String id() {
            return env.id();
        }

        @Override
        public Observation reset(long seed) {
            Observation o = env.reset(seed);
            kpis = new KpiAccumulator(env.spec().stepSeconds());
            return o;
        }

        @Override
        public StepResult step(int delta) {
            StepResult r = env.step(delta);
            kpis.add(r.info());
            return r;
        }

        @Override
        public EnvSpec spec() {
            return env.spec();
        }
    }
}
