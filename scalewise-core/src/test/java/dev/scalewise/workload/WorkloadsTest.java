package dev.scalewise.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.experiment.SplitMix64;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void generatorsDrawOnlyFromTheirStream() {
        for (Workload w : new Workload[] {Workloads.seedA(), Workloads.seedB(), Workloads.seedA().poisson()}) {
            Trace a = w.generate(new SplitMix64(5));
            Trace b = w.generate(new SplitMix64(5));
            Trace c = w.generate(new SplitMix64(6));
            assertThat(b.rates()).containsExactly(a.rates());
            assertThat(c.rates()).isNotEqualTo(a.rates());
        }
    }

    @Test
    void seedBStaysInUnitIntervalWithSpikes() {
        Trace t = Workloads.seedB().generate(new SplitMix64(1));
        assertThat(t.length()).isEqualTo(4320);
        for (double r : t.rates()) {
            assertThat(r).isBetween(0.0, 1.0);
        }
        assertThat(t.meanRate()).isCloseTo(0.4, within(0.03));
    }

    @Test
    void flashCrowdRampsHoldsAndDecays() {
        Trace t = Workloads.flashCrowd(100, 60, 10, 5, 10, 5, 10, 3).generate(new SplitMix64(1));
        assertThat(t.rate(9)).isEqualTo(10);
        assertThat(t.rate(14)).isEqualTo(50);
        assertThat(t.rate(24)).isEqualTo(50);
        assertThat(t.rate(27)).isCloseTo(10 + 40 * 0.5, within(1e-9));
        assertThat(t.rate(99)).isCloseTo(10, within(1e-5));
    }

    @Test
    void poissonHasTheRightMeanAndVariance() {
        SplitMix64 rng = new SplitMix64(3);
        for (double mean : new double[] {0.7, 4, 25, 1000}) {
            int n = 200_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = Poisson.sample(rng, mean);
                s += k;
                s2 += (double) k * k;
            }
            double m = s / n;
            double v = s2 / n - m * m;
            assertThat(m).isCloseTo(mean, within(5 * Math.sqrt(mean / n)));
            assertThat(v).isCloseTo(mean, within(0.03 * mean + 0.01));
        }
    }

    @Test
    void scalingMapsShapesToRequestsPerSecond() {
        Trace t = Workloads.seedB().scaled(200).generate(new SplitMix64(2));
        assertThat(t.peakRate()).isLessThanOrEqualTo(200);
        assertThat(t.meanRate()).isCloseTo(80.0, within(6.0));
    }
}
