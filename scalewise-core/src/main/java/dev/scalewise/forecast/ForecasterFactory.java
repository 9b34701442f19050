package dev.scalewise.forecast;

/** Builds an unfitted forecaster from a configuration. */
@FunctionalInterface
public interface ForecasterFactory {
    /** A new, unfitted forecaster. */
    Forecaster create(ForecasterConfig config);
}
