package dev.scalewise.experiment;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.agent.Agent;
import dev.scalewise.agent.Agents;
import dev.scalewise.agent.DefaultEncoder;
import dev.scalewise.agent.EncoderDefinition;
import dev.scalewise.agent.ExplorationSchedule;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.agent.SeedAEncoder;
import dev.scalewise.agent.SeedBEncoder;
import dev.scalewise.agent.StateEncoder;
import dev.scalewise.agent.StateEncoders;
import dev.scalewise.reward.RewardFunction;
import dev.scalewise.reward.ScaleFreeReward;
import dev.scalewise.reward.Rewards;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that defines a training run; saved as {@code spec.json}, and enough to reproduce the run exactly.
 *
 * @param agent           {@code q-learning}, {@code sarsa} or {@code double-q}
 * @param alpha           learning rate in (0, 1]
 * @param gamma           discount factor in [0, 1]
 * @param exploration     epsilon per episode
 * @param episodes        episodes to train, &gt; 0
 * @param actions         instance deltas the agent chooses from (include 0)
 * @param encoder         the state encoder's definition (type and bin edges)
 * @param reward          reward preset name ({@code cost-sla}, {@code seed-a}, {@code seed-b})
 * @param rewardWeights   the reward's weights, resolved (every weight, in the preset's units)
 * @param scenario        environment and workload
 * @param seed            master seed; episode {@code e} resets the environment with
 *                        {@code Seeds.derive(seed, "episode", e)}, exploration uses the stream "exploration"
 * @param checkpointEvery checkpoint every this many episodes (0: never)
 * @param keepStepsEvery  write the steps of every N-th episode to {@code steps.csv} (and always the last; 0: none)
 * @param margins         headroom-target actions after the moves ({@link ActionSet}); empty for moves only (left out
 *                        of {@code spec.json} when empty, so older run folders read back unchanged)
 * @param residual        the margins' residual mode over {@code mpc} ({@link ActionSet.Residual}); null for the
 *                        demand band (left out of {@code spec.json} when null)
 */
public record TrainSpec(String agent, double alpha, double gamma, ExplorationSchedule exploration, int episodes,
                        List<Integer> actions, EncoderDefinition encoder, String reward,
                        Map<String, Double> rewardWeights, ScenarioSpec scenario, long seed, int checkpointEvery,
                        int keepStepsEvery,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) List<Double> margins,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) ActionSet.Residual residual) {

    public TrainSpec {
        Objects.requireNonNull(agent, "train.agent");
        if (!Agents.names().contains(agent)) {
            throw new IllegalArgumentException("train.agent must be one of " + Agents.names() + ", got '" + agent + "'");
        }
        Objects.requireNonNull(exploration, "train.exploration");
        if (episodes <= 0) {
            throw new IllegalArgumentException("train.episodes must be > 0, got " + episodes);
        }
        actions = List.copyOf(Objects.requireNonNull(actions, "train.actions"));
        margins = margins == null ? List.of() : List.copyOf(margins);
        ActionSet.of(actions, margins, residual);
        Objects.requireNonNull(encoder, "train.encoder");
        Objects.requireNonNull(reward, "train.reward");
        Objects.requireNonNull(scenario, "train.scenario");
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("train.checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (keepStepsEvery < 0) {
            throw new IllegalArgumentException("train.keepStepsEvery must be >= 0, got " + keepStepsEvery);
        }
        // resolve the reward's weights so that spec.json shows every one of them
        rewardWeights = new java.util.LinkedHashMap<>(Rewards.create(reward,
                rewardWeights == null ? Map.of() : rewardWeights).weights());
        StateEncoders.fromDefinition(encoder);
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("train.alpha must be in (0, 1], got " + alpha);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("train.gamma must be in [0, 1], got " + gamma);
        }
    }

    /**
     * The default: Q-learning on the default scenario with the {@code cost-sla} reward, the default encoder,
     * actions {-1, 0, +1}, alpha 0.1, gamma 0.99, epsilon linear 1.0 to 0.05 over 60% of 500 episodes.
     */
    public static TrainSpec defaults() {
        return new TrainSpec("q-learning", 0.1, 0.99, new ExplorationSchedule.Linear(1.0, 0.05, 300), 500,
                List.of(-1, 0, 1), DefaultEncoder.defaults().definition(), "cost-sla", Map.of(),
                ScenarioSpec.defaults(), 42, 50, 10);
    }

    /**
     * The first seed's setting: its dynamics, encoder and reward, alpha 0.1, gamma 0.99, epsilon linear 1.0 to
     * 0.05 over 300 episodes, 500 episodes of 200 steps.
     */
    public static TrainSpec seedA() {
        return new TrainSpec("q-learning", 0.1, 0.99, new ExplorationSchedule.Linear(1.0, 0.05, 300), 500,
                List.of(-1, 0, 1), SeedAEncoder.defaults().definition(), "seed-a", Map.of(), ScenarioSpec.seedA(), 42,
                50, 1);
    }

    /**
     * The second seed's setting: its dynamics, encoder and reward, alpha 0.1, gamma 0.95, epsilon 1.0 x 0.9995 per
     * episode with a floor of 0.01, 200 episodes of 4,320 steps (a fresh trace every episode where the seed rotated
     * five).
     */
    public static TrainSpec seedB() {
        return new TrainSpec("q-learning", 0.1, 0.95, new ExplorationSchedule.Exponential(1.0, 0.9995, 0.01), 200,
                List.of(-1, 0, 1), SeedBEncoder.defaults().definition(), "seed-b", Map.of(), ScenarioSpec.seedB(), 42,
                50, 10);
    }

    /**
     * A preset by name: {@code scale-free} ({@link #scaleFree()}, what {@code train} and {@code demo} use by default),
     * {@code default} (the utilization x instances agent, {@link #defaults()}; the name keeps its meaning for saved
     * sweep specs), {@code seed-a}, {@code seed-b}.
     */
    public static TrainSpec preset(String name) {
        return switch (name) {
            case "scale-free" -> scaleFree();
            case "default" -> defaults();
            case "seed-a" -> seedA();
            case "seed-b" -> seedB();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; known: scale-free, default, seed-a, seed-b");
        };
    }

    /** A new agent for this spec (all values zero). */
    public Agent newAgent() {
        return Agents.create(agent, newEncoder().size(), actionSet(), alpha, gamma);
    }

    /** The spec before the residual mode existed: the demand band. */
    public TrainSpec(String agent, double alpha, double gamma, ExplorationSchedule exploration, int episodes,
                     List<Integer> actions, EncoderDefinition encoder, String reward, Map<String, Double> rewardWeights,
                     ScenarioSpec scenario, long seed, int checkpointEvery, int keepStepsEvery, List<Double> margins) {
        this(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights, scenario, seed,
                checkpointEvery, keepStepsEvery, margins, null);
    }

    /** The spec before headroom targets existed: moves only. */
    public TrainSpec(String agent, double alpha, double gamma, ExplorationSchedule exploration, int episodes,
                     List<Integer> actions, EncoderDefinition encoder, String reward, Map<String, Double> rewardWeights,
                     ScenarioSpec scenario, long seed, int checkpointEvery, int keepStepsEvery) {
        this(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights, scenario, seed,
                checkpointEvery, keepStepsEvery, List.of(), null);
    }

    /**
     * The scale-free agent, the default of {@code train} and {@code demo} ({@code POLICY.md}): Q-learning on the
     * {@link ScaleFreeEncoder} with hold plus headroom targets h in {0, 5%, 10%, 20%, 35%, 50%, 100%} over the
     * queueing model's minimum, the {@code scale-free} reward, alpha 0.1, gamma 0.95, epsilon linear 1.0 to 0.05
     * over 60% of 500 episodes of a day, each at a random scale (peak needing 3 to 200 instances) and boot delay
     * (60 to 300 s) ({@link Randomization#defaults()}).
     */
    public static TrainSpec scaleFree() {
        return new TrainSpec("q-learning", 0.1, 0.95, new ExplorationSchedule.Linear(1.0, 0.05, 300), 500, List.of(0),
                ScaleFreeEncoder.defaults().definition(), ScaleFreeReward.NAME, Map.of(),
                ScenarioSpec.defaults().withRandomization(Randomization.defaults()), 42, 50, 10,
                List.of(0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0), null);
    }

    /**
     * The scale-free agent as {@code demo} and {@code report policy-quality} train it on a workload (e.g. random days
     * of a trace's training part): {@link #scaleFree()} with {@code episodes} episodes, seed {@code seed}, epsilon
     * linear 1.0 to 0.05 over the first 60% of the episodes whatever their number, every episode at a random scale
     * and boot delay ({@link Randomization#defaults()}).
     */
    public static TrainSpec scaleFreeOn(WorkloadSpec workload, dev.scalewise.env.EnvConfig env, int episodes, long seed) {
        return scaleFree().withEpisodes(episodes).withSeed(seed)
                .withExploration(new ExplorationSchedule.Linear(1.0, 0.05, Math.max(1, (int) Math.round(0.6 * episodes))))
                .withScenario(new ScenarioSpec(dev.scalewise.env.AutoscaleEnv.ID, workload, env)
                        .withRandomization(Randomization.defaults()));
    }

    public StateEncoder newEncoder() {
        return StateEncoders.fromDefinition(encoder);
    }

    public RewardFunction newReward() {
        return Rewards.create(reward, rewardWeights);
    }

    public ActionSet actionSet() {
        return ActionSet.of(actions, margins, residual);
    }

    /** Headroom margins in residual mode over {@code mpc} ({@link ActionSet.Residual}; null: the demand band). */
    public TrainSpec withResidual(List<Double> h, ActionSet.Residual r) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights,
                scenario, seed, checkpointEvery, keepStepsEvery, h, r);
    }

    public TrainSpec withAgent(String a) {
        return new TrainSpec(a, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights, scenario,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withEpisodes(int n) {
        return new TrainSpec(agent, alpha, gamma, exploration, n, actions, encoder, reward, rewardWeights, scenario,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withSeed(long s) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights,
                scenario, s, checkpointEvery, keepStepsEvery, margins, residual);
    }

    /** Another reward preset, with its default weights. */
    public TrainSpec withReward(String name) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, name, Map.of(), scenario,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withRewardWeights(Map<String, Double> w) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, new TreeMap<>(w),
                scenario, seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withExploration(ExplorationSchedule x) {
        return new TrainSpec(agent, alpha, gamma, x, episodes, actions, encoder, reward, rewardWeights, scenario, seed,
                checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withHyperParameters(double a, double g) {
        return new TrainSpec(agent, a, g, exploration, episodes, actions, encoder, reward, rewardWeights, scenario,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withActions(List<Integer> deltas) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, deltas, encoder, reward, rewardWeights,
                scenario, seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    /** Headroom-target margins after the moves (empty: moves only). */
    public TrainSpec withMargins(List<Double> h) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights,
                scenario, seed, checkpointEvery, keepStepsEvery, h);
    }

    public TrainSpec withEncoder(EncoderDefinition e) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, e, reward, rewardWeights, scenario,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withScenario(ScenarioSpec s) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights, s,
                seed, checkpointEvery, keepStepsEvery, margins, residual);
    }

    public TrainSpec withCheckpointEvery(int n) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights,
                scenario, seed, n, keepStepsEvery, margins, residual);
    }

    public TrainSpec withKeepStepsEvery(int n) {
        return new TrainSpec(agent, alpha, gamma, exploration, episodes, actions, encoder, reward, rewardWeights,
                scenario, seed, checkpointEvery, n, margins, residual);
    }
}
