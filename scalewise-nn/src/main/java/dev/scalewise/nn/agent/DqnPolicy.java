package dev.scalewise.nn.agent;

import java.util.Objects;

/**
 * The frozen greedy policy of a DQN: the feature scaling and the network's parameters at the moment it was frozen
 * (later learning does not change it). Decides in Java without native memory (see {@link Mlp}), so it is cheap to
 * call once per step and safe to share between threads.
 */
public final class DqnPolicy {
    private final Mlp network;
    private final FeatureScaling scaling;

    DqnPolicy(Mlp network, FeatureScaling scaling) {
        this.network = Objects.requireNonNull(network, "network");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        if (network.inputs() != scaling.dimension()) {
            throw new IllegalArgumentException("network takes " + network.inputs() + " features, scaling has "
                    + scaling.dimension());
        }
    }

    /** Number of features. */
    public int dimension() {
        return scaling.dimension();
    }

    /** Number of actions. */
    public int actions() {
        return network.outputs();
    }

    /** The feature standardisation the network expects. */
    public FeatureScaling scaling() {
        return scaling;
    }

    /** Q(features, a) for every action a (for explanations). */
    public double[] qValues(double[] features) {
        float[] x = new float[scaling.dimension()];
        scaling.apply(features, x, 0);
        float[] q = network.forward(x, 1);
        double[] out = new double[q.length];
        for (int a = 0; a < q.length; a++) {
            out[a] = q[a];
        }
        return out;
    }

    /** The action with the highest value (the lowest index among equals). */
    public int greedyAction(double[] features) {
        return argmax(qValues(features));
    }

    static int argmax(double[] q) {
        int best = 0;
        for (int a = 1; a < q.length; a++) {
            if (q[a] > q[best]) {
                best = a;
            }
        }
        return best;
    }
}
