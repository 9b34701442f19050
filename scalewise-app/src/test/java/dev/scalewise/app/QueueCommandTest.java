package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.queue.ErlangC;
import org.junit.jupiter.api.Test;

/** {@code queue --slo-p95-ms}: bracketing and bisection give the linear search's answer, fast at 1e9 req/s. */
class QueueCommandTest {

    /** The reference: the linear search from the first stable server count, with the exact recursion. */
    private static int linear(double lambda, double mu, double slo) {
        int c = (int) Math.floor(lambda / mu) + 1;
        while (ErlangC.responseQuantile(c, lambda, mu, 0.95) > slo) {
            c++;
        }
        return c;
    }

    @Test
    void theTruncatedErlangCMatchesTheExactRecursion() {
        for (double a : new double[] {0.5, 7, 95, 950, 4.5e4, 1e6}) {
            double root = Math.sqrt(a);
            for (double beta : new double[] {0.01, 0.3, 1, 2.5, 6}) {
                long c = (long) Math.floor(a + beta * root) + 1;
                double exact = ErlangC.erlangC((int) c, a);
                assertThat(QueueCommand.erlangC(c, a)).as("a=%s c=%d", a, c)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * exact));
            }
        }
    }

    @Test
    void bisectionFindsTheSameMinimumAsTheLinearSearch() {
        double[][] cases = {{95, 1, 3.2}, {8, 1, 3.1}, {1000, 2, 1.6}, {5e4, 20, 0.16}, {3e5, 1, 3.0}, {0.2, 1, 3.1}};
        for (double[] k : cases) {
            assertThat(QueueCommand.minServers(k[0], k[1], k[2])).as("lambda=%s mu=%s slo=%s", k[0], k[1], k[2])
                    .isEqualTo(linear(k[0], k[1], k[2]));
        }
    }

    @Test
    void aBillionRequestsPerSecondTakesUnderTwoSeconds() {
        long t0 = System.nanoTime();
        int c = QueueCommand.minServers(1e9, 1, 3.0);
        double s = (System.nanoTime() - t0) / 1e9;
        assertThat(s).isLessThan(2.0);
        // the answer meets the SLO and one server fewer does not (checked with the truncated recursion)
        assertThat(ErlangC.responseQuantile(QueueCommand.erlangC(c, 1e9), c - 1e9, 1, 0.95)).isLessThanOrEqualTo(3.0);
        assertThat(ErlangC.responseQuantile(QueueCommand.erlangC(c - 1, 1e9), c - 1 - 1e9, 1, 0.95)).isGreaterThan(3.0);
        System.out.printf("queue --arrival-rate 1e9 --service-rate 1 --slo-p95-ms 3000: min_servers %d in %.3f s%n", c, s);
    }
}
