package dev.scalewise.agent;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.oracle.NeedTable;

/**
 * The default {@link FeatureEncoder} ({@code POLICY.md}): dimensionless features, so that one model serves a
 * service of any size. With {@code lambda} the last step's arrival rate, {@code lambdaHat} the forecast at the boot
 * horizon (the last rate without a forecaster), {@code mu} the service rate, {@code need} the queueing model's
 * minimum ({@link NeedTable}, i.e. {@code Oracle.requiredInstances}):
 * <pre>
 * load_ratio       lambda / (ready mu), uncapped (1.5 = 50% overloaded; 100 with no ready instance)
 * headroom         (ready + booting) / max(1, need(demand)) - 1, clipped to [-0.5, 2], where demand is the highest
 *                  of lambdaHat, lambda_t and lambda_{t-1}, plus the backlog drained within one step
 *                  ({@link #demand})
 * trend            lambda_t / lambda_{t-1} - 1, clipped to [-1, 1]
 * trend_long       lambda_t / lambda_{t-5} - 1, clipped to [-1, 1]
 * forecast_ratio   lambdaHat / lambda - 1, clipped to [-1, 2]
 * volatility       max / mean - 1 of lambda over the last 15 steps, clipped to [0, 2]
 * booting_share    booting / (ready + booting)
 * backlog_seconds  backlog / (ready mu): seconds of service waiting, clipped to [0, 600]
 * calm             steps since capacity last changed, capped at 30, divided by 30
 * boot_steps       the boot delay in steps (ceil(boot / dt))
 * </pre>
 * The {@value #SPREAD_TYPE} feature set ({@link #of}, opt-in: saved 10-feature models keep their encoder) adds an
 * eleventh feature, the forecast's recent spread:
 * <pre>
 * forecast_error   mean over the last 15 steps of |lambda_t - lambdaHat_{t-h}| / max(lambda_t, lambdaHat_{t-h})
 *                  (0 when both are 0), the relative absolute error of the forecast made h = max(1, boot_steps)
 *                  steps earlier for now; in [0, 1]; 0 until the first forecast is h steps old
 * </pre>
 * It is the empirical spread of the forecast's own errors at its lead (as a conformal interval's width is
 * estimated from recent residuals: Shafer and Vovk, "A Tutorial on Conformal Prediction", JMLR 9, 2008), made
 * relative so that it stays scale-free; the symmetric denominator keeps it bounded when either side is 0.
 * Multiplying every rate, the backlog and the instance counts by the same factor leaves every feature but
 * {@code headroom} unchanged exactly. {@code headroom} is measured against the queueing model's minimum, which
 * grows slightly slower than the rate (pooling: a larger service is safer at the same utilization), so a service
 * ten times larger at the same utilization shows slightly more headroom, which is the physics, not noise.
 */
public final class ScaleFreeFeatures implements FeatureEncoder {
    public static final String TYPE = "scale-free";
    /** The feature set with {@code forecast_error} appended (11 features). */
    public static final String SPREAD_TYPE = "scale-free-spread";
    private static final String[] NAMES = {"load_ratio", "headroom", "trend", "trend_long", "forecast_ratio",
        "volatility", "booting_share", "backlog_seconds", "calm", "boot_steps"};
    private static final String SPREAD_NAME = "forecast_error";
    static final double NO_CAPACITY_LOAD = 100;
    private static final int LONG = 5;
    private static final int WINDOW = 15;
    private static final int CALM_CAP = 30;

    private final double[] rates = new double[WINDOW];
    private final boolean spread;
    private final double[] errors = new double[WINDOW];
    private double[] forecasts = new double[2];
    private int lead = 1;
    private int seen;
    private int lastInstances = -1;
    private int calm;

    /** The {@value #TYPE} feature set (10 features). */
    public ScaleFreeFeatures() {
        this(false);
    }

    private ScaleFreeFeatures(boolean spread) {
        this.spread = spread;
    }

    /**
     * A fresh encoder of the named feature set: {@value #TYPE} (10 features) or {@value #SPREAD_TYPE} (11, with
     * {@code forecast_error}).
     */
    public static ScaleFreeFeatures of(String type) {
        if (TYPE.equals(type)) {
            return new ScaleFreeFeatures(false);
        }
        if (SPREAD_TYPE.equals(type)) {
            return new ScaleFreeFeatures(true);
        }
        throw new IllegalArgumentException("unknown feature set '" + type + "': expected " + TYPE + " or "
                + SPREAD_TYPE);
    }

    /** This encoder's feature set: {@value #TYPE} or {@value #SPREAD_TYPE}. */
    public String type() {
        return spread ? SPREAD_TYPE : TYPE;
    }

    @Override
    public int dimension() {
        return NAMES.length + (spread ? 1 : 0);
    }

    @Override
    public String[] names() {
        if (!spread) {
            return NAMES.clone();
        }
        String[] names = java.util.Arrays.copyOf(NAMES, NAMES.length + 1);
        names[NAMES.length] = SPREAD_NAME;
        return names;
    }

    @Override
    public void reset(EnvSpec spec) {
        seen = 0;
        lastInstances = -1;
        calm = CALM_CAP;
        lead = Math.max(1, spec.bootSteps());
        if (forecasts.length < lead + 1) {
            forecasts = new double[lead + 1];
        }
    }

    @Override
    public void encode(Observation o, EnvSpec spec, double[] out) {
        rates[seen % WINDOW] = o.arrivalRate();
        seen++;
        if (lastInstances >= 0 && o.instances() != lastInstances) {
            calm = 0;
        } else if (lastInstances >= 0) {
            calm = Math.min(CALM_CAP, calm + 1);
        }
        lastInstances = o.instances();
        int n = Math.min(seen, WINDOW);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, rates[i]);
            sum += rates[i];
        }
        double longAgo = seen > LONG ? rates[(seen - 1 - LONG) % WINDOW] : rates[0];
        out[0] = loadRatio(o);
        out[1] = headroom(o, spec);
        out[2] = ratio(o.arrivalRate(), o.previousArrivalRate(), -1, 1);
        out[3] = ratio(o.arrivalRate(), longAgo, -1, 1);
        out[4] = ratio(o.forecastRate(), o.arrivalRate(), -1, 2);
        out[5] = sum > 0 ? clip(max / (sum / n) - 1, 0, 2) : 0;
        out[6] = bootingShare(o);
        out[7] = backlogSeconds(o);
        out[8] = calm / (double) CALM_CAP;
        out[9] = spec.bootSteps();
        if (spread) {
            out[10] = forecastError(o);
        }
    }

    /**
     * Records this step's forecast and returns the mean relative error, over the last {@value #WINDOW} steps, of
     * the forecasts made {@code lead} steps before them; called once per step, after {@code seen} counted it.
     */
    private double forecastError(Observation o) {
        int t = seen - 1;
        int slots = lead + 1;
        if (t >= lead) {
            errors[(t - lead) % WINDOW] = relativeError(o.arrivalRate(), forecasts[(t - lead) % slots]);
        }
        forecasts[t % slots] = o.forecastRate();
        int n = Math.min(Math.max(0, t - lead + 1), WINDOW);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += errors[i];
        }
        return n > 0 ? sum / n : 0;
    }

    /** |actual - forecast| / max(actual, forecast), in [0, 1]; 0 when both are 0. */
    static double relativeError(double actual, double forecast) {
        double scale = Math.max(actual, forecast);
        return scale > 0 ? Math.min(1, Math.abs(actual - forecast) / scale) : 0;
    }

    /** lambda / (ready mu), uncapped; {@value #NO_CAPACITY_LOAD} when traffic meets no ready instance. */
    static double loadRatio(Observation o) {
        return loadRatio(o.arrivalRate(), o.ready(), o.serviceRate());
    }

    /** {@link #loadRatio(Observation)} from the observation's arrival rate, ready instances and service rate. */
    static double loadRatio(double arrivalRate, int ready, double serviceRate) {
        double capacity = ready * serviceRate;
        if (capacity > 0) {
            return arrivalRate / capacity;
        }
        return arrivalRate > 0 ? NO_CAPACITY_LOAD : 0;
    }

    /**
     * The rate to provision for: the highest of the forecast and the last two observed rates (capacity follows a
     * fall only once it has lasted two steps), plus the backlog drained within one step.
     */
    public static double demand(Observation o, EnvSpec spec) {
        return demand(o.forecastRate(), o.arrivalRate(), o.previousArrivalRate(), o.backlog(), spec);
    }

    /** {@link #demand(Observation, EnvSpec)} from the observation's forecast, last two rates and backlog. */
    static double demand(double forecastRate, double arrivalRate, double previousArrivalRate, double backlog,
                         EnvSpec spec) {
        double rate = Math.max(forecastRate, Math.max(arrivalRate, previousArrivalRate));
        return rate + Math.max(0, backlog) / spec.stepSeconds();
    }

    /** (ready + booting) / max(1, need(demand)) - 1, clipped to [-0.5, 2]. */
    static double headroom(Observation o, EnvSpec spec) {
        return headroom(o.instances(), demand(o, spec), spec);
    }

    /** {@link #headroom(Observation, EnvSpec)} from the instances (ready + booting) and the {@link #demand}. */
    static double headroom(int instances, double demand, EnvSpec spec) {
        int need = Math.max(1, NeedTable.of(spec).need(demand));
        return clip(instances / (double) need - 1, -0.5, 2);
    }

    static double bootingShare(Observation o) {
        return o.instances() > 0 ? o.booting() / (double) o.instances() : 0;
    }

    static double backlogSeconds(Observation o) {
        double capacity = o.ready() * o.serviceRate();
        if (o.backlog() <= 0) {
            return 0;
        }
        return capacity > 0 ? clip(o.backlog() / capacity, 0, 600) : 600;
    }

    /** now / before - 1, clipped; 0 when {@code before} is 0. */
    static double ratio(double now, double before, double lo, double hi) {
        return before > 0 ? clip(now / before - 1, lo, hi) : 0;
    }

    static double clip(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
