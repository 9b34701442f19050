package dev.scalewise.nn.agent;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A frozen copy, in Java arrays, of the parameters of a DJL multi-layer perceptron ({@code Linear, ReLU, ...,
 * Linear}), with its forward pass. DJL's per-call overhead dominates a 2 x 64 network (a forward of one row costs
 * several native calls), so {@link DqnAgent} trains the network with DJL and PyTorch but acts, computes its targets
 * and serves greedy decisions from this copy: no native memory, safe to share between threads. The forward pass
 * agrees with DJL's to float precision ({@code DqnAgentTest} checks it).
 */
final class Mlp {
    /** Per layer: weights, row-major (out x in), as DJL's {@code Linear} stores them. */
    private final float[][] weights;
    private final float[][] biases;
    /** Per layer: the weights transposed (in x out), for the forward pass. */
    private final float[][] transposed;
    private final int[] sizes;

    private Mlp(float[][] weights, float[][] biases, int[] sizes) {
        this.weights = weights;
        this.biases = biases;
        this.sizes = sizes;
        this.transposed = new float[weights.length][];
        for (int l = 0; l < weights.length; l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            float[] t = new float[nIn * nOut];
            for (int o = 0; o < nOut; o++) {
                for (int i = 0; i < nIn; i++) {
                    t[i * nOut + o] = weights[l][o * nIn + i];
                }
            }
            transposed[l] = t;
        }
    }

    /** Copies the current parameters of {@code block} (Linear layers with weight and bias, in order). */
    static Mlp of(Block block) {
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            Shape shape = param.getArray().getShape();
            float[] values = param.getArray().toFloatArray();
            if (param.getType() == Parameter.Type.WEIGHT && shape.dimension() == 2) {
                if (sizes.isEmpty()) {
                    sizes.add((int) shape.get(1));
                } else if (sizes.get(sizes.size() - 1) != shape.get(1)) {
                    throw new IllegalStateException(p.getKey() + " takes " + shape.get(1) + " inputs, the layer before"
                            + " gives " + sizes.get(sizes.size() - 1));
                }
                sizes.add((int) shape.get(0));
                w.add(values);
            } else if (param.getType() == Parameter.Type.BIAS && shape.dimension() == 1) {
                b.add(values);
            } else {
                throw new IllegalStateException("not a Linear parameter: " + p.getKey() + " " + shape);
            }
        }
        if (w.isEmpty() || w.size() != b.size()) {
            throw new IllegalStateException("expected Linear layers with a weight and a bias each, got " + w.size()
                    + " weights and " + b.size() + " biases");
        }
        return new Mlp(w.toArray(new float[0][]), b.toArray(new float[0][]),
                sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** All parameters, layer by layer (weights row-major, then biases), copied. */
    float[] flat() {
        int n = 0;
        for (int l = 0; l < weights.length; l++) {
            n += weights[l].length + biases[l].length;
        }
        float[] out = new float[n];
        int k = 0;
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(weights[l], 0, out, k, weights[l].length);
            k += weights[l].length;
            System.arraycopy(biases[l], 0, out, k, biases[l].length);
            k += biases[l].length;
        }
        return out;
    }

    int inputs() {
        return sizes[0];
    }

    int outputs() {
        return sizes[sizes.length - 1];
    }

    /**
     * The outputs for {@code rows} inputs stored row-major in {@code x}: rows x {@link #outputs()} values. Sums run
     * in float over the inputs in order, the inner loop over a transposed copy of the weights (which the JIT
     * vectorises).
     */
    float[] forward(float[] x, int rows) {
        float[] in = x;
        for (int l = 0; l < weights.length; l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            float[] wt = transposed[l];
            float[] b = biases[l];
            float[] out = new float[rows * nOut];
            for (int r = 0; r < rows; r++) {
                int xi = r * nIn;
                int oi = r * nOut;
                System.arraycopy(b, 0, out, oi, nOut);
                for (int i = 0; i < nIn; i++) {
                    float v = in[xi + i];
                    if (v == 0f) {
                        continue;
                    }
                    int wi = i * nOut;
                    for (int o = 0; o < nOut; o++) {
                        out[oi + o] += v * wt[wi + o];
                    }
                }
                if (l < weights.length - 1) {
                    for (int o = 0; o < nOut; o++) {
                        if (out[oi + o] < 0f) {
                            out[oi + o] = 0f;
                        }
                    }
                }
            }
            in = out;
        }
        return in;
    }

    /** {@code tau * online + (1 - tau) * this}, parameter by parameter; tau 1 is a copy of {@code online}. */
    Mlp towards(Mlp online, double tau) {
        if (tau == 1.0) {
            return online;
        }
        float[][] w = new float[weights.length][];
        float[][] b = new float[biases.length][];
        for (int l = 0; l < weights.length; l++) {
            w[l] = mix(weights[l], online.weights[l], tau);
            b[l] = mix(biases[l], online.biases[l], tau);
        }
        return new Mlp(w, b, sizes);
    }

    private static float[] mix(float[] mine, float[] theirs, double tau) {
        float[] out = new float[mine.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (tau * theirs[i] + (1 - tau) * mine[i]);
        }
        return out;
    }
}
