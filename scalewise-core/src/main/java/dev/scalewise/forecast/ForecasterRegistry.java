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
 *
 * <p><b>Quantiles.</b> {@code NAME@Q} (e.g. {@code holt@0.99}, Q in (0, 1)) is forecaster {@code NAME} wrapped in a
 * {@link ConformalForecaster} calibrated for the config's horizon and seen through
 * {@link QuantileForecaster#atQuantile}: its forecasts are the Q-quantiles. A forecaster that is a
 * {@link QuantileForecaster} itself (a native quantile head: {@code lstm-quantile}, {@code tcn-quantile}) gives its
 * own Q-quantile instead. Every seam that takes a registry name
 * (predictive scaling's {@code aws-predictive:NAME}, a policy's forecaster, the agent's forecast feature) thus
 * accepts a quantile.
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

    /** Whether {@code name} is registered ({@code NAME@Q}: whether {@code NAME} is, with Q in (0, 1)). */
    public boolean contains(String name) {
        int at = name == null ? -1 : name.lastIndexOf(QUANTILE);
        if (at >= 0) {
            try {
                quantileOf(name, at);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return entries.containsKey(name.substring(0, at));
        }
        return entries.containsKey(name);
    }

    /** Separates a quantile suffix: {@code holt@0.9} is {@code holt} at quantile 0.9. */
    private static final char QUANTILE = '@';

    /** The entry of a name ({@code NAME@Q}: the entry of {@code NAME}, after checking Q). */
    public Entry entry(String name) {
        int at = name == null ? -1 : name.lastIndexOf(QUANTILE);
        if (at >= 0) {
            quantileOf(name, at);
            return entry(name.substring(0, at));
        }
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown forecaster '" + name + "'; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    /**
     * A new, unfitted forecaster of the given name; {@code NAME@Q} gives the conformal Q-quantile forecaster of
     * {@code NAME} (calibrated for {@code config.horizonSteps()} leads).
     */
    public Forecaster create(String name, ForecasterConfig config) {
        int at = name == null ? -1 : name.lastIndexOf(QUANTILE);
        if (at >= 0) {
            double q = quantileOf(name, at);
            return quantiles(name.substring(0, at), config).atQuantile(q);
        }
        return entry(name).factory().create(config);
    }

    /**
     * A new, unfitted quantile forecaster of {@code name}: the forecaster itself when it gives quantiles natively (a
     * {@link QuantileForecaster}, e.g. {@code lstm-quantile}), else {@link #quantile} (conformal).
     */
    public QuantileForecaster quantiles(String name, ForecasterConfig config) {
        Forecaster f = create(name, config);
        return f instanceof QuantileForecaster q ? q : conformal(f, config);
    }

    /**
     * A new, unfitted quantile forecaster: {@code name}'s forecaster wrapped in a {@link ConformalForecaster}; the
     * option {@code quantile-scale} ({@code absolute}, the default, or {@code relative}) chooses its residuals.
     */
    public ConformalForecaster quantile(String name, ForecasterConfig config) {
        return conformal(create(name, config), config);
    }

    private static ConformalForecaster conformal(Forecaster point, ForecasterConfig config) {
        String scale = config.option("quantile-scale", "absolute").trim();
        ConformalForecaster.Scale s = switch (scale) {
            case "absolute" -> ConformalForecaster.Scale.ABSOLUTE;
            case "relative" -> ConformalForecaster.Scale.RELATIVE;
            default -> throw new IllegalArgumentException("option quantile-scale must be absolute or relative, got '" + scale + "'");
        };
        return new ConformalForecaster(point, config.horizonSteps(), s);
    }

    private static double quantileOf(String name, int at) {
        String text = name.substring(at + 1);
        double q;
        try {
            q = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("forecaster '" + name + "': quantile '" + text + "' is not a number", e);
        }
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("forecaster '" + name + "': quantile must be in (0, 1), got " + text);
        }
        return q;
    }
}
