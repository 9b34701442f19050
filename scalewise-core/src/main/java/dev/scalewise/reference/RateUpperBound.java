package dev.scalewise.reference;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;

/**
 * The arrival rate a {@link HeadroomPolicy} provisions for: an upper bound of the rate over the steps
 * {@code [o.step(), o.step() + horizon]} that the capacity chosen now must serve (removals act at once, launches
 * serve from {@code o.step() + horizon}).
 *
 * <p>The seam between forecasting and control: the truth ({@link TrueRateBound}), the maximum of a point forecast
 * ({@link ForecastRateBound}, with the policy's margin on top), or a q-quantile of the maximum rate over the horizon
 * (a quantile forecast, with no margin) all fit here.
 */
public interface RateUpperBound {

    /** Prepares for a new episode (clears any history). */
    void reset(EnvSpec spec);

    /**
     * The rate (requests/s, &gt;= 0, finite) to plan for over {@code [o.step(), o.step() + horizon]}, given
     * everything observed so far including {@code o}. Called exactly once per observation, in order.
     */
    double upperBound(Observation o, int horizon);

    /**
     * What this bound plans for, with its tuned knobs, as one line of text for reports (e.g. {@code ewma, adaptive
     * max-quantile q 0.99, gamma 0.005 (absolute scores)}); empty when there is nothing to say.
     */
    default String describe() {
        return "";
    }
}
