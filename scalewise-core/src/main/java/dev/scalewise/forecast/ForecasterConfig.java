package dev.scalewise.forecast;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ForecasterFactory} needs to build a forecaster.
 *
 * @param seasonSteps  length of one season in steps (e.g. 288 for a day of 5-minute steps), &gt;= 1
 * @param horizonSteps the horizon the forecaster will mostly be asked for (direct multi-step models are trained for
 *                     it), &gt;= 1
 * @param seed         seed of every random choice a model makes while training
 * @param options      model-specific options as text (e.g. {@code window=48}, {@code epochs=30}); unknown keys are
 *                     ignored
 */
public record ForecasterConfig(int seasonSteps, int horizonSteps, long seed, Map<String, String> options) {
    public ForecasterConfig {
        if (seasonSteps < 1) {
            throw new IllegalArgumentException("seasonSteps must be >= 1, got " + seasonSteps);
        }
        if (horizonSteps < 1) {
            throw new IllegalArgumentException("horizonSteps must be >= 1, got " + horizonSteps);
        }
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }

    /** A configuration without options. */
    public static ForecasterConfig of(int seasonSteps, int horizonSteps, long seed) {
        return new ForecasterConfig(seasonSteps, horizonSteps, seed, Map.of());
    }

    /** The same configuration with one more option. */
    public ForecasterConfig withOption(String key, Object value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(options);
        m.put(key, String.valueOf(value));
        return new ForecasterConfig(seasonSteps, horizonSteps, seed, m);
    }

    /** An integer option, or {@code defaultValue} when absent. */
    public int intOption(String key, int defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be an integer, got '" + v + "'", e);
        }
    }

    /** A floating-point option, or {@code defaultValue} when absent. */
    public double doubleOption(String key, double defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a number, got '" + v + "'", e);
        }
    }

    /** A text option, or {@code defaultValue} when absent. */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
