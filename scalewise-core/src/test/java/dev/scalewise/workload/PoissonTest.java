package dev.scalewise.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.experiment.SplitMix64;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/** The PTRS draws' slow path decided on Stirling's series gives the exact test's draws, draw for draw. */
class PoissonTest {

    /** PTRS with the exact acceptance test everywhere, as {@link Poisson} computed it before the Stirling shortcut. */
    private static long referencePtrs(RandomGenerator rng, double lam) {
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
            double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
            double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
            double rhs = -lam + k * Math.log(lam) - Gamma.logGamma(k + 1.0);
            if (lhs <= rhs) {
                return k;
            }
        }
    }

    @Test
    void drawsEqualTheExactAcceptanceTestsDrawForDraw() {
        SplittableRandom means = new SplittableRandom(18);
        long draws = 0;
        for (int i = 0; i < 2_000; i++) {
            // means from 10 (PTRS's smallest) to 1e9, log-uniform, plus the environments' typical 1e4-1e6
            double lam = i % 2 == 0 ? Math.exp(means.nextDouble(Math.log(10), Math.log(1e9)))
                    : means.nextDouble(1e4, 1e6);
            SplitMix64 fast = new SplitMix64(i);
            SplitMix64 exact = new SplitMix64(i);
            for (int j = 0; j < 500; j++) {
                assertThat(Poisson.sample(fast, lam)).as("mean %s draw %d", lam, j).isEqualTo(referencePtrs(exact, lam));
                draws++;
            }
            // the same number of uniforms consumed: the streams stay in step
            assertThat(fast.state()).isEqualTo(exact.state());
        }
        assertThat(draws).isEqualTo(1_000_000);
    }

    @Test
    void stirlingIsFarInsideTheMarginOfTheExactLogGamma() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long k = i < 1_000 ? Poisson.STIRLING_MIN + i : (long) Math.exp(r.nextDouble(Math.log(Poisson.STIRLING_MIN), Math.log(1e12)));
            double x = k + 1.0;
            double logX = Math.log(x);
            double margin = Poisson.STIRLING_MARGIN_ABS + Poisson.STIRLING_MARGIN_REL * x * logX;
            // 100 times inside the part of the margin that depends on k alone
            assertThat(Math.abs(Poisson.logGammaStirling(x, logX) - Gamma.logGamma(x))).as("k=%d", k)
                    .isLessThan(margin / 100);
        }
    }
}
