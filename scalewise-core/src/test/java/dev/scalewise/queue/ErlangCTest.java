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
}
