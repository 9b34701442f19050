package dev.scalewise.nn.agent;

import java.util.List;

/**
 * Hyper-parameters of {@link DqnAgent}. Defaults ({@link #defaults()}) follow the DQN reference settings of
 * POLICY.md, taken from Stable-Baselines3's {@code DQN} (v2: {@code net_arch=[64, 64]}, Adam, {@code batch_size=32},
 * {@code train_freq=4}, {@code gradient_steps=1}, {@code tau=1.0}, {@code max_grad_norm=10}, Huber
 * ({@code smooth_l1_loss}), epsilon linear from 1.0 to 0.05 over {@code exploration_fraction=0.1} of the steps) and
 * CleanRL's {@code dqn.py} (one file, hard target copy, {@code learning_starts=10000}); where they differ we take
 * SB3's, except the buffer (1e5 instead of 1e6: our episodes are short) and the target interval (1e3 env steps,
 * CleanRL's order of magnitude, instead of SB3's 1e4). The Double-DQN target (van Hasselt, Guez, Silver, AAAI 2016)
 * is on by default; neither reference uses it.
 *
 * @param hidden            units of each hidden layer (ReLU), e.g. {@code [64, 64]}
 * @param learningRate      Adam step size
 * @param gamma             discount factor in [0, 1]
 * @param bufferSize        replay capacity in transitions (the oldest is overwritten)
 * @param batchSize         transitions per gradient step
 * @param learningStarts    environment steps collected before the first gradient step
 * @param trainEvery        environment steps between gradient steps (one gradient step each time)
 * @param targetUpdateEvery environment steps between target-network updates
 * @param tau               target update {@code target <- tau online + (1 - tau) target}; 1 is a hard copy
 * @param maxGradNorm       the gradients' global L2 norm is clipped to this (as {@code clip_grad_norm_})
 * @param epsilonStart      exploration rate at step 0
 * @param epsilonEnd        exploration rate after the decay
 * @param explorationFraction fraction of {@code totalSteps} over which epsilon decays linearly
 * @param totalSteps        environment steps of {@link DqnAgent#learn}
 * @param doubleDqn         Double-DQN target (the online network chooses, the target network evaluates) instead of
 *                          the target network's max
 * @param featureClip       standardised features are clipped to {@code [-featureClip, featureClip]} (SB3's
 *                          {@code VecNormalize} clips at 10)
 * @param seed              weight initialisation, exploration and replay sampling
 */
public record DqnConfig(List<Integer> hidden, double learningRate, double gamma, int bufferSize, int batchSize,
                        long learningStarts, int trainEvery, int targetUpdateEvery, double tau, double maxGradNorm,
                        double epsilonStart, double epsilonEnd, double explorationFraction, long totalSteps,
                        boolean doubleDqn, double featureClip, long seed) {

    public DqnConfig {
        hidden = List.copyOf(hidden);
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 4096)) {
            throw new IllegalArgumentException("dqn.hidden must be 1 or more layer sizes in 1..4096, got " + hidden);
        }
        check("learningRate", learningRate > 0 && learningRate <= 1, learningRate, "in (0, 1]");
        check("gamma", gamma >= 0 && gamma <= 1, gamma, "in [0, 1]");
        check("bufferSize", bufferSize >= 1, bufferSize, ">= 1");
        check("batchSize", batchSize >= 1 && batchSize <= bufferSize, batchSize,
                "in 1..bufferSize (" + bufferSize + ")");
        check("learningStarts", learningStarts >= batchSize, learningStarts, ">= batchSize (" + batchSize + ")");
        check("trainEvery", trainEvery >= 1, trainEvery, ">= 1");
        check("targetUpdateEvery", targetUpdateEvery >= 1, targetUpdateEvery, ">= 1");
        check("tau", tau > 0 && tau <= 1, tau, "in (0, 1]");
        check("maxGradNorm", maxGradNorm > 0, maxGradNorm, "> 0");
        check("epsilonStart", epsilonStart >= 0 && epsilonStart <= 1, epsilonStart, "in [0, 1]");
        check("epsilonEnd", epsilonEnd >= 0 && epsilonEnd <= 1, epsilonEnd, "in [0, 1]");
        check("explorationFraction", explorationFraction >= 0 && explorationFraction <= 1, explorationFraction,
                "in [0, 1]");
        check("totalSteps", totalSteps >= 1, totalSteps, ">= 1");
        check("featureClip", featureClip > 0, featureClip, "> 0");
    }

    private static void check(String field, boolean ok, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException("dqn." + field + " must be " + range + ", got " + value);
        }
    }

    /** The reference settings (see the class comment) for {@code totalSteps} steps. */
    public static DqnConfig defaults(long totalSteps, long seed) {
        return new DqnConfig(List.of(64, 64), 1e-4, 0.99, 100_000, 32, 10_000, 4, 1_000, 1.0, 10, 1.0, 0.05, 0.1,
                totalSteps, true, 10, seed);
    }

    /** Epsilon at environment step {@code step}: linear from start to end over the exploration fraction. */
    public double epsilon(long step) {
        double duration = explorationFraction * totalSteps;
        if (duration <= 0 || step >= duration) {
            return epsilonEnd;
        }
        return epsilonStart + (epsilonEnd - epsilonStart) * step / duration;
    }

    public DqnConfig withLearningRate(double v) {
        return new DqnConfig(hidden, v, gamma, bufferSize, batchSize, learningStarts, trainEvery, targetUpdateEvery,
                tau, maxGradNorm, epsilonStart, epsilonEnd, explorationFraction, totalSteps, doubleDqn, featureClip,
                seed);
    }

    public DqnConfig withGamma(double v) {
        return new DqnConfig(hidden, learningRate, v, bufferSize, batchSize, learningStarts, trainEvery,
                targetUpdateEvery, tau, maxGradNorm, epsilonStart, epsilonEnd, explorationFraction, totalSteps,
                doubleDqn, featureClip, seed);
    }

    public DqnConfig withSchedule(long learningStarts, int targetUpdateEvery, double explorationFraction) {
        return new DqnConfig(hidden, learningRate, gamma, bufferSize, batchSize, learningStarts, trainEvery,
                targetUpdateEvery, tau, maxGradNorm, epsilonStart, epsilonEnd, explorationFraction, totalSteps,
                doubleDqn, featureClip, seed);
    }

    public DqnConfig withTau(double v) {
        return new DqnConfig(hidden, learningRate, gamma, bufferSize, batchSize, learningStarts, trainEvery,
                targetUpdateEvery, v, maxGradNorm, epsilonStart, epsilonEnd, explorationFraction, totalSteps,
                doubleDqn, featureClip, seed);
    }

    public DqnConfig withSeed(long v) {
        return new DqnConfig(hidden, learningRate, gamma, bufferSize, batchSize, learningStarts, trainEvery,
                targetUpdateEvery, tau, maxGradNorm, epsilonStart, epsilonEnd, explorationFraction, totalSteps,
                doubleDqn, featureClip, v);
    }
}
