package dev.scalewise.forecast;

import dev.scalewise.policy.LoadForecaster;
import java.util.Arrays;
import java.util.Objects;

/**
 * Any registered {@link Forecaster} as predictive scaling's {@link LoadForecaster}: at every call (predictive
 * scaling's refresh, every 6 h by default) a new forecaster is created from the registry, fitted on the observed
 * rates {@code history[0 .. count)} only, and asked for the next {@code horizon} steps. Like AWS, which retrains its
 * model from the metric history it has collected, it never sees anything the policy has not observed.
 *
 * <p>With fewer than {@link #MIN_FIT_VALUES} observed values it repeats the last one (naive); forecasts are
 * clamped at 0 (a non-finite forecast is an error). Deterministic: the registry's forecasters are deterministic for a given config and data.
 */
public final class RefittingLoadForecaster implements LoadForecaster {
    /** Below this many observed values the forecast is the last value. */
    public static final int MIN_FIT_VALUES = 4;

    private final ForecasterRegistry registry;
    private final String name;
    private final ForecasterConfig config;
    private int fits;

    /**
     * @param registry where {@code name} is registered
     * @param name     forecaster name, e.g. {@code holt-winters-add}
     * @param config   season, horizon, seed and options of the forecaster
     */
    public RefittingLoadForecaster(ForecasterRegistry registry, String name, ForecasterConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        registry.entry(name); // fail early on an unknown name
    }

    public String name() {
        return name;
    }

    /** How many times a model was fitted. */
    public int fits() {
        return fits;
    }

    @Override
    public double[] forecast(double[] history, int count, int horizon) {
        if (count < 0 || count > history.length || horizon < 1) {
            throw new IllegalArgumentException("need 0 <= count <= history.length and horizon >= 1, got " + count
                    + ", " + horizon);
        }
        double[] f = new double[horizon];
        if (count < MIN_FIT_VALUES) {
            Arrays.fill(f, count == 0 ? 0 : Math.max(0, history[count - 1]));
            return f;
        }
        double[] seen = Arrays.copyOf(history, count); // the model gets nothing beyond count
        Forecaster model = registry.create(name, config);
        model.fit(seen, new double[0]);
        fits++;
        double[] raw = model.forecast(seen, count, horizon);
        for (int h = 0; h < horizon; h++) {
            if (!Double.isFinite(raw[h])) {
                throw new IllegalStateException(name + " forecast " + raw[h] + " at lead " + (h + 1));
            }
            f[h] = Math.max(0, raw[h]);
        }
        return f;
    }
}
