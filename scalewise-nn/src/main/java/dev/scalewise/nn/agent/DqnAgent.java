package dev.scalewise.nn.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.scalewise.experiment.Seeds;
import dev.scalewise.experiment.SplitMix64;
import dev.scalewise.nn.forecast.NeuralRuntime;

/**
 * Deep Q-learning (Mnih et al., "Human-level control through deep reinforcement learning", Nature 518, 2015) with
 * the Double-DQN target (van Hasselt, Guez, Silver, AAAI 2016), on feature vectors, trained with DJL on PyTorch.
 * The whole algorithm reads top to bottom here, as CleanRL's {@code dqn.py}; the settings are {@link DqnConfig}'s.
 *
 * <p><b>Loop</b> ({@link #learn}): every environment step the agent acts epsilon-greedily ({@link #act}; epsilon
 * linear over the first {@code explorationFraction} of the steps) and {@link #observe}s the transition, which
 * stores it in the {@link ReplayBuffer}, updates the running feature statistics, and, once {@code learningStarts}
 * steps are stored, runs one gradient step every {@code trainEvery} steps and updates the target network every
 * {@code targetUpdateEvery} steps.
 *
 * <p><b>Gradient step</b> ({@link #train}): a uniform batch from the buffer, features standardised with the current
 * running statistics; the target {@code y = r + gamma (1 - terminated) Q_target(s', argmax_a Q_online(s', a))}
 * (plain DQN: {@code max_a Q_target(s', a)}); Huber loss (smooth L1, delta 1) between {@code Q_online(s, a)} and
 * {@code y}, averaged over the batch; gradients clipped to a global L2 norm of {@code maxGradNorm}; one Adam step.
 * A truncated step (time limit, end of trace) bootstraps; only a terminated one does not.
 *
 * <p><b>Speed.</b> For a 2 x 64 network DJL's per-call overhead is larger than the arithmetic, so native calls are
 * kept few. Acting, the targets and the target network use a Java copy of the parameters ({@link Mlp}), refreshed
 * after each gradient step. The Huber loss and its gradient with respect to the chosen Q-values,
 * {@code clip(Q(s, a) - y, -1, 1) / batch}, are computed in Java from that copy; DJL then runs one forward with
 * gradients on the batch and back-propagates that output gradient ({@code backward(sum(out * g))}, whose gradient
 * with respect to {@code out} is {@code g}), the gradient norm is summed in Java, and DJL's Adam takes the step.
 * Everything native lives in a sub-manager closed after the step, so no native array outlives it.
 *
 * <p><b>Determinism.</b> The seed fixes the weight initialisation ({@link Engine#setRandomSeed}, global to the
 * engine: do not build two agents concurrently), and the named streams {@code exploration}, {@code replay} and
 * {@code episode} of {@link Seeds}; with one PyTorch thread (the default of {@link NeuralRuntime}) two runs with the
 * same seed give bit-identical parameters.
 */
public final class DqnAgent implements AutoCloseable {
    /** Registry name. */
    public static final String NAME = "dqn";

    /** Observes {@link #learn}; every method is optional. */
    public interface Listener {
        /** After each episode (terminated or truncated). */
        default void onEpisodeEnd(int episode, double episodeReturn, int steps, double epsilon) {
        }
    }

    private final DqnConfig config;
    private final int dimension;
    private final int actionCount;
    private final Model model;
    private final Trainer trainer;
    private final ReplayBuffer buffer;
    private final FeatureScaling.Running statistics;
    private final SplitMix64 replayRng;
    private Mlp online;
    private Mlp target;
    private FeatureScaling scaling;
    private long steps;
    private long updates;
    private double lastLoss = Double.NaN;

    // scratch of the gradient step, reused
    private final int[] batch;
    private final float[] states;
    private final float[] nextStates;
    private final float[] lossGradient;

    /**
     * A new agent with freshly initialised networks.
     *
     * @param dimension features per state
     * @param actions   number of actions
     */
    public DqnAgent(DqnConfig config, int dimension, int actions) {
        this.config = Objects.requireNonNull(config, "config");
        if (dimension < 1 || actions < 1) {
            throw new IllegalArgumentException("dqn needs >= 1 feature and >= 1 action, got " + dimension + " and "
                    + actions);
        }
        NeuralRuntime.configure();
        this.dimension = dimension;
        this.actionCount = actions;
        Engine.getInstance().setRandomSeed((int) Seeds.derive(config.seed(), "dqn-init", 0));
        this.model = Model.newInstance(NAME, Device.cpu(), "PyTorch");
        model.setBlock(network(config, actions));
        // the Huber loss is computed in train(); DJL's trainer only needs a loss to exist
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                        .build())
                .optDevices(new Device[] {Device.cpu()});
        this.trainer = model.newTrainer(tc);
        trainer.initialize(new Shape(config.batchSize(), dimension));
        this.online = Mlp.of(model.getBlock());
        this.target = online;
        this.buffer = new ReplayBuffer(config.bufferSize(), dimension);
        this.statistics = new FeatureScaling.Running(dimension, config.featureClip());
        this.replayRng = Seeds.stream(config.seed(), "replay");
        int b = config.batchSize();
        this.batch = new int[b];
        this.states = new float[b * dimension];
        this.nextStates = new float[b * dimension];
        this.lossGradient = new float[b * actions];
    }

    /** The network: {@code Linear(h1), ReLU, ..., Linear(actions)}. */
    static Block network(DqnConfig config, int actions) {
        SequentialBlock net = new SequentialBlock();
        for (int units : config.hidden()) {
            net.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
        }
        return net.add(Linear.builder().setUnits(actions).build());
    }

    public DqnConfig config() {
        return config;
    }

    public int dimension() {
        return dimension;
    }

    public int actions() {
        return actionCount;
    }

    /** Environment steps observed. */
    public long steps() {
        return steps;
    }

    /** Gradient steps taken. */
    public long updates() {
        return updates;
    }

    /** Huber loss of the last gradient step (NaN before the first). */
    public double lastLoss() {
        return lastLoss;
    }

    /** The exploration rate at the current step. */
    public double epsilon() {
        return config.epsilon(steps);
    }

    /** Epsilon-greedy: a uniform random action with probability {@link #epsilon()}, else {@link #greedyAction}. */
    public int act(double[] features, RandomGenerator rng) {
        if (rng.nextDouble() < epsilon()) {
            return rng.nextInt(actionCount);
        }
        return greedyAction(features);
    }

    /** The action with the highest current Q-value (the lowest index among equals). */
    public int greedyAction(double[] features) {
        return DqnPolicy.argmax(qValues(features));
    }

    /** The current Q-values of {@code features} (for explanations). */
    public double[] qValues(double[] features) {
        return new DqnPolicy(online, scaling()).qValues(features);
    }

    /** The greedy policy over the current parameters and feature statistics, frozen. */
    public DqnPolicy greedy() {
        return new DqnPolicy(online, scaling());
    }

    /** The feature statistics seen so far. */
    public FeatureScaling scaling() {
        if (scaling == null) {
            scaling = statistics.freeze();
        }
        return scaling;
    }

    /**
     * Learns from one transition: stores it, and trains and updates the target network when due.
     *
     * @param terminated {@code s2} is a true terminal state (no bootstrap); a truncated step is not terminal
     */
    public void observe(double[] s, int a, double r, double[] s2, boolean terminated) {
        if (a < 0 || a >= actionCount) {
            throw new IllegalArgumentException("action " + a + " is outside 0.." + (actionCount - 1));
        }
        if (!Double.isFinite(r)) {
            throw new IllegalArgumentException("reward is " + r);
        }
        buffer.add(s, a, r, s2, terminated);
        statistics.add(s);
        scaling = null;
        steps++;
        if (steps >= config.learningStarts() && steps % config.trainEvery() == 0) {
            train();
        }
        if (steps % config.targetUpdateEvery() == 0) {
            target = target.towards(online, config.tau());
        }
    }

    /** One gradient step on a batch from the buffer (see the class comment). */
    void train() {
        int b = config.batchSize();
        int d = dimension;
        int n = actionCount;
        FeatureScaling sc = scaling();
        buffer.sample(replayRng, batch);
        for (int i = 0; i < b; i++) {
            buffer.copyState(batch[i], false, states, i * d);
            buffer.copyState(batch[i], true, nextStates, i * d);
        }
        sc.applyInPlace(states, b);
        sc.applyInPlace(nextStates, b);
        float[] qTarget = target.forward(nextStates, b);
        float[] qNext = config.doubleDqn() ? online.forward(nextStates, b) : qTarget;
        float[] q = online.forward(states, b);
        Arrays.fill(lossGradient, 0f);
        double loss = 0;
        for (int i = 0; i < b; i++) {
            int slot = batch[i];
            int best = 0;
            for (int a = 1; a < n; a++) {
                if (qNext[i * n + a] > qNext[i * n + best]) {
                    best = a;
                }
            }
            double y = buffer.reward(slot) + (buffer.terminated(slot) ? 0 : config.gamma() * qTarget[i * n + best]);
            int k = i * n + buffer.action(slot);
            double error = q[k] - y;
            double abs = Math.abs(error);
            loss += abs <= 1 ? 0.5 * error * error : abs - 0.5;
            lossGradient[k] = (float) (Math.max(-1, Math.min(1, error)) / b);
        }
        lastLoss = loss / b;
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.create(states, new Shape(b, d));
            NDArray g = step.create(lossGradient, new Shape(b, n));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                // d(sum(out * g))/d(out) = g = d(Huber)/d(out): PyTorch back-propagates the Huber gradient
                gc.backward(out.mul(g).sum());
            }
            clipGradients(step);
            trainer.step();
        }
        online = Mlp.of(model.getBlock());
        updates++;
    }

    /**
     * Scales all gradients by {@code maxGradNorm / (norm + 1e-6)} when their global L2 norm exceeds the bound (as
     * PyTorch's {@code clip_grad_norm_}). The norm is summed in Java: one native call per parameter.
     */
    private void clipGradients(NDManager step) {
        var params = model.getBlock().getParameters();
        NDArray[] grads = new NDArray[params.size()];
        double sumSquares = 0;
        for (int i = 0; i < grads.length; i++) {
            grads[i] = params.valueAt(i).getArray().getGradient();
            grads[i].attach(step);
            for (float v : grads[i].toFloatArray()) {
                sumSquares += (double) v * v;
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > config.maxGradNorm()) {
            float coefficient = (float) (config.maxGradNorm() / (norm + 1e-6));
            for (NDArray g : grads) {
                g.muli(coefficient);
            }
        }
    }

    /**
     * Trains for {@link DqnConfig#totalSteps} environment steps. Episode {@code e} is reset with
     * {@code Seeds.derive(seed, "episode", e)}; exploration draws from the seed's {@code exploration} stream.
     *
     * @param listener may be null
     * @return the number of episodes finished
     */
    public int learn(FeatureEnvironment env, Listener listener) {
        if (env.dimension() != dimension || env.actions() != actionCount) {
            throw new IllegalArgumentException("environment has " + env.dimension() + " features and "
                    + env.actions() + " actions, the agent " + dimension + " and " + actionCount);
        }
        SplitMix64 explore = Seeds.stream(config.seed(), "exploration");
        int episode = 0;
        double[] s = env.reset(Seeds.derive(config.seed(), "episode", episode));
        double ret = 0;
        int length = 0;
        for (long t = 0; t < config.totalSteps(); t++) {
            int a = act(s, explore);
            FeatureEnvironment.Step r = env.step(a);
            observe(s, a, r.reward(), r.features(), r.terminated());
            ret += r.reward();
            length++;
            if (r.terminated() || r.truncated()) {
                if (listener != null) {
                    listener.onEpisodeEnd(episode, ret, length, epsilon());
                }
                episode++;
                ret = 0;
                length = 0;
                s = env.reset(Seeds.derive(config.seed(), "episode", episode));
            } else {
                s = r.features();
            }
        }
        return episode;
    }

    /** The online network's parameters in DJL's parameter format (what {@link DqnModelFile} saves). */
    public byte[] parameterBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                model.getBlock().saveParameters(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Native arrays held by the network's manager (constant once training runs: nothing leaks per step). */
    long nativeArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    /** The DJL network (for tests comparing its forward pass with the Java copy). */
    Block block() {
        return model.getBlock();
    }

    /** Frees the native memory; the frozen {@link DqnPolicy}s stay usable. */
    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
