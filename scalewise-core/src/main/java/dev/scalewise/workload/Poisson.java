package dev.scalewise.workload;

import java.util.random.RandomGenerator;
import org.hipparchus.special.Gamma;

/**
 * Poisson random variates. Small means use sequential inversion; means of 10 or more use the transformed
 * rejection method with squeeze, PTRS (W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993), exact and O(1) in the mean.
 */
public final class Poisson {
    private Poisson() {
    }

    /** One draw with mean {@code mean} (&gt;= 0, finite). */
    public static long sample(RandomGenerator rng, double mean) {
        if (!(mean >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be a finite number >= 0, got " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        if (mean < 10) {
            return inversion(rng, mean);
        }
        return ptrs(rng, mean);
    }

    private static long inversion(RandomGenerator rng, double mean) {
        double u = rng.nextDouble();
        double p = Math.exp(-mean);
        double cdf = p;
        long k = 0;
        while (u > cdf && k < 1000) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    private static long ptrs(RandomGenerator rng, double lam) {
        double slam = Math.sqrt(lam);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lam + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            // the slow path (a fifth of draws at large means), out of line so that the fast path stays small
            if (acceptsSlow(lam, a, b, us, v, k)) {
                return k;
            }
        }
    }

    /** PTRS's acceptance test for a draw that its squeeze did not decide; its constants are computed here only. */
    private static boolean acceptsSlow(double lam, double a, double b, double us, double v, long k) {
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
        double kLogLam = k * Math.log(lam);
        double base = -lam + kLogLam;
        if (k >= STIRLING_MIN) {
            // Decided on Stirling's series where it is certain to agree with the exact test below (the answer is the
            // same, draw for draw); the exact log k! only within the margin, rarely.
            double x = k + 1.0;
            double logX = Math.log(x);
            double approx = base - logGammaStirling(x, logX);
            double margin = STIRLING_MARGIN_ABS + STIRLING_MARGIN_REL * (lam + Math.abs(kLogLam) + x * logX);
            if (lhs <= approx - margin) {
                return true;
            }
            if (lhs > approx + margin) {
                return false;
            }
        }
        return lhs <= base - Gamma.logGamma(k + 1.0);
    }

    /** Smallest k whose acceptance test may be decided on {@link #logGammaStirling}. */
    static final long STIRLING_MIN = 15;
    /**
     * The margin around Stirling's value within which the exact test decides: an absolute part above the series'
     * truncation error ({@code < 1/(1680 x^7) < 2e-12} for {@code x >= 16}; Abramowitz &amp; Stegun 6.1.41) and the
     * Lanczos approximation's in {@code Gamma.logGamma} (about 1e-15), and a part relative to the largest magnitude
     * in the sums (lam, k ln lam, x ln x), about a thousand times their rounding errors (a few ulps, 2.2e-16 each).
     */
    static final double STIRLING_MARGIN_ABS = 1e-9;
    static final double STIRLING_MARGIN_REL = 1e-12;

    /**
     * {@code ln Gamma(x) = ln (x-1)!} by Stirling's series to its {@code x^-5} term,
     * {@code (x - 1/2) ln x - x + ln(2 pi)/2 + 1/(12x) - 1/(360x^3) + 1/(1260x^5)} (Abramowitz &amp; Stegun 6.1.41),
     * with {@code logX = ln x}; for {@code x >= 16} within 2e-12 of the exact value before rounding.
     */
    static double logGammaStirling(double x, double logX) {
        double ix = 1.0 / x;
        double ix2 = ix * ix;
        return (x - 0.5) * logX - x + HALF_LOG_2PI + ix * (1.0 / 12 - ix2 * (1.0 / 360 - ix2 * (1.0 / 1260)));
    }

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
}
