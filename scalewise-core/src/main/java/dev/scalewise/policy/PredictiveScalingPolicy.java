package dev.scalewise.policy;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.Arrays;

/**
 * AWS predictive scaling, alone (scale-out only; pair it with target tracking through
 * {@link PredictiveTargetTrackingPolicy} as AWS recommends).
 *
 * <ul>
 *   <li>Learns only from what it has observed: the arrival rates of past steps, optionally preceded by a
 *   history observed before the episode (AWS reads it from CloudWatch). Never the future.</li>
 *   <li>Once {@code minHistorySeconds} of history exist, and again every {@code refreshSeconds}, it forecasts the
 *   next {@code forecastHorizonSeconds} with its {@link LoadForecaster} (default: seasonal naive with a one-day
 *   season, averaged over up to 14 days) and turns each {@code resolutionSeconds} interval's mean forecast into a
 *   capacity {@code ceil(rate / (mu x targetUtilization))}.</li>
 *   <li>The capacity of an interval is in place {@code schedulingBufferSeconds} before the interval starts.</li>
 *   <li>It only ever adds capacity; in forecast-only mode it never acts.</li>
 * </ul>
 */
public final class PredictiveScalingPolicy implements Policy {
    private final PredictiveScalingConfig config;
    private final LoadForecaster forecaster;
    private final double[] prior;
    private double dt;
    private double mu;
    private int max;
    private double[] history;
    private int count;
    private int[] plan;
    private int nextRefreshCount;

    /**
     * @param config       the knobs
     * @param forecaster   null for the seasonal-naive default
     * @param priorHistory arrival rates observed before the episode, one per step of the environment's dt, oldest
     *                     first (may be empty)
     */
    public PredictiveScalingPolicy(PredictiveScalingConfig config, LoadForecaster forecaster, double[] priorHistory) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.forecaster = forecaster;
        this.prior = priorHistory == null ? new double[0] : priorHistory.clone();
    }

    public static PredictiveScalingPolicy defaults() {
        return new PredictiveScalingPolicy(PredictiveScalingConfig.defaults(), null, null);
    }

    public PredictiveScalingConfig config() {
        return config;
    }

    /** The forecaster given to the constructor (null: the default seasonal naive one). */
    public LoadForecaster forecaster() {
        return forecaster;
    }

    @Override
    public String name() {
        return config.mode() == PredictiveScalingConfig.Mode.FORECAST_ONLY ? "aws-predictive-forecast-only"
                : "aws-predictive-only";
    }

    @Override
    public void reset(EnvSpec spec) {
        dt = spec.stepSeconds();
        mu = spec.serviceRate();
        max = spec.maxInstances();
        history = Arrays.copyOf(prior, Math.max(16, prior.length * 2));
        count = prior.length;
        plan = new int[0];
        nextRefreshCount = steps(config.minHistorySeconds());
    }

    private int steps(double seconds) {
        return (int) Math.ceil(seconds / dt - 1e-9);
    }

    private LoadForecaster forecasterFor() {
        if (forecaster != null) {
            return forecaster;
        }
        int period = Math.max(1, (int) Math.round(config.seasonSeconds() / dt));
        int seasons = Math.max(1, (int) Math.floor(config.maxHistorySeconds() / config.seasonSeconds()));
        return new LoadForecaster.SeasonalNaive(period, seasons);
    }

    /** Observes {@code o} and returns the capacity predictive scaling wants in place now (0 before any forecast). */
    int minimumCapacity(Observation o) {
        int t = o.step();
        if (t >= 1) {
            if (count == history.length) {
                history = Arrays.copyOf(history, history.length * 2);
            }
            history[count++] = o.arrivalRate();
        }
        if (count >= nextRefreshCount && count > 0) {
            refresh(t);
            nextRefreshCount = count + Math.max(1, steps(config.refreshSeconds()));
        }
        int buffer = steps(config.schedulingBufferSeconds());
        return Math.max(planned(t), planned(t + buffer));
    }

    private void refresh(int t) {
        int horizon = Math.max(1, steps(config.forecastHorizonSeconds()));
        int maxHist = Math.max(1, steps(config.maxHistorySeconds()));
        int from = Math.max(0, count - maxHist);
        double[] window = Arrays.copyOfRange(history, from, count);
        double[] f = forecasterFor().forecast(window, window.length, horizon);
        // f[h] forecasts the rate of episode step t + h (the history holds steps up to t - 1).
        int res = Math.max(1, steps(config.resolutionSeconds()));
        int offset = prior.length; // absolute index of episode step 0
        int newLen = t + horizon;
        if (plan.length < newLen) {
            plan = Arrays.copyOf(plan, newLen);
        }
        int h = 0;
        while (h < horizon) {
            long abs = (long) offset + t + h;
            int intervalEnd = (int) Math.min(horizon, h + (res - abs % res));
            double sum = 0;
            for (int k = h; k < intervalEnd; k++) {
                sum += Math.max(0, f[k]);
            }
            double mean = sum / (intervalEnd - h);
            int cap = (int) Math.min(max, Math.ceil(mean / (mu * config.targetUtilization()) - 1e-9));
            for (int k = h; k < intervalEnd; k++) {
                plan[t + k] = cap;
            }
            h = intervalEnd;
        }
    }

    /** The capacity forecast for episode step {@code step} (0 where none exists yet). */
    public int planned(int step) {
        return step >= 0 && step < plan.length ? plan[step] : 0;
    }

    @Override
    public int act(Observation o) {
        int need = minimumCapacity(o);
        if (config.mode() == PredictiveScalingConfig.Mode.FORECAST_ONLY) {
            return 0;
        }
        return Math.max(0, Math.min(need, max) - o.instances());
    }
}
