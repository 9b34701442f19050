package dev.scalewise.env;

/**
 * An environment that can also step without allocating: the same dynamics as {@link Environment#step(int)}
 * (which is {@code stepInto} followed by {@link StepBuffer#result()}), written into a reusable buffer. For
 * training loops and benchmarks that would otherwise allocate an observation, an info and a result per step.
 */
public interface FastStepping extends Environment {

    /** Simulates one step like {@link #step(int)}, writing everything into {@code out}. */
    void stepInto(int delta, StepBuffer out);

    /** A buffer sized for this environment's reward terms. */
    StepBuffer newBuffer();

    /** {@link #stepInto} into a fresh buffer, copied into the immutable records. */
    @Override
    default StepResult step(int delta) {
        StepBuffer b = newBuffer();
        stepInto(delta, b);
        return b.result();
    }
}
