package dev.scalewise.experiment;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
 * a 64-bit state advanced by the golden-ratio increment and finalised by a mixing function. Chosen over
 * {@link java.util.SplittableRandom} because its whole state is one long, so an environment snapshot can copy
 * it exactly ({@link #state()}, {@link #setState(long)}).
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The whole state. */
    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    /** An independent copy at the same state. */
    public SplitMix64 copy() {
        return new SplitMix64(state);
    }
}
