package dev.scalewise.reference;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.forecast.QuantileForecaster;
import java.util.Objects;

/**
 * The quantile of the maximum rate over the horizon of {@link MaxQuantileRateBound}, with its level adapted online by
 * <b>adaptive conformal inference</b> (ACI: Gibbs &amp; Candès, "Adaptive Conformal Inference Under Distribution
 * Shift", NeurIPS 2021, eq. 2): the bound issued at step t uses the calibration scores' quantile at level
 * {@code 1 - alpha_t} instead of the fixed {@code q}, and
 * <pre>
 *   alpha_{t+1} = alpha_t + gamma (alpha - err_t),   alpha = 1 - q,   alpha_1 = alpha,
 * </pre>
 * where {@code err_t} is 1 when the bound missed. After a miss the level rises by {@code gamma (1 - alpha)}; after
 * each covered origin it falls by {@code gamma alpha}: when the held-out errors are larger than the calibration
 * week's (distribution shift) the level climbs until the misses are back at the rate {@code alpha}, when they are
 * smaller it falls and the bound gets cheaper.
 *
 * <p><b>Delayed feedback.</b> The bound issued at the observation of step t covers the rates of steps {@code t ..
 * t + b} (b = boot steps, {@code L = b + 1} leads), and the observation of step s reports the rate of step
 * {@code s - 1}, so whether it covered is known at the observation of step {@code t + L} (= t + b + 1): that is when
 * its {@code err} enters the update (ACI for h-step-ahead forecasts updates each step's level once that step's outcome
 * is observed, h - 1 steps late: Szabadváry, "Adaptive Conformal Inference for Multi-Step Ahead Time-Series
 * Forecasting Online", arXiv:2409.14792, 2024). Only observed rates are
 * used ({@link Observation#arrivalRate()}, the arrivals the environment reports, Poisson noise included): nothing
 * about the future. For the first L observations of an episode no feedback exists and the level is {@code q}.
 *
 * <p><b>Finite sets.</b> ACI's set is infinite for {@code alpha_t <= 0} and empty for {@code alpha_t >= 1}; a rate
 * bound must be finite, so the score's rank {@code ceil((n + 1)(1 - alpha_t))} is clamped to [1, n]
 * ({@link MaxQuantileRateBound.Calibration#scoreAtLevel}): the largest calibration score stands for the infinite set.
 * ACI's long-run guarantee {@code |mean err - alpha| <= (max(alpha_1, 1 - alpha_1) + gamma) / (gamma T)} (Gibbs &amp;
 * Candès, Proposition 4.1; with the lag, {@code gamma} in the numerator becomes about {@code L gamma}) holds exactly
 * as long as the bound at the largest score does not miss; {@code AdaptiveMaxQuantileRateBoundTest} measures it.
 *
 * <p><b>Choosing gamma.</b> Larger {@code gamma} adapts faster but makes the level (and the capacity) jumpier; Gibbs
 * &amp; Candès use 0.005; Zaffran, Féron, Goude, Josse &amp; Dieuleveut ("Adaptive Conformal Predictions for Time
 * Series", ICML 2022) show that the best value depends on the series and aggregate several (AgACI, not built here).
 * {@code mpc:NAME@aci} instead tunes {@code gamma} with q and the margin on the training part
 * ({@link ReferencePolicies#tuneMpcAci}). {@code gamma = 0} is the static {@link MaxQuantileRateBound}.
 *
 * <p>State (the level, the issued bounds and rates of the last L steps) is reset by {@link #reset}, so every episode
 * starts at {@code alpha_1 = 1 - q}; given the same observations the bounds are identical.
 */
public final class AdaptiveMaxQuantileRateBound implements RateUpperBound {
    private final ForecastRateBound point;
    private final MaxQuantileRateBound.Calibration calibration;
    private final double q;
    private final double gamma;
    private final int leads;
    private final double[] issued;
    private final double[] rates;
    private double alphaT;
    private int steps;
    private long feedbacks;
    private long misses;

    /**
     * @param fitted      the point forecaster, already fitted (the one {@code calibration} was made with)
     * @param warmup      rates observed before the episode (as {@link ForecastRateBound})
     * @param calibration the scores of the maximum over {@code calibration.leads()} leads
     * @param q           target level in (0, 1): the long-run share of covered maxima
     * @param gamma       ACI step size, &gt;= 0 (0: the static bound)
     */
    public AdaptiveMaxQuantileRateBound(Forecaster fitted, double[] warmup, MaxQuantileRateBound.Calibration calibration,
                                        double q, double gamma) {
        this.point = new ForecastRateBound(fitted, warmup);
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.q = QuantileForecaster.checkQuantile(q);
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("ACI step size gamma must be a finite number >= 0, got " + gamma);
        }
        this.gamma = gamma;
        this.leads = calibration.leads();
        this.issued = new double[leads];
        this.rates = new double[leads];
        this.alphaT = 1 - q;
    }

    /** {@code NAME@aciQ/GAMMA}, e.g. {@code ewma@aci0.99/0.005}. */
    public String forecasterName() {
        return point.forecasterName() + "@aci" + q + "/" + plain(gamma);
    }

    /** {@code x} in plain decimal notation without trailing zeros ({@code 0.0005}, not {@code 5.0E-4}). */
    static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** The target level q. */
    public double quantile() {
        return q;
    }

    public double gamma() {
        return gamma;
    }

    public MaxQuantileRateBound.Calibration calibration() {
        return calibration;
    }

    /** The level {@code 1 - alpha_t} the next bound would use (may leave (0, 1); see the class comment). */
    public double level() {
        return 1 - alphaT;
    }

    /** Origins of this episode whose coverage is known so far. */
    public long feedbacks() {
        return feedbacks;
    }

    /** Of {@link #feedbacks()}, those whose actual maximum exceeded the bound. */
    public long misses() {
        return misses;
    }

    /** {@code ewma, adaptive max-quantile q 0.99, gamma 0.005 (absolute scores)}. */
    @Override
    public String describe() {
        return point.forecasterName() + ", adaptive max-quantile q " + q + ", gamma " + plain(gamma) + " ("
                + calibration.scale().name().toLowerCase(java.util.Locale.ROOT) + " scores)";
    }

    @Override
    public void reset(EnvSpec spec) {
        point.reset(spec);
        alphaT = 1 - q;
        steps = 0;
        feedbacks = 0;
        misses = 0;
    }

    @Override
    public double upperBound(Observation o, int horizon) {
        if (horizon + 1 != leads) {
            throw new IllegalStateException("adaptive max-quantile bound calibrated for " + leads + " leads (boot "
                    + "horizon " + (leads - 1) + " steps), asked for horizon " + horizon);
        }
        double fmax = point.upperBound(o, horizon);
        int t = steps++;
        if (t >= 1) {
            rates[(t - 1) % leads] = o.arrivalRate(); // the rate of step t - 1
        }
        if (t >= leads) {
            // The bound issued at t - L covered steps t - L .. t - 1, all observed now (the ring holds exactly them).
            double max = Double.NEGATIVE_INFINITY;
            for (double r : rates) {
                max = Math.max(max, r);
            }
            int err = max > issued[t % leads] + 1e-9 ? 1 : 0;
            feedbacks++;
            misses += err;
            alphaT += gamma * ((1 - q) - err);
        }
        double b = calibration.boundAtLevel(fmax, 1 - alphaT);
        issued[t % leads] = b;
        return b;
    }
}
