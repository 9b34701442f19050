package dev.scalewise.nn.agent;

import java.util.random.RandomGenerator;

/**
 * A fixed-capacity ring of transitions {@code (s, a, r, s', terminated)} in primitive arrays (features as floats,
 * row-major), so storing a step allocates nothing. When full, the oldest transition is overwritten. Sampling draws
 * indices uniformly with replacement, as SB3's {@code ReplayBuffer.sample}.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int dimension;
    private final float[] states;
    private final float[] nextStates;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private int next;
    private int size;

    public ReplayBuffer(int capacity, int dimension) {
        if (capacity < 1 || dimension < 1) {
            throw new IllegalArgumentException("replay buffer needs capacity >= 1 and dimension >= 1, got "
                    + capacity + " and " + dimension);
        }
        if ((long) capacity * dimension > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("replay buffer of " + capacity + " x " + dimension
                    + " features is too large for one array");
        }
        this.capacity = capacity;
        this.dimension = dimension;
        this.states = new float[capacity * dimension];
        this.nextStates = new float[capacity * dimension];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
    }

    /** Stores one transition (the features are copied). */
    public void add(double[] s, int a, double r, double[] s2, boolean done) {
        if (s.length != dimension || s2.length != dimension) {
            throw new IllegalArgumentException("transition has " + s.length + " and " + s2.length
                    + " features, the buffer holds " + dimension);
        }
        int base = next * dimension;
        for (int i = 0; i < dimension; i++) {
            states[base + i] = (float) s[i];
            nextStates[base + i] = (float) s2[i];
        }
        actions[next] = a;
        rewards[next] = (float) r;
        terminated[next] = done;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** Fills {@code into} with {@code into.length} indices drawn uniformly from the stored transitions. */
    public void sample(RandomGenerator rng, int[] into) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample an empty replay buffer");
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = rng.nextInt(size);
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int dimension() {
        return dimension;
    }

    /** Copies the raw features of slot {@code i}'s state (or next state) into {@code out[offset ..]}. */
    public void copyState(int i, boolean next, float[] out, int offset) {
        System.arraycopy(next ? nextStates : states, i * dimension, out, offset, dimension);
    }

    /** Feature {@code j} of the state of slot {@code i}. */
    public float state(int i, int j) {
        return states[i * dimension + j];
    }

    /** Feature {@code j} of the next state of slot {@code i}. */
    public float nextState(int i, int j) {
        return nextStates[i * dimension + j];
    }

    public int action(int i) {
        return actions[i];
    }

    public float reward(int i) {
        return rewards[i];
    }

    public boolean terminated(int i) {
        return terminated[i];
    }
}
