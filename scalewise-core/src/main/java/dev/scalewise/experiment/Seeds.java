package dev.scalewise.experiment;

import java.nio.charset.StandardCharsets;

/**
 * One master seed split into named, independent random streams ("workload", "env", "exploration", ...),
 * optionally indexed (one stream per episode). The derivation is a fixed hash (FNV-1a of the name, mixed with
 * SplitMix64's finaliser), so the same master seed always gives the same streams, on any machine.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The stream called {@code name} of {@code masterSeed}. */
    public static SplitMix64 stream(long masterSeed, String name) {
        return new SplitMix64(derive(masterSeed, name, 0));
    }

    /** The {@code index}-th stream called {@code name} (e.g. one per episode). */
    public static SplitMix64 stream(long masterSeed, String name, long index) {
        return new SplitMix64(derive(masterSeed, name, index + 1));
    }

    /** The seed of a named stream, for components that take a seed rather than a generator. */
    public static long derive(long masterSeed, String name, long index) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return mix(mix(masterSeed ^ h) + index * 0x9e3779b97f4a7c15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
