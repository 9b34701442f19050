package dev.scalewise.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.cluster.Clamp;
import dev.scalewise.env.StepInfo;
import org.junit.jupiter.api.Test;

class KpiAccumulatorTest {

    private static StepInfo step(int t, int delta, int ready, int booting, double util, double p50, double p95,
                                 double p99, double arrived, double dropped, double cost, boolean violated) {
        return new StepInfo(t, arrived / 60, 20, delta, delta, Clamp.NONE, ready, booting, util, p50, p50, p95, p99,
                arrived, arrived - dropped, dropped, 0, cost, violated, false, -cost, new double[0]);
    }

    @Test
    void tenHandComputedSteps() {
        // t, applied delta, ready, booting, util, p50, p95, p99 (s), arrived, dropped, cost, violated
        StepInfo[] s = {
            step(0, +1, 2, 1, 0.50, 0.05, 0.10, 0.20, 100, 0, 0.30, false),
            step(1, 0, 3, 0, 0.40, 0.05, 0.12, 0.22, 100, 0, 0.30, false),
            step(2, -1, 2, 0, 0.60, 0.06, 0.30, 0.50, 200, 0, 0.20, true),   // reversal 120 s after +1: flap
            step(3, -1, 1, 0, 0.90, 0.07, 0.20, 0.40, 100, 0, 0.10, false),  // same direction: not a flap
            step(4, 0, 1, 0, 1.50, 0.50, 0.90, 1.50, 300, 30, 0.10, true),
            step(5, +2, 1, 2, 1.20, 0.40, 0.80, 1.20, 100, 0, 0.30, true),   // reversal 120 s after -1: flap
            step(6, 0, 3, 0, 0.50, 0.05, 0.11, 0.21, 100, 0, 0.30, false),
            step(7, 0, 3, 0, 0.50, 0.05, 0.11, 0.21, 100, 0, 0.30, false),
            step(8, 0, 3, 0, 0.50, 0.05, 0.11, 0.21, 100, 0, 0.30, false),
            step(9, -1, 2, 0, 0.70, 0.06, 0.15, 0.30, 100, 0, 0.20, false),  // reversal 240 s after +2: outside 120 s
        };
        KpiAccumulator acc = new KpiAccumulator(60, 120);
        for (StepInfo x : s) {
            acc.add(x);
        }
        Kpis k = acc.kpis();
        assertThat(k.steps()).isEqualTo(10);
        assertThat(k.costUsd()).isCloseTo(2.4, within(1e-12));
        // instances (ready + booting): 3,3,2,1,1,3,3,3,3,2 = 24 instance-minutes = 0.4 h
        assertThat(k.instanceHours()).isCloseTo(0.4, within(1e-12));
        assertThat(k.slaCompliancePct()).isCloseTo(70.0, within(1e-12));
        // arrivals 1,300; violating steps carried 200 + 300 + 100 = 600 -> 700 / 1,300
        assertThat(k.slaComplianceRequestsPct()).isCloseTo(100.0 * 700 / 1300, within(1e-9));
        assertThat(k.droppedRequests()).isEqualTo(30);
        assertThat(k.arrivedRequests()).isEqualTo(1300);
        assertThat(k.scalingActions()).isEqualTo(5);
        assertThat(k.flaps()).isEqualTo(2);
        // utilization capped at 1: 0.5+0.4+0.6+0.9+1+1+0.5+0.5+0.5+0.7 = 6.6
        assertThat(k.meanUtilization()).isCloseTo(0.66, within(1e-12));
        // request-weighted p95 of step p95s: 95% of 1,300 = 1,235; cumulative weight by p95 is 1,000 up to the
        // 0.80 s step and 1,300 with the 0.90 s step, so the quantile is 0.90 s.
        assertThat(k.p95LatencyMs()).isCloseTo(900, within(1e-9));
        // request-weighted median of step p50s: 50% = 650; sorted p50: 0.05 x5 steps (500 req), 0.06 x2 (300) -> 0.06
        assertThat(k.p50LatencyMs()).isCloseTo(60, within(1e-9));
        assertThat(k.totalReward()).isCloseTo(-2.4, within(1e-12));
    }

    @Test
    void defaultFlapWindowIs600Seconds() {
        KpiAccumulator acc = new KpiAccumulator(60);
        acc.add(step(0, +1, 1, 1, 0.5, 0.05, 0.1, 0.2, 10, 0, 0.1, false));
        acc.add(step(10, -1, 1, 0, 0.5, 0.05, 0.1, 0.2, 10, 0, 0.1, false)); // 600 s later: flap
        acc.add(step(21, +1, 1, 1, 0.5, 0.05, 0.1, 0.2, 10, 0, 0.1, false)); // 660 s later: not a flap
        assertThat(acc.kpis().flaps()).isEqualTo(1);
    }

    @Test
    void sortedOrderIsTheStableSortOfBoxedIndices() {
        // the permutation the quantile walk used to get from Arrays.sort(Integer[], comparator): ties, signed
        // zeros, NaN and infinities included, across the insertion-sort runs and the merges
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        double[] pool = {0.0, -0.0, 0.1, 0.25, 1.0, Double.NaN, Double.POSITIVE_INFINITY, 3.5, 0.1};
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 100, 4320, 5000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextInt(3) == 0 ? rng.nextDouble() : pool[rng.nextInt(pool.length)];
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            java.util.Arrays.sort(boxed, (a, b) -> Double.compare(v[a], v[b]));
            int[] expected = java.util.Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
            assertThat(KpiAccumulator.sortedOrder(v, n)).as("n = %d", n).containsExactly(expected);
        }
    }

    @Test
    void sortedOrderIsStableAcrossSignsNaNsAndTheWholeRangeOfDoubles() {
        // the radix sort's key: negative values, both infinities, NaNs of other bit patterns (Double.compare holds
        // every NaN equal, above +infinity), subnormals, and doubles of random bits; ties in index order
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        double[] pool = {-0.0, 0.0, -1.5, 1.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000001L),
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.05, 0.05};
        for (int n : new int[] {1, 2, 3, KpiAccumulator.RADIX_FROM - 1, KpiAccumulator.RADIX_FROM,
            KpiAccumulator.RADIX_FROM + 1, 1000, 59_033}) {
            for (int kind = 0; kind < 3; kind++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (kind) {
                        case 0 -> pool[rng.nextInt(pool.length)];
                        case 1 -> Double.longBitsToDouble(rng.nextLong());
                        default -> rng.nextInt(4) == 0 ? 0.05 : 0.05 + rng.nextDouble() * rng.nextDouble() * 0.3;
                    };
                }
                Integer[] boxed = new Integer[n];
                for (int i = 0; i < n; i++) {
                    boxed[i] = i;
                }
                java.util.Arrays.sort(boxed, (a, b) -> Double.compare(v[a], v[b]));
                int[] expected = java.util.Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
                assertThat(KpiAccumulator.sortedOrder(v, n)).as("n = %d, kind %d", n, kind).containsExactly(expected);
            }
        }
    }

    @Test
    void latencyFreeAccessorsMatchTheKpis() {
        KpiAccumulator acc = new KpiAccumulator(60);
        acc.add(step(0, +1, 2, 1, 0.50, 0.05, 0.10, 0.20, 100, 0, 0.30, false));
        acc.add(step(1, 0, 3, 0, 1.40, 0.05, 0.12, 0.22, 100, 5, 0.25, true));
        Kpis k = acc.kpis();
        assertThat(acc.steps()).isEqualTo(k.steps()).isEqualTo(2);
        assertThat(acc.costUsd()).isEqualTo(k.costUsd()).isEqualTo(0.55);
        assertThat(acc.instanceHours()).isEqualTo(k.instanceHours()).isEqualTo(0.1);
        assertThat(acc.slaCompliancePct()).isEqualTo(k.slaCompliancePct()).isEqualTo(50.0);
        assertThat(acc.meanUtilization()).isEqualTo(k.meanUtilization()).isEqualTo(0.75);
        assertThat(acc.p95LatencyMs()).isEqualTo(k.p95LatencyMs()).isEqualTo(120.0);
        assertThat(acc.totalReward()).isEqualTo(k.totalReward()).isEqualTo(-0.55);
    }

    /** A size hint only saves growing the latency arrays: any hint gives the same indicators, bit for bit. */
    @Test
    void theExpectedStepsHintChangesNoIndicator() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        java.util.List<StepInfo> steps = new java.util.ArrayList<>();
        for (int t = 0; t < 700; t++) {
            steps.add(step(t, rnd.nextInt(-1, 2), 1 + rnd.nextInt(9), rnd.nextInt(2), rnd.nextDouble(1.2),
                    rnd.nextDouble(0.1), rnd.nextDouble(0.1, 0.3), rnd.nextDouble(0.3, 0.5), rnd.nextInt(300),
                    rnd.nextInt(3), rnd.nextDouble(), rnd.nextBoolean()));
        }
        KpiAccumulator plain = new KpiAccumulator(60);
        steps.forEach(plain::add);
        for (int hint : new int[] {0, 1, 30, 699, 700, 5000}) {
            KpiAccumulator hinted = new KpiAccumulator(60, KpiAccumulator.DEFAULT_FLAP_WINDOW_SECONDS, hint);
            steps.forEach(hinted::add);
            assertThat(hinted.kpis()).isEqualTo(plain.kpis());
            assertThat(hinted.p95LatencyMs()).isEqualTo(plain.kpis().p95LatencyMs());
        }
    }
}
