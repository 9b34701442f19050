package dev.scalewise.forecast;

/**
 * Service interface through which other modules add forecasters to {@link ForecasterRegistry#standard()}:
 * implement it, list the class in {@code META-INF/services/dev.scalewise.forecast.ForecasterProvider}, and every
 * registry built by {@code standard()} on that class path knows the new names. This is how {@code scalewise-nn}
 * contributes {@code lstm} and {@code tcn} without the core importing a deep-learning runtime.
 */
public interface ForecasterProvider {
    /** Registers this module's forecasters. */
    void registerInto(ForecasterRegistry registry);
}
