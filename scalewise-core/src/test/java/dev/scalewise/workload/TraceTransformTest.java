package dev.scalewise.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Resampling, slicing, splitting and scaling preserve what they must. */
class TraceTransformTest {

    private static Trace randomTrace(int n, double step, long seed, boolean tokens) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] rates = new double[n];
        double[] p = new double[n];
        double[] o = new double[n];
        for (int i = 0; i < n; i++) {
            rates[i] = rnd.nextInt(50) / step;
            p[i] = rnd.nextInt(5000);
            o[i] = rnd.nextInt(500);
        }
        return new Trace("r", step, rates, Instant.parse("2020-01-01T00:00:00Z"),
                tokens ? new Trace.TokenSeries(p, o) : null, List.of(new Trace.Gap(10, 20, "test gap")));
    }

    @Test
    void resamplingPreservesTotalsForIntegerAndNonIntegerRatios() {
        Trace t = randomTrace(1000, 1, 1, true);
        for (double step : new double[] {1, 2, 7, 60, 0.5, 1.5, 2.5, 13.3, 999, 5000}) {
            Trace r = t.resample(step);
            assertThat(r.totalRequests()).as("step " + step).isCloseTo(t.totalRequests(), within(1e-6 * t.totalRequests()));
            assertThat(sum(r.tokens().orElseThrow().promptTokens()))
                    .isCloseTo(sum(t.tokens().orElseThrow().promptTokens()), within(1e-3));
            assertThat(r.length()).isEqualTo((int) Math.ceil(1000 / step - 1e-9));
            assertThat(r.gaps()).anyMatch(g -> g.reason().equals("test gap"));
        }
    }

    @Test
    void resamplingSumsCountsAndFlagsAPartialLastStep() {
        Trace t = new Trace("t", 1, new double[] {1, 2, 3, 4, 5});
        Trace r = t.resample(2);
        assertThat(r.counts()).containsExactly(3, 7, 5);
        assertThat(r.rates()).containsExactly(1.5, 3.5, 2.5);
        assertThat(r.gaps()).singleElement().satisfies(g -> {
            assertThat(g.fromStep()).isEqualTo(2);
            assertThat(g.reason()).contains("partly covered");
        });
        Trace up = t.resample(0.5);
        assertThat(up.counts()).containsExactly(0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2, 2.5, 2.5);
        assertThat(t.resample(1)).isSameAs(t);
        assertThatThrownBy(() -> t.resample(0)).hasMessageContaining("stepSeconds must be a positive finite number");
    }

    /** A trace remembers its last resampling: asked again for that step, the same trace; another step, another. */
    @Test
    void resamplingAgainToTheSameStepGivesTheSameTrace() {
        Trace t = randomTrace(1000, 1, 9, true);
        Trace r60 = t.resample(60);
        assertThat(t.resample(60)).isSameAs(r60);
        Trace r30 = t.resample(30);
        assertThat(r30).isNotSameAs(r60);
        assertThat(r30.stepSeconds()).isEqualTo(30);
        Trace again = t.resample(60);
        Trace fresh = Resampler.resample(t, 60);
        assertThat(again.rates()).isEqualTo(fresh.rates()).isEqualTo(r60.rates());
        assertThat(again.gaps()).isEqualTo(fresh.gaps());
        assertThat(again.tokens().orElseThrow().promptTokens()).isEqualTo(fresh.tokens().orElseThrow().promptTokens());
        assertThat(t.resample(60)).isSameAs(again);
    }

    @Test
    void splitsAreChronologicalDisjointAndCoverTheTrace() {
        Trace t = randomTrace(1001, 60, 2, false);
        TraceSplit s = TraceSplit.chronological(t, 0.6, 0.2);
        assertThat(s.train().length() + s.validation().length() + s.test().length()).isEqualTo(1001);
        assertThat(s.train().length()).isEqualTo(600);
        assertThat(s.validation().length()).isEqualTo(200);
        assertThat(s.validationFrom()).isEqualTo(600);
        assertThat(s.testFrom()).isEqualTo(800);
        assertThat(s.train().rate(599)).isEqualTo(t.rate(599));
        assertThat(s.validation().rate(0)).isEqualTo(t.rate(600));
        assertThat(s.test().rate(0)).isEqualTo(t.rate(800));
        assertThat(s.train().end().orElseThrow()).isEqualTo(s.validation().start().orElseThrow());
        assertThat(s.validation().end().orElseThrow()).isEqualTo(s.test().start().orElseThrow());
        assertThat(s.train().totalRequests() + s.validation().totalRequests() + s.test().totalRequests())
                .isCloseTo(t.totalRequests(), within(1e-6));
        assertThat(s.test().name()).isEqualTo("r/test");
        assertThatThrownBy(() -> TraceSplit.chronological(t, 0.8, 0.2)).hasMessageContaining("leave a test part");
        assertThatThrownBy(() -> TraceSplit.chronological(new Trace("tiny", 1, new double[] {1, 2}), 0.5, 0.2))
                .hasMessageContaining("too few");
    }

    @Test
    void slicingByTime() {
        Trace t = randomTrace(100, 60, 3, false);
        Trace s = t.sliceSeconds(600, 1200);
        assertThat(s.length()).isEqualTo(10);
        assertThat(s.rate(0)).isEqualTo(t.rate(10));
        Trace b = t.between(Instant.parse("2020-01-01T00:10:00Z"), Instant.parse("2020-01-01T00:20:00Z"));
        assertThat(b.rates()).containsExactly(s.rates());
        assertThat(b.start()).contains(Instant.parse("2020-01-01T00:10:00Z"));
        assertThat(b.gaps()).singleElement().satisfies(g -> assertThat(g.fromStep()).isZero());
        assertThatThrownBy(() -> t.sliceSeconds(1e9, 2e9)).hasMessageContaining("after the end");
    }

    @Test
    void scalingToAPeakOrToInstances() {
        Trace t = new Trace("t", 60, new double[] {1, 4, 2});
        assertThat(TraceScaling.toPeakRate(t, 100).peakRate()).isCloseTo(100, within(1e-12));
        assertThat(TraceScaling.toMeanRate(t, 7).meanRate()).isCloseTo(7, within(1e-12));
        Trace inst = TraceScaling.toPeakInstances(t, 20, 10, 0.7);
        assertThat(inst.peakRate()).isCloseTo(140, within(1e-9));
        assertThat(TraceScaling.apply(t, "x2", TokenServiceModel.DEFAULT).rates()).containsExactly(2, 8, 4);
        assertThat(TraceScaling.apply(t, "peak-instances=20,mu=10,util=0.7", TokenServiceModel.DEFAULT).peakRate())
                .isCloseTo(140, within(1e-9));
        assertThat(TraceScaling.apply(t, "peak=8", TokenServiceModel.DEFAULT).peakRate()).isCloseTo(8, within(1e-12));
        assertThatThrownBy(() -> TraceScaling.apply(t, "peak=lots", TokenServiceModel.DEFAULT)).hasMessageContaining("bad scale");
        assertThatThrownBy(() -> TraceScaling.apply(t, "peak-instances=3", TokenServiceModel.DEFAULT)).hasMessageContaining("no tokens");
        assertThatThrownBy(() -> TraceScaling.toPeakRate(new Trace("z", 1, new double[] {0}), 5)).hasMessageContaining("no requests");
    }

    @Test
    void tokenServiceRateIsTheInverseMeanDemandOfTheStepsRequests() {
        Trace t = new Trace("llm", 1, new double[] {2, 0, 1}, null,
                new Trace.TokenSeries(new double[] {2000, 0, 500}, new double[] {400, 0, 100}), List.of());
        TokenServiceModel m = new TokenServiceModel(1e-4, 5e-4);
        // step 0: two requests, work 0.2 + 0.2 = 0.4 s, mean demand 0.2 s
        assertThat(m.serviceRate(t, 0, 99)).isCloseTo(5, within(1e-12));
        assertThat(m.serviceRate(t, 1, 99)).isEqualTo(99);
        assertThat(m.serviceRate(t, 2, 99)).isCloseTo(1 / 0.1, within(1e-12));
        assertThat(m.meanServiceRate(t, 99)).isCloseTo(3 / 0.5, within(1e-12));
        assertThat(m.serviceRate(new Trace("plain", 1, new double[] {3}), 0, 7)).isEqualTo(7);
        assertThatThrownBy(() -> new TokenServiceModel(-1, 0)).hasMessageContaining("prefillSecondsPerToken");
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    @Test
    void aWindowCarriesTheRatesBeforeItThroughScalingButNotThroughASlice() {
        Trace t = new Trace("t", 60, new double[] {1, 2, 3, 4, 5, 6});
        Trace w = t.window(3, 5, 2);
        assertThat(w.rates()).containsExactly(4, 5);
        assertThat(w.preceding()).containsExactly(2, 3);
        assertThat(t.window(3, 5, 10).preceding()).containsExactly(1, 2, 3); // what is available
        assertThat(t.window(0, 2, 10).precedingLength()).isZero();            // nothing before the first step
        assertThat(t.window(3, 5, 0).precedingLength()).isZero();
        assertThat(w.scaled(10).preceding()).containsExactly(20, 30);
        assertThat(w.named("x").withStart(Instant.EPOCH).preceding()).containsExactly(2, 3);
        assertThat(w.slice(0, 1).precedingLength()).isZero();
        assertThat(w.precedingWithRoom(2)).containsExactly(2, 3, 0, 0);
        assertThat(t.precedingLength()).isZero();
        assertThatThrownBy(() -> w.withPreceding(new double[] {1, -1}))
                .hasMessageContaining("preceding rates[1] must be a finite number >= 0");
        assertThatThrownBy(() -> t.window(3, 5, -1)).hasMessageContaining("precedingSteps");
    }
}
