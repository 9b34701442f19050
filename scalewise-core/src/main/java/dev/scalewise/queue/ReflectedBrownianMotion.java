package dev.scalewise.queue;

/**
 * Transient laws of one-dimensional Brownian motion with drift {@code theta} and variance {@code sigma2} per
 * second, reflected at 0 and started at {@code y0 >= 0} (the heavy-traffic diffusion limit of a multi-server
 * queue's waiting line: {@code theta = lambda - c mu}, {@code sigma2 = lambda + c mu}).
 *
 * <ul>
 *   <li>Survival: {@code P(Y(t) > y) = 1 - Phi((y - y0 - theta t)/s) + e^{2 theta y/sigma2} Phi((-y - y0 - theta t)/s)},
 *   {@code s = sqrt(sigma2 t)} (J. M. Harrison, <i>Brownian Motion and Stochastic Flow Systems</i>, 1985, section
 *   3.6; J. Abate and W. Whitt, "Transient behavior of regulated Brownian motion", Adv. Appl. Prob. 19, 1987).</li>
 *   <li>Mean: {@code E Y(t) = y0 + theta t + E L(t)}, where the pushing at 0 is {@code L(t) = max(0, -min X)}; from
 *   the law of the minimum of drifted Brownian motion, integrated in closed form,
 *   {@code E L(t) = s G(-(y0 + theta t)/s) + (e^{-k y0} Phi((theta t - y0)/s) - Phi(-(y0 + theta t)/s)) / k} with
 *   {@code k = 2 theta / sigma2} and {@code G(a) = a Phi(a) + phi(a)}; at {@code theta = 0} the limit
 *   {@code 2 s phi(y0/s) - 2 y0 Phi(-y0/s)}.</li>
 * </ul>
 * The normal CDF is Hart's double-precision rational approximation (J. F. Hart et al., <i>Computer
 * Approximations</i>, 1968, algorithm 5666, as given by G. West, "Better approximations to cumulative normal
 * functions", Wilmott 2005; relative error below 1e-8, checked against Hipparchus' erfc in the tests), with a
 * continued fraction in the far tail, evaluated in log space where a huge
 * exponential multiplies a tiny tail probability.
 */
public final class ReflectedBrownianMotion {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private ReflectedBrownianMotion() {
    }

    /** {@code P(Y(t) > y)}; 1 for {@code y < 0}. */
    public static double survival(double y, double y0, double theta, double sigma2, double t) {
        if (y < 0) {
            return 1;
        }
        if (t <= 0) {
            return y0 > y ? 1 : 0;
        }
        double s = Math.sqrt(sigma2 * t);
        double m = y0 + theta * t;
        double v = cdf((m - y) / s) + expTimesCdf(2 * theta * y / sigma2, (-y - m) / s);
        return Math.max(0, Math.min(1, v));
    }

    /** {@code E Y(t)}. */
    public static double mean(double y0, double theta, double sigma2, double t) {
        if (t <= 0) {
            return y0;
        }
        double s = Math.sqrt(sigma2 * t);
        double m = y0 + theta * t;
        double k = 2 * theta / sigma2;
        double pushing;
        if (Math.abs(k * s) < 1e-7) {
            double a = -y0 / s;
            pushing = 2 * s * pdf(a) - 2 * y0 * cdf(a);
        } else {
            double a = -m / s;
            double g = a * cdf(a) + pdf(a);
            pushing = s * g + (expTimesCdf(-k * y0, (theta * t - y0) / s) - cdf(a)) / k;
        }
        return Math.max(0, m + Math.max(0, pushing));
    }

    /** Standard normal density. */
    public static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    /** Standard normal CDF, relative accuracy better than 1e-8 in the lower tail. */
    public static double cdf(double z) {
        double x = Math.abs(z);
        double c;
        if (x > 37) {
            c = 0;
        } else if (x < 7.07106781186547) {
            double e = Math.exp(-0.5 * x * x);
            double num = ((((((3.52624965998911e-02 * x + 0.700383064443688) * x + 6.37396220353165) * x
                    + 33.912866078383) * x + 112.079291497871) * x + 221.213596169931) * x + 220.206867912376);
            double den = (((((((8.83883476483184e-02 * x + 1.75566716318264) * x + 16.064177579207) * x
                    + 86.7807322029461) * x + 296.564248779674) * x + 637.333633378831) * x + 793.826512519948) * x
                    + 440.413735824752);
            c = e * num / den;
        } else {
            c = Math.exp(-0.5 * x * x - LOG_SQRT_2PI) / millsDenominator(x);
        }
        return z > 0 ? 1 - c : c;
    }

    /** {@code e^a Phi(z)}, finite where {@code e^a} overflows and {@code Phi(z)} underflows. */
    static double expTimesCdf(double a, double z) {
        if (z > -7) {
            double p = cdf(z);
            // one exponential where e^a is finite; the log form only where it would overflow
            return p == 0 ? 0 : a < 700 ? Math.exp(a) * p : Math.exp(a + Math.log(p));
        }
        double x = -z;
        return Math.exp(a - 0.5 * x * x - LOG_SQRT_2PI - Math.log(millsDenominator(x)));
    }

    /** {@code phi(x) / (1 - Phi(x))} for large x, by the continued fraction of the Mills ratio. */
    private static double millsDenominator(double x) {
        double b = x + 0.65;
        b = x + 4 / b;
        b = x + 3 / b;
        b = x + 2 / b;
        return x + 1 / b;
    }
}
