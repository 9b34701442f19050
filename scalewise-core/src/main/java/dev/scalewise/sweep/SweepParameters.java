package dev.scalewise.sweep;

import dev.scalewise.agent.Agents;
import dev.scalewise.agent.EncoderDefinition;
import dev.scalewise.agent.ExplorationSchedule;
import dev.scalewise.agent.StateEncoders;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.reward.Rewards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parameters a sweep may vary, their types and ranges, and how a set of them turns a base {@link TrainSpec}
 * into a cell's training spec.
 *
 * <table>
 *   <caption>parameters</caption>
 *   <tr><td>{@code agent}</td><td>q-learning | sarsa | double-q</td></tr>
 *   <tr><td>{@code alpha}</td><td>learning rate in (0, 1]</td></tr>
 *   <tr><td>{@code gamma}</td><td>discount in [0, 1]</td></tr>
 *   <tr><td>{@code episodes}</td><td>training episodes, integer &gt; 0</td></tr>
 *   <tr><td>{@code actions}</td><td>list of instance deltas including 0</td></tr>
 *   <tr><td>{@code exploration}</td><td>linear | exponential | constant</td></tr>
 *   <tr><td>{@code exploration.start|end|floor|value}</td><td>epsilon in [0, 1]</td></tr>
 *   <tr><td>{@code exploration.decay}</td><td>per-episode factor in (0, 1]</td></tr>
 *   <tr><td>{@code exploration.episodes}</td><td>linear decay length, integer &gt; 0 (default 60% of episodes)</td></tr>
 *   <tr><td>{@code encoder}</td><td>default | seed-a | seed-b</td></tr>
 *   <tr><td>{@code encoder.NAME}</td><td>a list of numbers replacing the encoder's parameter NAME (bin edges)</td></tr>
 *   <tr><td>{@code reward}</td><td>cost-sla | seed-a | seed-b</td></tr>
 *   <tr><td>{@code reward.NAME}</td><td>a weight of the reward (e.g. {@code reward.slaViolationUsd})</td></tr>
 *   <tr><td>{@code workload}</td><td>default-diurnal, a synthetic trace (diurnal, seed-b, flash-crowd, step) or a
 *   catalog trace name</td></tr>
 *   <tr><td>{@code workload.NAME}</td><td>a number of the default-diurnal generator (steps, peakRate, ...);
 *   {@code workload.steps} is also the length of a synthetic trace</td></tr>
 * </table>
 */
public final class SweepParameters {
    /** Parameters with a fixed name (prefixed families: {@code encoder.}, {@code reward.}, {@code workload.}). */
    public static final Set<String> NAMES = Set.of("agent", "alpha", "gamma", "episodes", "actions", "exploration",
            "exploration.start", "exploration.end", "exploration.floor", "exploration.value", "exploration.decay",
            "exploration.episodes", "encoder", "reward", "workload");

    /** The exploration kinds. */
    public static final List<String> EXPLORATION_KINDS = List.of("linear", "exponential", "constant");

    /** Numbers of the default-diurnal generator ({@code Scenarios.defaultWorkload}). */
    public static final Set<String> WORKLOAD_PARAMS = Set.of("steps", "stepSeconds", "troughRate", "peakRate",
            "periodSteps", "levelSpread", "noiseSigma", "noiseCorrelation");

    private SweepParameters() {
    }

    /** True when {@code name} is a parameter a spec may name (weights and bins are checked per cell). */
    public static boolean isKnown(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        if (name.startsWith("workload.")) {
            return WORKLOAD_PARAMS.contains(name.substring("workload.".length()));
        }
        return (name.startsWith("reward.") || name.startsWith("encoder.")) && name.indexOf('.') < name.length() - 1;
    }

    /** True when the parameter takes numbers (so it may be drawn at random). */
    public static boolean isNumeric(String name) {
        return switch (name) {
            case "agent", "actions", "exploration", "encoder", "reward", "workload" -> false;
            default -> !name.startsWith("encoder.");
        };
    }

    /** True when the parameter takes integers. */
    public static boolean isInteger(String name) {
        return name.equals("episodes") || name.equals("exploration.episodes") || name.equals("workload.steps")
                || name.equals("workload.periodSteps");
    }

    /**
     * Checks one value of {@code name} alone; returns an error message (without the path) or null when valid.
     * Cross-parameter checks (a weight the chosen reward lacks, bins of the chosen encoder) happen per cell.
     */
    public static String check(String name, Object value) {
        if (value == null) {
            return "must not be null";
        }
        switch (name) {
            case "agent":
                return oneOf(value, Agents.names());
            case "exploration":
                return oneOf(value, EXPLORATION_KINDS);
            case "encoder":
                return oneOf(value, StateEncoders.names());
            case "reward":
                return oneOf(value, Rewards.names());
            case "workload":
                return value instanceof String s && !s.isBlank() ? null : "must be a workload name, got " + value;
            case "actions": {
                if (!(value instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof Integer)) {
                    return "must be a non-empty list of integers, got " + value;
                }
                return l.contains(0) ? null : "must include 0 (hold), got " + value;
            }
            default:
                break;
        }
        if (name.startsWith("encoder.")) {
            if (!(value instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof Number)) {
                return "must be a non-empty list of numbers, got " + value;
            }
            return null;
        }
        if (!(value instanceof Number n)) {
            return "must be a number, got " + value;
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            return "must be finite, got " + value;
        }
        if (isInteger(name) && v != Math.rint(v)) {
            return "must be an integer, got " + value;
        }
        return switch (name) {
            case "alpha", "exploration.decay" -> v > 0 && v <= 1 ? null : "must be in (0, 1], got " + value;
            case "gamma", "exploration.start", "exploration.end", "exploration.floor", "exploration.value" ->
                    v >= 0 && v <= 1 ? null : "must be in [0, 1], got " + value;
            case "episodes", "exploration.episodes", "workload.steps", "workload.periodSteps", "workload.stepSeconds" ->
                    v > 0 ? null : "must be > 0, got " + value;
            default -> name.startsWith("reward.") || name.startsWith("workload.") ? null : "unknown parameter";
        };
    }

    private static String oneOf(Object value, List<String> names) {
        return value instanceof String s && names.contains(s) ? null
                : "must be one of " + names + ", got " + (value instanceof String ? "'" + value + "'" : value);
    }

    /**
     * The training spec of a cell: {@code base} with {@code params} applied and the workload set.
     *
     * @param base     the preset the sweep starts from
     * @param params   parameter values (validated by {@link #check})
     * @param workload the training workload
     * @param seed     the training seed
     * @throws IllegalArgumentException naming the parameter when the combination is invalid
     */
    public static TrainSpec apply(TrainSpec base, Map<String, Object> params, WorkloadSpec workload, long seed) {
        TrainSpec s = base.withSeed(seed).withCheckpointEvery(0).withKeepStepsEvery(0);
        if (params.containsKey("agent")) {
            s = s.withAgent((String) params.get("agent"));
        }
        s = s.withHyperParameters(number(params, "alpha", s.alpha()), number(params, "gamma", s.gamma()));
        if (params.containsKey("episodes")) {
            s = s.withEpisodes((int) number(params, "episodes", 0));
        }
        if (params.containsKey("actions")) {
            List<Integer> a = new ArrayList<>();
            for (Object o : (List<?>) params.get("actions")) {
                a.add((Integer) o);
            }
            s = s.withActions(a);
        }
        s = s.withExploration(exploration(s.exploration(), s.episodes(), params));
        EncoderDefinition enc = params.containsKey("encoder")
                ? StateEncoders.defaults((String) params.get("encoder")).definition() : s.encoder();
        Map<String, List<Double>> bins = new TreeMap<>(enc.parameters());
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getKey().startsWith("encoder.")) {
                String p = e.getKey().substring("encoder.".length());
                if (!bins.containsKey(p)) {
                    throw new IllegalArgumentException(e.getKey() + ": encoder '" + enc.type() + "' has no parameter '"
                            + p + "'; it has " + bins.keySet());
                }
                bins.put(p, ((List<?>) e.getValue()).stream().map(x -> ((Number) x).doubleValue()).toList());
            }
        }
        s = s.withEncoder(new EncoderDefinition(enc.type(), bins));
        if (params.containsKey("reward")) {
            s = s.withReward((String) params.get("reward"));
        }
        Map<String, Double> weights = new TreeMap<>(s.rewardWeights());
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getKey().startsWith("reward.")) {
                String w = e.getKey().substring("reward.".length());
                if (!weights.containsKey(w)) {
                    throw new IllegalArgumentException(e.getKey() + ": reward '" + s.reward() + "' has no weight '" + w
                            + "'; it has " + weights.keySet());
                }
                weights.put(w, ((Number) e.getValue()).doubleValue());
            }
        }
        s = s.withRewardWeights(weights);
        return s.withScenario(s.scenario().withWorkload(workload));
    }

    private static ExplorationSchedule exploration(ExplorationSchedule current, int episodes, Map<String, Object> p) {
        String kind = (String) p.get("exploration");
        if (kind == null) {
            kind = current instanceof ExplorationSchedule.Linear ? "linear"
                    : current instanceof ExplorationSchedule.Exponential ? "exponential" : "constant";
        }
        int defaultDecay = Math.max(1, (int) Math.ceil(0.6 * episodes));
        return switch (kind) {
            case "linear" -> {
                ExplorationSchedule.Linear c = current instanceof ExplorationSchedule.Linear l ? l
                        : new ExplorationSchedule.Linear(1.0, 0.05, defaultDecay);
                int decayEpisodes = p.containsKey("exploration.episodes") ? (int) number(p, "exploration.episodes", 0)
                        : (p.containsKey("episodes") || !(current instanceof ExplorationSchedule.Linear) ? defaultDecay
                        : c.episodes());
                yield new ExplorationSchedule.Linear(number(p, "exploration.start", c.start()),
                        number(p, "exploration.end", c.end()), decayEpisodes);
            }
            case "exponential" -> {
                ExplorationSchedule.Exponential c = current instanceof ExplorationSchedule.Exponential x ? x
                        : new ExplorationSchedule.Exponential(1.0, 0.9995, 0.01);
                yield new ExplorationSchedule.Exponential(number(p, "exploration.start", c.start()),
                        number(p, "exploration.decay", c.decay()), number(p, "exploration.floor", c.floor()));
            }
            default -> {
                double v = current instanceof ExplorationSchedule.Constant c ? c.value() : 0.1;
                yield new ExplorationSchedule.Constant(number(p, "exploration.value", v));
            }
        };
    }

    private static double number(Map<String, Object> p, String name, double fallback) {
        Object v = p.get(name);
        return v == null ? fallback : ((Number) v).doubleValue();
    }
}
