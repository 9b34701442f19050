package dev.scalewise.workload;

import java.util.random.RandomGenerator;

/**
 * A source of traces. Synthetic generators draw their noise only from the generator they are given, so the
 * same stream gives the same trace; a fixed (real) trace ignores it.
 */
public interface Workload {

    /** A short name for reports. */
    String name();

    /** Generates one trace, drawing randomness only from {@code rng}. */
    Trace generate(RandomGenerator rng);

    /** A workload that always returns {@code trace}. */
    static Workload fixed(Trace trace) {
        return new Workload() {
            @Override
            public String name() {
                return trace.name();
            }

            @Override
            public Trace generate(RandomGenerator rng) {
                return trace;
            }
        };
    }

    /** This workload with every rate multiplied by {@code factor} (maps unit-free shapes to requests/s). */
    default Workload scaled(double factor) {
        Workload base = this;
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a finite number >= 0, got " + factor);
        }
        return new Workload() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public Trace generate(RandomGenerator rng) {
                return base.generate(rng).scaled(factor);
            }
        };
    }

    /**
     * This workload with each step's count drawn from a Poisson distribution around its rate
     * ({@code count ~ Poisson(rate * dt)}, then {@code rate = count / dt}).
     */
    default Workload poisson() {
        Workload base = this;
        return new Workload() {
            @Override
            public String name() {
                return base.name() + "+poisson";
            }

            @Override
            public Trace generate(RandomGenerator rng) {
                Trace t = base.generate(rng);
                double[] r = new double[t.length()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = Poisson.sample(rng, t.count(i)) / t.stepSeconds();
                }
                return new Trace(t.name(), t.stepSeconds(), r, t.start().orElse(null), t.tokens().orElse(null), t.gaps());
            }
        };
    }
}
