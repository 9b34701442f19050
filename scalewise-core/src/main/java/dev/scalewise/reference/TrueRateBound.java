package dev.scalewise.reference;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.Objects;

/**
 * The truth: the maximum of the trace's rates over {@code [t, t + horizon]} (clipped at the trace's end). The rates
 * are the trace's, not the Poisson draws around them, so a policy using it knows the future rate but not the noise.
 * Never deployable: it separates forecast error from control error.
 */
public final class TrueRateBound implements RateUpperBound {
    private final double[] rates;

    /** @param rates the trace's rates, one per step (requests/s) */
    public TrueRateBound(double[] rates) {
        this.rates = Objects.requireNonNull(rates, "rates").clone();
        if (this.rates.length == 0) {
            throw new IllegalArgumentException("the true rate bound needs at least one rate");
        }
    }

    @Override
    public void reset(EnvSpec spec) {
    }

    @Override
    public double upperBound(Observation o, int horizon) {
        int from = Math.min(o.step(), rates.length - 1);
        int to = Math.min(o.step() + horizon, rates.length - 1);
        double max = 0;
        for (int t = from; t <= to; t++) {
            max = Math.max(max, rates[t]);
        }
        return max;
    }
}
