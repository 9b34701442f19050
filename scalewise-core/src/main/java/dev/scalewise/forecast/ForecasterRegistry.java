package dev.scalewise.forecast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Names &rarr; forecaster factories. {@link #standard()} holds the classical forecasters of the core plus whatever
 * {@link ForecasterProvider}s the class path offers (the neural ones of {@code scalewise-nn}).
 *
 * <table>
 *   <caption>Classical names</caption>
 *   <tr><th>name</th><th>forecaster</th><th>options</th></tr>
 *   <tr><td>naive</td><td>{@link NaiveForecaster}</td><td></td></tr>
 *   <tr><td>seasonal-naive</td><td>{@link SeasonalNaiveForecaster}</td><td></td></tr>
 *   <tr><td>sma</td><td>{@link MovingAverageForecaster}</td><td>{@code window} (fitted when absent)</td></tr>
 *   <tr><td>ewma</td><td>{@link EwmaForecaster}</td><td>{@code alpha} (fitted when absent)</td></tr>
 *   <tr><td>holt</td><td>{@link HoltForecaster}</td><td></td></tr>
 *   <tr><td>holt-winters-add</td><td>{@link HoltWintersForecaster}, additive season</td><td></td></tr>
 *   <tr><td>holt-winters-mul</td><td>{@link HoltWintersForecaster}, multiplicative season</td><td></td></tr>
 * </table>
 */
public final class ForecasterRegistry {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A registered factory and a one-line description. */
    public record Entry(String name, String description, ForecasterFactory factory) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(factory, "factory");
        }
    }

    /** An empty registry. */
    public ForecasterRegistry() {
    }

    /** The classical forecasters of the core only (no service providers). */
    public static ForecasterRegistry classical() {
        ForecasterRegistry r = new ForecasterRegistry();
        r.register("naive", "last value", c -> new NaiveForecaster());
        r.register("seasonal-naive", "value one season earlier", c -> new SeasonalNaiveForecaster(c.seasonSteps()));
        r.register("sma", "simple moving average, window fitted on the training split",
                c -> new MovingAverageForecaster(c.intOption("window", 0), c.intOption("max-window", 48)));
        r.register("ewma", "exponentially weighted moving average, alpha fitted on the training split",
                c -> new EwmaForecaster(c.doubleOption("alpha", Double.NaN)));
        r.register("holt", "Holt's linear trend, alpha and beta fitted on the training split", c -> new HoltForecaster());
        r.register("holt-winters-add", "Holt-Winters with additive season, fitted on the training split",
                c -> new HoltWintersForecaster(c.seasonSteps(), HoltWintersForecaster.Seasonality.ADDITIVE));
        r.register("holt-winters-mul", "Holt-Winters with multiplicative season, fitted on the training split",
                c -> new HoltWintersForecaster(c.seasonSteps(), HoltWintersForecaster.Seasonality.MULTIPLICATIVE));
        return r;
    }

    /** The classical forecasters plus those of every {@link ForecasterProvider} on the class path. */
    public static ForecasterRegistry standard() {
        ForecasterRegistry r = classical();
        for (ForecasterProvider p : ServiceLoader.load(ForecasterProvider.class, ForecasterRegistry.class.getClassLoader())) {
            p.registerInto(r);
        }
        return r;
    }

    /**
     * Adds a name.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public ForecasterRegistry register(String name, String description, ForecasterFactory factory) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("forecaster '" + name + "' is already registered");
        }
        entries.put(name, new Entry(name, description, factory));
        return this;
    }

    /** The registered names, in registration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Whether {@code name} is registered. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The entry of a name. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown forecaster '" + name + "'; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    /** A new, unfitted forecaster of the given name. */
    public Forecaster create(String name, ForecasterConfig config) {
        return entry(name).factory().create(config);
    }
}
