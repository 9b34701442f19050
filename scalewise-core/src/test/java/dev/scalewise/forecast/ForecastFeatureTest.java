package dev.scalewise.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.env.ServiceRateProfile;
import dev.scalewise.env.StepResult;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastFeatureTest {

    private static double[] diurnal(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 100 + 60 * Math.sin(2 * Math.PI * t / 96) + 5 * r.nextDouble();
        }
        return x;
    }

    private static Forecaster fitted(String name) {
        Forecaster f = ForecasterRegistry.standard().create(name, ForecasterConfig.of(96, 3, 1));
        f.fit(diurnal(400, 9), new double[0]);
        return f;
    }

    @Test
    void equalsTheBatchForecastStepByStepAndAcrossEpisodes() {
        for (String name : List.of("naive", "ewma", "holt", "holt-winters-add", "sma")) {
            Forecaster f = fitted(name);
            ForecastFeature feature = ForecastFeature.of(f);
            for (int episode = 0; episode < 2; episode++) {
                double[] series = diurnal(300, 100 + episode);
                double[] history = new double[series.length]; // the env fills its array one value per step
                for (int count = 1; count <= series.length; count++) {
                    history[count - 1] = series[count - 1];
                    int h = count == 1 ? 1 : 2;
                    double[] batch = f.forecast(series, count, h);
                    assertThat(feature.forecast(history, count, h)).as(name + " at " + count)
                            .isCloseTo(batch[h - 1], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(batch[h - 1]))));
                }
            }
            assertThat(feature.rebuilds()).as(name + ": one stream per episode").isEqualTo(2);
        }
    }

    @Test
    void aFixedHorizonReplacesTheCallersAndARewrittenPrefixRestartsTheStream() {
        Forecaster f = fitted("holt");
        ForecastFeature feature = new ForecastFeature(f, 10);
        double[] s = diurnal(50, 3);
        assertThat(feature.forecast(s, 30, 2)).isEqualTo(f.forecast(s, 30, 10)[9]);
        s[29] += 50; // same array, same count, but the last value changed: never reuse a stale state
        assertThat(feature.forecast(s, 30, 2)).isEqualTo(f.forecast(s, 30, 10)[9]);
        assertThat(feature.forecast(s, 20, 2)).isEqualTo(f.forecast(s, 20, 10)[9]);
    }

    private record Run(List<Observation> observations, List<Integer> actions) {
    }

    /** A deterministic rule that reads the forecast: +1 when it is 3% above the rate, -1 when 3% below. */
    private static final class ForecastRule implements Policy {
        @Override
        public String name() {
            return "forecast-rule";
        }

        @Override
        public void reset(dev.scalewise.env.EnvSpec spec) {
        }

        @Override
        public int act(Observation o) {
            return o.forecastRate() > 1.03 * o.arrivalRate() ? 1 : o.forecastRate() < 0.97 * o.arrivalRate() ? -1 : 0;
        }
    }

    private static Run run(AutoscaleEnv env, Policy p, long seed) {
        List<Observation> obs = new ArrayList<>();
        List<Integer> acts = new ArrayList<>();
        Observation o = env.reset(seed);
        p.reset(env.spec());
        while (true) {
            obs.add(o);
            int a = p.act(o);
            acts.add(a);
            StepResult r = env.step(a);
            o = r.observation();
            if (r.done()) {
                obs.add(o);
                return new Run(obs, acts);
            }
        }
    }

    private static AutoscaleEnv env(double[] rates, ForecastFeature feature) {
        return new AutoscaleEnv(EnvConfig.defaults(), Workload.fixed(new Trace("t", 60, rates)),
                CostSlaReward.defaults(), ServiceRateProfile.constant(), feature);
    }

    @Test
    void theEnvironmentsForecastNeverLooksAhead() {
        Forecaster f = fitted("holt-winters-add");
        double[] a = diurnal(240, 5);
        double[] b = a.clone();
        int k = 120;
        for (int t = k; t < b.length; t++) {
            b[t] = 1000 + 7 * t; // a different future
        }
        Run ra = run(env(a, ForecastFeature.of(f)), new ForecastRule(), 11);
        Run rb = run(env(b, ForecastFeature.of(f)), new ForecastRule(), 11);
        // observation i reports the rate of step i - 1: the first k + 1 observations only saw a[0 .. k)
        assertThat(rb.observations().subList(0, k + 1)).isEqualTo(ra.observations().subList(0, k + 1));
        assertThat(rb.actions().subList(0, k + 1)).isEqualTo(ra.actions().subList(0, k + 1));
        assertThat(rb.observations().get(k + 1)).isNotEqualTo(ra.observations().get(k + 1));
        // and the feature is informative: the forecast differs from the current rate
        assertThat(ra.observations().stream().filter(o -> o.forecastRate() != o.arrivalRate()).count()).isGreaterThan(200);
    }

    @Test
    void theWrappingPolicySeesExactlyWhatTheEnvironmentWouldGiveIt() {
        Forecaster f = fitted("holt");
        double[] rates = diurnal(300, 8);
        Run inEnv = run(env(rates, ForecastFeature.of(f)), new ForecastRule(), 4);
        List<Observation> seen = new ArrayList<>();
        ForecastRule rule = new ForecastRule();
        Policy spy = spy(rule, seen);
        ForecastingPolicy wrapped = new ForecastingPolicy(spy, ForecastFeature.of(f));
        AutoscaleEnv plain = new AutoscaleEnv(EnvConfig.defaults(), Workload.fixed(new Trace("t", 60, rates)),
                CostSlaReward.defaults());
        for (int episode = 0; episode < 2; episode++) { // a second episode starts a fresh stream
            seen.clear();
            Run viaWrapper = run(plain, wrapped, 4);
            assertThat(viaWrapper.actions()).isEqualTo(inEnv.actions());
            assertThat(seen).isEqualTo(inEnv.observations().subList(0, seen.size()));
        }
        assertThat(wrapped.name()).isEqualTo("spy");
    }

    @Test
    void refittingLoadForecasterUsesOnlyTheObservedPrefix() {
        RefittingLoadForecaster lf = new RefittingLoadForecaster(ForecasterRegistry.standard(), "holt-winters-add",
                ForecasterConfig.of(96, 48, 0));
        double[] h = diurnal(400, 2);
        double[] garbage = h.clone();
        Arrays.fill(garbage, 300, garbage.length, 1e6);
        double[] f1 = lf.forecast(h, 300, 48);
        double[] f2 = lf.forecast(garbage, 300, 48);
        assertThat(f2).containsExactly(f1);
        assertThat(lf.fits()).isEqualTo(2);
        assertThat(Arrays.stream(f1).allMatch(v -> v >= 0 && Double.isFinite(v))).isTrue();
        // the season is learned: the forecast follows the sine
        double max = Arrays.stream(f1).max().orElseThrow();
        double min = Arrays.stream(f1).min().orElseThrow();
        assertThat(max - min).isGreaterThan(40);
        assertThat(lf.forecast(h, 2, 5)).containsOnly(h[1]);
    }

    /** A stateless policy that reports the forecast it is shown (in req/s x 1000) as its action; copyable. */
    private static final class ForecastEcho implements Policy {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public void reset(dev.scalewise.env.EnvSpec spec) {
        }

        @Override
        public int act(Observation o) {
            return (int) Math.round(o.forecastRate() * 1000);
        }

        @Override
        public Policy fork() {
            return new ForecastEcho();
        }
    }

    @Test
    void aWarmedWrapperForkedAtAnyStepForecastsAsTheOriginalDoes() {
        Forecaster f = fitted("ewma");
        double[] warmup = diurnal(200, 3);
        AutoscaleEnv plain = new AutoscaleEnv(EnvConfig.defaults(), Workload.fixed(new Trace("t", 60,
                diurnal(60, 4))), CostSlaReward.defaults());
        List<Observation> obs = run(plain, new ForecastRule(), 4).observations();
        ForecastingPolicy original = new ForecastingPolicy(new ForecastEcho(), ForecastFeature.of(f), warmup);
        List<Integer> expected = new ArrayList<>();
        original.reset(plain.spec());
        obs.forEach(o -> expected.add(original.act(o)));
        ForecastingPolicy cold = new ForecastingPolicy(new ForecastEcho(), ForecastFeature.of(f));
        cold.reset(plain.spec());
        assertThat(cold.act(obs.get(0))).as("the warm-up changes the first forecast").isNotEqualTo(expected.get(0));
        for (int k : new int[] {0, 1, 17}) {
            original.reset(plain.spec());
            for (int t = 0; t < k; t++) {
                original.act(obs.get(t));
            }
            Policy fork = original.fork();
            for (int t = k; t < obs.size(); t++) {
                assertThat(fork.act(obs.get(t))).as("fork at %d, step %d", k, t).isEqualTo(expected.get(t));
            }
            // a fork that starts a new episode starts it warmed, as the original does
            fork.reset(plain.spec());
            assertThat(fork.act(obs.get(0))).isEqualTo(expected.get(0));
        }
    }

    /**
     * A training window drawn with {@code warmupSteps} carries the rates before it, and the environment's forecaster
     * starts from them: every observation equals what the evaluation's warmed {@link ForecastingPolicy} shows the
     * agent on the same window (docs/training.md, "Round six"); cold (no warm-up) the first forecast is the first
     * rate's.
     */
    @Test
    void aTrainingWindowIsForecastFromTheRatesBeforeItAsTheWarmedWrapperDoes() {
        Forecaster f = fitted("ewma");
        double[] rates = diurnal(500, 6);
        for (int k = 0; k < 100; k++) {
            rates[k] = 20; // a quiet start, so the warmed forecast is far from a window's first rate
        }
        Workload whole = Workload.fixed(new Trace("t", 60, rates));
        java.util.Map<String, Double> params = new java.util.HashMap<>(java.util.Map.of("windowSteps", 100.0,
                "warmupSteps", 1000.0));
        Workload warmed = dev.scalewise.experiment.Scenarios.traceWorkload(whole,
                new dev.scalewise.experiment.WorkloadSpec("trace", params, "t"));
        params.put("warmupSteps", 0.0);
        Workload cold = dev.scalewise.experiment.Scenarios.traceWorkload(whole,
                new dev.scalewise.experiment.WorkloadSpec("trace", params, "t"));
        int checked = 0;
        for (long seed = 1; seed <= 10; seed++) {
            AutoscaleEnv env = new AutoscaleEnv(EnvConfig.defaults(), warmed, CostSlaReward.defaults(),
                    ServiceRateProfile.constant(), ForecastFeature.of(f));
            Run inEnv = run(env, new ForecastRule(), seed);
            Trace window = env.trace();
            double[] before = window.preceding();
            int start = before.length; // warmupSteps 1000 > 500: every rate before the window
            assertThat(window.rates()).containsExactly(Arrays.copyOfRange(rates, start, start + 100));
            assertThat(before).containsExactly(Arrays.copyOfRange(rates, 0, start));
            AutoscaleEnv coldEnv = new AutoscaleEnv(EnvConfig.defaults(), cold, CostSlaReward.defaults(),
                    ServiceRateProfile.constant(), ForecastFeature.of(f));
            Observation coldFirst = coldEnv.reset(seed);
            assertThat(coldEnv.trace().precedingLength()).isZero();
            assertThat(coldFirst.forecastRate()).isCloseTo(f.forecast(new double[] {rates[start]}, 1, 1)[0],
                    org.assertj.core.data.Offset.offset(1e-9));
            if (start == 0) {
                assertThat(inEnv.observations().get(0)).isEqualTo(coldFirst); // nothing before the first step: cold
                continue;
            }
            assertThat(inEnv.observations().get(0).forecastRate()).as("the first forecast is the warmed one")
                    .isCloseTo(f.forecast(before, before.length, 1)[0], org.assertj.core.data.Offset.offset(1e-9));
            if (start > 100) { // after the quiet start: the warmed forecast is not the first rate's
                checked++;
                assertThat(inEnv.observations().get(0).forecastRate())
                        .isNotCloseTo(coldFirst.forecastRate(), org.assertj.core.data.Offset.offset(1e-3));
            }
            // the evaluation's view: a plain environment on the same window, the wrapper warmed with the rates before
            List<Observation> seen = new ArrayList<>();
            ForecastRule rule = new ForecastRule();
            Policy spy = spy(rule, seen);
            AutoscaleEnv plain = new AutoscaleEnv(EnvConfig.defaults(), Workload.fixed(window), CostSlaReward.defaults());
            Run viaWrapper = run(plain, new ForecastingPolicy(spy, ForecastFeature.of(f), before), seed);
            assertThat(viaWrapper.actions()).isEqualTo(inEnv.actions());
            assertThat(seen).isEqualTo(inEnv.observations().subList(0, seen.size()));
        }
        assertThat(checked).as("windows with rates before them").isGreaterThanOrEqualTo(3);
    }

    /** {@code rule} as a policy named "spy" that records every observation it is shown into {@code seen}. */
    private static Policy spy(ForecastRule rule, List<Observation> seen) {
        return new Policy() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public void reset(dev.scalewise.env.EnvSpec spec) {
                rule.reset(spec);
            }

            @Override
            public int act(Observation o) {
                seen.add(o);
                return rule.act(o);
            }
        };
    }
}
