package dev.scalewise.nn.agent;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.explain.QValuePolicy;
import dev.scalewise.policy.Policy;

/**
 * A frozen DQN as a core {@link Policy} (named {@code rl-dqn}), so that whatever evaluates, compares or serves
 * policies can run it: each observation goes through the feature encoder, the {@link DqnPolicy} picks the greedy
 * action index and the action mapping turns it into an instance delta. The encoder is given as functions, as for
 * {@link EncodedEnvironment}; give each policy its own encoder instance when the encoder keeps history.
 */
public final class DqnGreedyPolicy implements QValuePolicy {
    private final DqnPolicy network;
    private final Consumer<EnvSpec> onReset;
    private final EncodedEnvironment.Encoder encoder;
    private final EncodedEnvironment.ActionMapping actions;
    private final double[] features;
    private final List<String> featureNames;
    private EnvSpec spec;

    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions) {
        this(network, onReset, encoder, actions, List.of());
    }

    /** @param featureNames the features' names for explanations (empty: x0, x1, ...) */
    public DqnGreedyPolicy(DqnPolicy network, Consumer<EnvSpec> onReset, EncodedEnvironment.Encoder encoder,
                           EncodedEnvironment.ActionMapping actions, List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
        this.network = Objects.requireNonNull(network, "network");
        this.onReset = Objects.requireNonNull(onReset, "onReset");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.actions = Objects.requireNonNull(actions, "actions");
        if (actions.size() != network.actions()) {
            throw new IllegalArgumentException("the network has " + network.actions() + " actions, the mapping "
                    + actions.size());
        }
        this.features = new double[network.dimension()];
    }

    @Override
    public String name() {
        return "rl-" + DqnAgent.NAME;
    }

    @Override
    public void reset(EnvSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        onReset.accept(spec);
    }

    @Override
    public int act(Observation observation) {
        return actions.delta(network.greedyAction(encode(observation)), observation, spec);
    }

    /** Q-values of every action index for {@code observation} (for explanations); call in step order. */
    public double[] qValues(Observation observation) {
        return network.qValues(encode(observation));
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public double[] features(Observation o) {
        return encode(o).clone();
    }

    @Override
    public double[] qValues(double[] x) {
        return network.qValues(x);
    }

    @Override
    public String actionKey(int a) {
        return actions.label(a);
    }

    @Override
    public int deltaOf(int a, Observation o) {
        return actions.delta(a, o, spec);
    }

    /** The frozen network. */
    public DqnPolicy network() {
        return network;
    }

    private double[] encode(Observation o) {
        if (spec == null) {
            throw new IllegalStateException("call reset(spec) before act()");
        }
        encoder.encode(o, spec, features);
        return features;
    }
}
