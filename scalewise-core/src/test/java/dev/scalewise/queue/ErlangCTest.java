package dev.scalewise.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference values from {@code shared/design/PHYSICS.md} (30-digit arithmetic). */
class ErlangCTest {

    @ParameterizedTest(name = "c={0} lambda={1} mu={2}")
    @CsvSource({
            "1, 0.5, 1.0, 0.5000000000, 1.0000000000, 2.0000000000, 5.99146455, 9.21034037",
            "2, 1.0, 1.0, 0.3333333333, 0.3333333333, 1.3333333333, 3.81646031, 5.66596068",
            "2, 1.5, 1.0, 0.6428571429, 1.2857142857, 2.2857142857, 6.47658100, 9.70950344",
            "5, 4.0, 1.0, 0.5541125541, 0.5541125541, 1.5541125541, 4.19746258, 6.07966252",
            "10, 8.0, 1.0, 0.4091801508, 0.2045900754, 1.2045900754, 3.32827468, 4.94611133",
            "10, 9.5, 1.0, 0.8255855781, 1.6511711563, 2.6511711563, 6.97011042, 10.20851598",
            "50, 45.0, 1.0, 0.3638644672, 0.0727728934, 1.0727728934, 3.08279556, 4.69223383",
            "100, 95.0, 1.0, 0.5064568539, 0.1012913708, 1.1012913708, 3.11494870, 4.72438705",
            "1000, 950.0, 1.0, 0.0682534154, 0.0013650683, 1.0013650683, 2.99712423, 4.60656214",
    })
    void matchesReferenceTable(int c, double lambda, double mu, double pWait, double wq, double w, double p95,
                               double p99) {
        // The table gives 10 decimals: compare to 1e-9 relative where the printed digits allow (5e-11 absolute).
        assertThat(ErlangC.erlangC(c, lambda / mu)).isCloseTo(pWait, within(Math.max(1e-9 * pWait, 5.1e-11)));
        assertThat(ErlangC.meanWait(c, lambda, mu)).isCloseTo(wq, within(Math.max(1e-9 * wq, 5.1e-11)));
        assertThat(ErlangC.meanResponse(c, lambda, mu)).isCloseTo(w, within(Math.max(1e-9 * w, 5.1e-11)));
        // p95/p99 are printed with 8 decimals: 1e-6 relative.
        assertThat(ErlangC.responseQuantile(c, lambda, mu, 0.95)).isCloseTo(p95, within(1e-6 * p95));
        assertThat(ErlangC.responseQuantile(c, lambda, mu, 0.99)).isCloseTo(p99, within(1e-6 * p99));
    }

    @Test
    void mm1ClosedFormsHoldExactly() {
        // M/M/1: C = rho, W = 1/(mu - lambda), sojourn ~ Exp(mu - lambda).
        for (double rho : new double[] {0.1, 0.37, 0.5, 0.9, 0.99}) {
            double mu = 3.0;
            double lambda = rho * mu;
            assertThat(ErlangC.erlangC(1, rho)).isCloseTo(rho, within(1e-15));
            assertThat(ErlangC.meanResponse(1, lambda, mu)).isCloseTo(1 / (mu - lambda), within(1e-12 / (mu - lambda)));
            double expected = Math.log(20) / (mu - lambda);
            assertThat(ErlangC.responseQuantile(1, lambda, mu, 0.95)).isCloseTo(expected, within(1e-9 * expected));
        }
    }

    @Test
    void hugeServerCountsStayFinite() {
        for (int c : new int[] {1000, 10_000}) {
            for (double rho : new double[] {0.5, 0.9, 0.99, 0.999}) {
                double lambda = rho * c;
                double pw = ErlangC.erlangC(c, lambda);
                double w = ErlangC.meanResponse(c, lambda, 1.0);
                double p99 = ErlangC.responseQuantile(c, lambda, 1.0, 0.99);
                assertThat(pw).isBetween(0.0, 1.0);
                assertThat(Double.isFinite(w) && Double.isFinite(p99)).isTrue();
                assertThat(p99).isGreaterThanOrEqualTo(Math.log(100) - 1e-9);
                assertThat(ErlangC.erlangB(c, lambda)).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void quantileInvertsSurvival() {
        double pw = ErlangC.erlangC(7, 6.3);
        double d = 7 - 6.3;
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double t = ErlangC.responseQuantile(pw, d, 1.0, q);
            assertThat(ErlangC.survival(pw, d, 1.0, t)).isCloseTo(1 - q, within(1e-12));
        }
        // d == mu limit: c mu - lambda = mu
        double pw2 = ErlangC.erlangC(4, 3.0);
        double t = ErlangC.responseQuantile(pw2, 1.0, 1.0, 0.95);
        assertThat(Math.exp(-t) * (1 + pw2 * t)).isCloseTo(0.05, within(1e-12));
    }

    @ParameterizedTest(name = "c={0} K={1} a={2}")
    @CsvSource({
            "1, 1, 1.0, 0.5000000000",
            "1, 10, 0.9, 0.0508137313",
            "2, 10, 1.8, 0.0548073322",
            "5, 20, 5.0, 0.0540236840",
            "10, 50, 12.0, 0.1667174822",
    })
    void mmckBlockingMatchesTable(int c, int k, double a, double expected) {
        assertThat(ErlangC.blockingProbability(c, k, a)).isCloseTo(expected, within(Math.max(1e-9 * expected, 5.1e-11)));
    }

    @Test
    void blockingAgreesWithDirectSumAndLimits() {
        // Direct definition P_K = t_K / sum t_n, t_n = a^n / (n! c^{max(0,n-c)}) in log space.
        int c = 6;
        for (int k : new int[] {6, 7, 15, 60}) {
            for (double a : new double[] {0.5, 5.9, 6.0, 9.0}) {
                double[] logT = new double[k + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int n = 1; n <= k; n++) {
                    logT[n] = logT[n - 1] + Math.log(a) - Math.log(Math.min(n, c));
                    max = Math.max(max, logT[n]);
                }
                max = Math.max(max, 0);
                double sum = 0;
                for (int n = 0; n <= k; n++) {
                    sum += Math.exp(logT[n] - max);
                }
                double direct = Math.exp(logT[k] - max) / sum;
                assertThat(ErlangC.blockingProbability(c, k, a)).isCloseTo(direct, within(1e-12 + 1e-10 * direct));
            }
        }
        // K = c is Erlang B.
        assertThat(ErlangC.blockingProbability(8, 8, 5.5)).isCloseTo(ErlangC.erlangB(8, 5.5), within(1e-15));
        // Huge waiting room, heavy overload: finite, close to 1 - c/a.
        assertThat(ErlangC.blockingProbability(10, 1_000_010, 20)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void invalidInputsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> ErlangC.erlangB(-1, 1)).hasMessageContaining("servers").hasMessageContaining("-1");
        assertThatThrownBy(() -> ErlangC.erlangB(3, Double.NaN)).hasMessageContaining("offered load");
        assertThatThrownBy(() -> ErlangC.meanWait(2, 3, 1)).hasMessageContaining("unstable");
        assertThatThrownBy(() -> ErlangC.blockingProbability(4, 3, 1)).hasMessageContaining("K");
    }

    /**
     * The quantile solver before the shared logarithms and the skipped negligible exponential (issue #18's speed
     * work): every result must stay the same bit for bit.
     */
    private static double referenceQuantile(double pWait, double d, double mu, double q) {
        double p = 1 - q;
        double logP = Math.log(p);
        if (pWait <= 0) {
            return -logP / mu;
        }
        if (Math.abs(d - mu) <= 1e-12 * mu) {
            return Double.NaN; // the bisection, unchanged
        }
        double b = -pWait * mu / (d - mu);
        double a = 1 - b;
        double t = d > mu ? (Math.log(a) - logP) / mu : (Math.log(b) - logP) / d;
        if (!(t > 0)) {
            t = -logP / Math.min(mu, d);
        }
        for (int iter = 0; iter < 60; iter++) {
            double em = Math.exp(-mu * t);
            double ed = Math.exp(-d * t);
            double s = a * em + b * ed;
            double f = mu * a * em + d * b * ed;
            if (!(s > 0) || !(f > 0)) {
                return Double.NaN;
            }
            double step = (Math.log(s) - logP) * s / f;
            double next = t + step;
            if (!(next > 0)) {
                return Double.NaN;
            }
            if (Math.abs(step) <= 1e-13 * next) {
                return next;
            }
            t = next;
        }
        return Double.NaN;
    }

    @Test
    void sharedLevelQuantilesEqualTheReferenceSolverBitForBit() {
        ErlangC.Levels levels = new ErlangC.Levels(0.50, 0.95, 0.99);
        double[] out = new double[3];
        java.util.SplittableRandom r = new java.util.SplittableRandom(18);
        int skipped = 0;
        for (int i = 0; i < 200_000; i++) {
            int c = 1 + r.nextInt(i % 2 == 0 ? 20 : 2000);
            double mu = Math.exp(r.nextDouble(-3, 5));
            double rho = r.nextDouble(0, 1);
            double lambda = rho * c * mu;
            double d = c * mu - lambda;
            if (!(d > 0)) {
                continue;
            }
            double pWait = ErlangC.erlangC(c, lambda / mu);
            ErlangC.responseQuantiles(pWait, d, mu, levels, out);
            for (int k = 0; k < 3; k++) {
                double ref = referenceQuantile(pWait, d, mu, levels.level(k));
                double single = ErlangC.responseQuantile(pWait, d, mu, levels.level(k));
                if (Double.isNaN(ref)) {
                    assertThat(out[k]).isEqualTo(single);
                    continue;
                }
                assertThat(Double.doubleToRawLongBits(out[k])).as("c=%d lambda=%s mu=%s level %d", c, lambda, mu, k)
                        .isEqualTo(Double.doubleToRawLongBits(ref));
                assertThat(Double.doubleToRawLongBits(single)).isEqualTo(Double.doubleToRawLongBits(ref));
                assertThat(Double.doubleToRawLongBits(ErlangC.responseQuantile(pWait, d, mu, levels, k)))
                        .isEqualTo(Double.doubleToRawLongBits(ref));
                skipped += d >= 2 * mu ? 1 : 0;
            }
        }
        assertThat(skipped).as("cases on the skipped-exponential path").isGreaterThan(100_000);
    }

    /** The unrolled reciprocal recursion with the k's converted from the int counter, as before issue #18's 4th round. */
    private static double referenceErlangB(int c, double a) {
        double ia = 1.0 / a;
        double inv = 1.0;
        int k = 1;
        for (; k + 3 <= c; k += 4) {
            double x0 = k * ia;
            double x1 = (k + 1) * ia;
            double x2 = (k + 2) * ia;
            double x3 = (k + 3) * ia;
            inv = 1 + x3 * (1 + x2 * (1 + x1)) + (x3 * x2) * (x1 * x0) * inv;
        }
        for (; k <= c; k++) {
            inv = 1 + k * ia * inv;
        }
        return 1.0 / inv;
    }

    @Test
    void erlangBCountingInDoublesEqualsTheIntCountedRecursionBitForBit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            int c = 1 + r.nextInt(i % 2 == 0 ? 300 : 20_000);
            double a = c * r.nextDouble(0.001, 1.5);
            assertThat(Double.doubleToRawLongBits(ErlangC.erlangB(c, a))).as("c=%d a=%s", c, a)
                    .isEqualTo(Double.doubleToRawLongBits(referenceErlangB(c, a)));
        }
    }

    /** M/M/c/K blocking from Erlang B as computed before issue #18's shortcuts (every power computed, 1/E_B always). */
    private static double referenceBlocking(double erlangB, int c, long k, double a) {
        if (a == 0) {
            return 0;
        }
        double rho = a / c;
        long n = k - c;
        double invB = 1.0 / erlangB - 1.0;
        if (Math.abs(rho - 1) < 1e-12) {
            return 1.0 / (invB + n + 1);
        }
        if (rho < 1) {
            double rn = Math.pow(rho, n);
            return rn / (invB + (1 - rn * rho) / (1 - rho));
        }
        double ir = 1.0 / rho;
        double irn = Math.pow(ir, n);
        return 1.0 / (irn * invB + (1 - irn * ir) / (1 - ir));
    }

    @Test
    void blockingWithItsShortcutsEqualsTheFormulaBitForBit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            int c = 1 + r.nextInt(i % 2 == 0 ? 50 : 2000);
            double rho = switch (i % 4) {
                case 0 -> r.nextDouble(0, 1);
                case 1 -> r.nextDouble(1, 3);
                case 2 -> 1 + r.nextDouble(-2e-12, 2e-12);
                default -> r.nextDouble(0.6, 0.99);
            };
            double a = rho * c;
            long k = c + (long) r.nextInt(i % 3 == 0 ? 50 : 10_000);
            double erlangB = ErlangC.erlangB(c, a);
            double ref = referenceBlocking(erlangB, c, k, a);
            assertThat(Double.doubleToRawLongBits(ErlangC.blockingFromErlangB(erlangB, c, k, a)))
                    .as("c=%d k=%d a=%s", c, k, a).isEqualTo(Double.doubleToRawLongBits(ref));
        }
    }

    @Test
    void blockingIsZeroWhereThePowerUnderflowsAsTheFormulaGives() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double rho = r.nextDouble(0, 1);
            long n = (long) Math.ceil(ErlangC.POW_UNDERFLOW / (1 - rho)) + r.nextInt(3);
            // the shortcut's premise on this JVM, and the formula's value with it
            assertThat(Math.pow(rho, n)).as("rho=%s n=%d", rho, n).isEqualTo(0.0);
            int c = 1 + r.nextInt(500);
            double erlangB = ErlangC.erlangB(c, rho * c);
            assertThat(Double.doubleToRawLongBits(ErlangC.blockingFromErlangB(erlangB, c, c + n, rho * c)))
                    .isEqualTo(Double.doubleToRawLongBits(0.0 / (1.0 / erlangB - 1.0 + (1 - 0.0 * rho) / (1 - rho))));
        }
    }
}
