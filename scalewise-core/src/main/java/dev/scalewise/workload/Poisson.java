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
            // the slow path (a few percent of draws): its constants are computed here, not before every draw
            double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
            double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
            double rhs = -lam + k * Math.log(lam) - Gamma.logGamma(k + 1.0);
            if (lhs <= rhs) {
                return k;
            }
        }
    }
}
