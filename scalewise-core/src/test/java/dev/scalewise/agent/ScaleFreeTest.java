package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.oracle.NeedTable;
import dev.scalewise.oracle.Oracle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scale-free observation, state and actions ({@code POLICY.md}). */
class ScaleFreeTest {
    private static final EnvSpec SPEC = new EnvSpec(60, 20, 0.25, 1, 5000, 120, 0.1);

    /** An episode of observations; every rate, instance count and backlog multiplied by {@code k}. */
    private static Observation[] episode(int k) {
        double[] rates = {100, 104, 110, 118, 117, 125, 140, 160, 150, 142, 150, 155, 149, 171, 190, 185, 150};
        int[] ready = {7, 7, 7, 7, 8, 8, 8, 9, 10, 10, 10, 10, 11, 11, 11, 12, 12};
        int[] booting = {0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0};
        Observation[] out = new Observation[rates.length];
        for (int t = 0; t < rates.length; t++) {
            double r = k * rates[t];
            double prev = k * rates[Math.max(0, t - 1)];
            double backlog = t == 7 ? 40.0 * k : 0;
            out[t] = new Observation(t, r, prev, k * ready[t], k * booting[t], r / (k * ready[t] * 20.0), 0.1, backlog,
                    0, 20, r * 1.08);
        }
        return out;
    }

    @Test
    void featuresOfAScenarioScaledTenTimesAreIdenticalButForThePoolingInHeadroom() {
        ScaleFreeFeatures small = new ScaleFreeFeatures();
        ScaleFreeFeatures large = new ScaleFreeFeatures();
        small.reset(SPEC);
        large.reset(SPEC);
        Observation[] a = episode(1);
        Observation[] b = episode(10);
        double[] fa = new double[small.dimension()];
        double[] fb = new double[large.dimension()];
        List<String> names = List.of(small.names());
        int headroom = names.indexOf("headroom");
        for (int t = 0; t < a.length; t++) {
            small.encode(a[t], SPEC, fa);
            large.encode(b[t], SPEC, fb);
            for (int i = 0; i < fa.length; i++) {
                assertThat(Double.isFinite(fa[i])).isTrue();
                if (i != headroom) {
                    assertThat(fb[i]).as("%s at step %d", names.get(i), t).isCloseTo(fa[i], within(1e-12));
                }
            }
            // Ten times the service at the same utilization is safer (Erlang pooling): never less headroom.
            assertThat(fb[headroom]).isGreaterThanOrEqualTo(fa[headroom] - 1e-12);
        }
        assertThat(names).containsExactly("load_ratio", "headroom", "trend", "trend_long", "forecast_ratio",
                "volatility", "booting_share", "backlog_seconds", "calm", "boot_steps");
    }

    @Test
    void tabularStateIgnoresScaleExceptThroughTheQueueingMinimum() {
        ScaleFreeEncoder e = ScaleFreeEncoder.defaults();
        assertThat(e.size()).isEqualTo(810);
        // Same headroom over the queueing minimum at both scales: identical state.
        for (int k : new int[] {1, 10, 100}) {
            double rate = 150.0 * k;
            int need = NeedTable.of(SPEC).need(rate);
            int instances = (int) Math.floor(need * 1.15);
            Observation o = new Observation(3, rate, rate / 1.05, instances, 0, rate / (instances * 20.0), 0.1, 0, 0,
                    20, rate);
            assertThat(e.describe(e.encode(o, SPEC))).startsWith("headroom=[0.1,0.2)").contains("trend=rising");
        }
        // Same instances-to-rate ratio at ten times the scale: the same load bin, trend, forecast and booting bits.
        Observation[] a = episode(1);
        Observation[] b = episode(10);
        for (int t = 0; t < a.length; t++) {
            String sa = e.describe(e.encode(a[t], SPEC));
            String sb = e.describe(e.encode(b[t], SPEC));
            assertThat(sb.substring(sb.indexOf(" load="))).isEqualTo(sa.substring(sa.indexOf(" load=")));
        }
    }

    /**
     * The trend noise gate (round seven's variant of the residual agent's state): a rise of 3.4% between two minutes
     * of 870 and 900 arrivals is within one standard deviation of their Poisson noise (4.7%), so the gated state reads
     * "stable" where the plain 3% threshold reads "rising"; the same rise at 100 times the traffic (0.47%) is a trend
     * for both, as is a rise of 10% at the small scale. Without the gate the definition is the one saved before it
     * existed; with it the definition carries {@code trend_noise_z} and reads back into the same states.
     */
    @Test
    void theTrendNoiseGateCallsARiseWithinThePoissonNoiseStable() {
        ScaleFreeEncoder plain = ScaleFreeEncoder.defaults();
        ScaleFreeEncoder gated = plain.withTrendNoiseGate(1);
        assertThat(gated.size()).isEqualTo(plain.size());
        assertThat(gated.trendNoiseZ()).isEqualTo(1);
        assertThat(plain.definition().parameters()).doesNotContainKey("trend_noise_z");
        assertThat(gated.definition().parameters()).containsEntry("trend_noise_z", List.of(1.0));
        // 60 s steps: 15 req/s is 900 arrivals, 14.5 req/s 870
        Observation small = new Observation(5, 15, 14.5, 2, 0, 15 / 40.0, 0.05, 0, 0, 20, 15);
        Observation large = new Observation(5, 1500, 1450, 100, 0, 1500 / 2000.0, 0.05, 0, 0, 20, 1500);
        Observation smallTenPct = new Observation(5, 15, 13.6, 2, 0, 15 / 40.0, 0.05, 0, 0, 20, 15);
        assertThat(plain.describe(plain.encode(small, SPEC))).contains("trend=rising");
        assertThat(gated.describe(gated.encode(small, SPEC))).contains("trend=stable");
        assertThat(gated.encode(small, SPEC)).isNotEqualTo(plain.encode(small, SPEC));
        assertThat(gated.encode(large, SPEC)).isEqualTo(plain.encode(large, SPEC));
        assertThat(gated.describe(gated.encode(large, SPEC))).contains("trend=rising");
        assertThat(gated.describe(gated.encode(smallTenPct, SPEC))).contains("trend=rising");
        ScaleFreeEncoder read = (ScaleFreeEncoder) StateEncoders.fromDefinition(gated.definition());
        assertThat(read.trendNoiseZ()).isEqualTo(1);
        for (Observation o : new Observation[] {small, large, smallTenPct}) {
            assertThat(read.encode(o, SPEC)).isEqualTo(gated.encode(o, SPEC));
        }
        assertThat(((ScaleFreeEncoder) StateEncoders.fromDefinition(plain.definition())).trendNoiseZ()).isZero();
        // the gate survives leaving the forecast direction out
        assertThat(gated.withoutForecastDirection().trendNoiseZ()).isEqualTo(1);
        assertThatThrownBy(() -> plain.withTrendNoiseGate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trend_noise_z");
    }

    /**
     * The bins without the forecast direction (round five's variant of the residual agent's state). An
     * observation whose forecast says "falling" and its copy whose forecast says "flat" are one state (two with the
     * direction); scale x10 still gives identical states, overload still its own bin; the definition reads back.
     */
    @Test
    void withoutTheForecastDirectionTheForecastNoLongerSplitsTheState() {
        ScaleFreeEncoder full = ScaleFreeEncoder.defaults();
        ScaleFreeEncoder e = full.withoutForecastDirection();
        assertThat(e.size()).isEqualTo(270);
        assertThat(e.forecastDirection()).isFalse();
        assertThat(full.forecastDirection()).isTrue();
        // a falling forecast leaves the demand (the highest of the forecast and the last two rates) and so the
        // headroom as they are: only the direction bin can tell these apart
        Observation falling = new Observation(3, 150, 150, 10, 0, 0.75, 0.1, 0, 0, 20, 150 * 0.7);
        Observation flat = new Observation(3, 150, 150, 10, 0, 0.75, 0.1, 0, 0, 20, 150);
        assertThat(full.encode(falling, SPEC)).isNotEqualTo(full.encode(flat, SPEC));
        assertThat(e.encode(falling, SPEC)).isEqualTo(e.encode(flat, SPEC));
        assertThat(e.describe(e.encode(falling, SPEC))).doesNotContain("forecast=").contains("trend=stable");
        assertThat(full.describe(full.encode(falling, SPEC))).contains("forecast=falling");
        assertThat(e.encodeFeatures(0.1, 0.75, 0, 0.3, false)).isEqualTo(e.encodeFeatures(0.1, 0.75, 0, -0.3, false));
        Observation[] a = episode(1);
        Observation[] b = episode(10);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int t = 0; t < a.length; t++) {
            String sa = e.describe(e.encode(a[t], SPEC));
            String sb = e.describe(e.encode(b[t], SPEC));
            assertThat(sb.substring(sb.indexOf(" load="))).isEqualTo(sa.substring(sa.indexOf(" load=")));
            assertThat(e.encode(a[t], SPEC)).isBetween(0, e.size() - 1);
            seen.add(e.encode(a[t], SPEC));
        }
        assertThat(seen.size()).isGreaterThan(3);
        Observation busy = new Observation(3, 198, 198, 10, 0, 0.99, 0.2, 0, 0, 20, 198);
        Observation overloaded = new Observation(3, 300, 300, 10, 0, 1.0, 30, 0, 0, 20, 300);
        assertThat(e.encode(overloaded, SPEC)).isNotEqualTo(e.encode(busy, SPEC));
        // the definition says so, and rebuilds the same encoder; the default's definition is unchanged
        assertThat(e.definition().parameters()).containsEntry("forecast_direction", List.of(0.0));
        assertThat(full.definition().parameters()).doesNotContainKey("forecast_direction");
        StateEncoder back = StateEncoders.fromDefinition(e.definition());
        assertThat(back.size()).isEqualTo(270);
        assertThat(back.definition()).isEqualTo(e.definition());
        assertThat(back.encode(falling, SPEC)).isEqualTo(e.encode(falling, SPEC));
        assertThat(StateEncoders.fromDefinition(full.definition()).size()).isEqualTo(810);
        java.util.Map<String, List<Double>> bad = new java.util.HashMap<>(e.definition().parameters());
        bad.put("forecast_direction", List.of(2.0));
        assertThatThrownBy(() -> StateEncoders.fromDefinition(new EncoderDefinition(ScaleFreeEncoder.TYPE, bad)))
                .hasMessageContaining("'forecast_direction' must be 0 (left out) or 1, got 2.0");
    }

    @Test
    void encodingFeatureValuesGivesTheStateOfTheObservationTheyCameFrom() {
        ScaleFreeEncoder e = ScaleFreeEncoder.defaults();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double rate = 10 + r.nextDouble() * 400;
            double previous = rate * (0.8 + 0.4 * r.nextDouble());
            int ready = r.nextInt(0, 30);
            int booting = r.nextInt(0, 3);
            double forecast = rate * (0.7 + 0.6 * r.nextDouble());
            double backlog = r.nextDouble() < 0.2 ? r.nextDouble() * 500 : 0;
            Observation o = new Observation(3, rate, previous, ready, booting, 0.5, 0.1, backlog, 0, 20, forecast);
            int s = e.encode(o, SPEC);
            seen.add(s);
            assertThat(e.encodeFeatures(ScaleFreeFeatures.headroom(o, SPEC), ScaleFreeFeatures.loadRatio(o),
                    rate / previous - 1, forecast / rate - 1, booting > 0)).as("observation %s", o).isEqualTo(s);
        }
        assertThat(seen.size()).as("the sample covers many states").isGreaterThan(150);
    }

    @Test
    void overloadIsVisibleNotFoldedIntoFullUtilization() {
        ScaleFreeEncoder e = ScaleFreeEncoder.defaults();
        Observation busy = new Observation(3, 198, 198, 10, 0, 0.99, 0.2, 0, 0, 20, 198);
        Observation overloaded = new Observation(3, 300, 300, 10, 0, 1.0, 30, 0, 0, 20, 300);
        assertThat(ScaleFreeFeatures.loadRatio(busy)).isEqualTo(0.99);
        assertThat(ScaleFreeFeatures.loadRatio(overloaded)).isEqualTo(1.5);
        assertThat(e.encode(overloaded, SPEC)).isNotEqualTo(e.encode(busy, SPEC));
        assertThat(e.describe(e.encode(overloaded, SPEC))).contains("load=(1.2,inf]");
        assertThat(e.describe(e.encode(busy, SPEC))).contains("load=(0.85,1]");
        ScaleFreeFeatures f = new ScaleFreeFeatures();
        double[] x = new double[f.dimension()];
        f.reset(SPEC);
        f.encode(overloaded, SPEC, x);
        assertThat(x[0]).isEqualTo(1.5);
    }

    @Test
    void calmCountsStepsSinceCapacityChangedAndResetForgetsTheEpisode() {
        ScaleFreeFeatures f = new ScaleFreeFeatures();
        double[] x = new double[f.dimension()];
        f.reset(SPEC);
        f.encode(new Observation(0, 100, 100, 5, 0, 1, 0.1, 0, 0, 20, 100), SPEC, x);
        assertThat(x[8]).isEqualTo(1.0);
        f.encode(new Observation(1, 100, 100, 5, 1, 1, 0.1, 0, 0, 20, 100), SPEC, x);
        assertThat(x[8]).isZero();
        f.encode(new Observation(2, 100, 100, 6, 0, 0.83, 0.1, 0, 0, 20, 100), SPEC, x);
        assertThat(x[8]).isEqualTo(1 / 30.0);
        f.reset(SPEC);
        f.encode(new Observation(0, 50, 50, 2, 0, 1.25, 0.1, 0, 0, 20, 50), SPEC, x);
        assertThat(x[8]).isEqualTo(1.0);
        assertThat(x[3]).isZero();
        assertThat(x[5]).isZero();
    }

    @Test
    void needTableAgreesWithTheOracleEverywhere() {
        EnvConfig cfg = EnvConfig.defaults();
        NeedTable t = NeedTable.of(cfg);
        for (double rate = 0; rate < 4000; rate = rate * 1.07 + 0.37) {
            assertThat(t.need(rate)).as("rate %s", rate).isEqualTo(Oracle.requiredInstances(rate, cfg));
        }
        assertThatThrownBy(() -> t.need(Double.NaN)).hasMessageContaining("rate must be a finite number");
    }

    @Test
    void headroomTargetsProvisionTheQueueingMinimumTimesOnePlusTheMargin() {
        ActionSet set = ActionSet.of(List.of(0), List.of(0.0, 0.1, 0.5));
        assertThat(set.size()).isEqualTo(4);
        double rate = 410;
        int need = Oracle.requiredInstances(rate, EnvConfig.defaults());
        Observation o = new Observation(5, 380, 370, 12, 2, 0.9, 0.1, 0, 0, 20, rate);
        assertThat(set.delta(0, o, SPEC)).isZero();
        assertThat(set.delta(1, o, SPEC)).isEqualTo(need - 14);
        assertThat(set.delta(2, o, SPEC)).isEqualTo((int) Math.ceil(need * 1.1 - 1e-9) - 14);
        assertThat(set.delta(3, o, SPEC)).isEqualTo((int) Math.ceil(need * 1.5 - 1e-9) - 14);
        assertThat(set.label(3)).isEqualTo("h=+50%");
        // clamped to the bounds
        EnvSpec tight = new EnvSpec(60, 20, 0.25, 1, 20, 120, 0.1);
        assertThat(set.delta(3, o, tight)).isEqualTo(20 - 14);
        assertThatThrownBy(() -> set.delta(2)).hasMessageContaining("headroom target");
        // Inside the band [ceil(need x 1.1), floor(need x 1.5)] margin 10% holds; above it, it comes down to its top.
        int inside = (int) Math.ceil(need * 1.3);
        Observation in = new Observation(5, 380, 370, inside, 0, 0.9, 0.1, 0, 0, 20, rate);
        assertThat(set.delta(2, in, SPEC)).isZero();
        Observation above = new Observation(5, 380, 370, 3 * need, 0, 0.3, 0.1, 0, 0, 20, rate);
        assertThat(set.delta(2, above, SPEC)).isEqualTo((int) Math.floor(need * 1.5 + 1e-9) - 3 * need);
        // the largest margin's band tops out at 1.25 (1 + h)
        assertThat(set.delta(3, above, SPEC)).isEqualTo((int) Math.floor(need * 1.875 + 1e-9) - 3 * need);
        assertThat(ActionSet.unit().margins()).isEmpty();
    }

    @Test
    void modelsWithHeadroomTargetsRoundTripAndAct() {
        ActionSet set = ActionSet.of(List.of(0), List.of(0.0, 0.2));
        Agent agent = Agents.create("q-learning", ScaleFreeEncoder.defaults().size(), set, 0.1, 0.9);
        ScaleFreeEncoder enc = ScaleFreeEncoder.defaults();
        Observation o = new Observation(5, 380, 370, 12, 0, 0.9, 0.1, 0, 0, 20, 410);
        int s = enc.encode(o, SPEC);
        agent.tables().get(0).set(s, 2, 1.0);
        byte[] bytes = ModelFile.encode(ModelFile.of(agent, enc, Map.of("seed", "1")));
        ModelFile.SavedModel back = ModelFile.decode(bytes, "mem");
        assertThat(back.actions()).isEqualTo(set);
        assertThat(ModelFile.encode(back)).isEqualTo(bytes);
        GreedyPolicy p = back.policy();
        p.reset(SPEC);
        int need = Oracle.requiredInstances(410, EnvConfig.defaults());
        assertThat(p.act(o)).isEqualTo((int) Math.ceil(need * 1.2 - 1e-9) - 12);
        // Moves-only models keep their bytes: no margins line.
        Agent old = Agents.create("q-learning", SeedAEncoder.defaults().size(), ActionSet.unit(), 0.1, 0.9);
        byte[] oldBytes = ModelFile.encode(ModelFile.of(old, SeedAEncoder.defaults(), Map.of()));
        assertThat(new String(oldBytes, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("margins");
        assertThat(ModelFile.decode(oldBytes, "old").actions()).isEqualTo(ActionSet.unit());
    }
    /** Observations of a steady service (5 ready instances) with these rates and forecasts, all scaled by {@code k}. */
    private static Observation[] forecasted(double k, double[] rates, double[] forecasts) {
        Observation[] out = new Observation[rates.length];
        for (int t = 0; t < rates.length; t++) {
            double r = k * rates[t];
            out[t] = new Observation(t, r, k * rates[Math.max(0, t - 1)], (int) (5 * k), 0, r / (5 * k * 20.0), 0.1, 0,
                    0, 20, k * forecasts[t]);
        }
        return out;
    }

    /** The {@code forecast_error} feature of each observation, in order, from a fresh spread encoder. */
    private static double[] forecastErrors(ScaleFreeFeatures f, Observation[] episode) {
        double[] x = new double[f.dimension()];
        double[] out = new double[episode.length];
        f.reset(SPEC);
        for (int t = 0; t < episode.length; t++) {
            f.encode(episode[t], SPEC, x);
            out[t] = x[10];
        }
        return out;
    }

    @Test
    void theSpreadFeatureSetAppendsForecastErrorAndTheDefaultIsUnchanged() {
        assertThat(ScaleFreeFeatures.of(ScaleFreeFeatures.TYPE).names()).isEqualTo(new ScaleFreeFeatures().names());
        ScaleFreeFeatures f = ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE);
        assertThat(f.dimension()).isEqualTo(11);
        assertThat(f.names()[10]).isEqualTo("forecast_error");
        assertThat(f.type()).isEqualTo("scale-free-spread");
        assertThat(new ScaleFreeFeatures().type()).isEqualTo("scale-free");
        assertThatThrownBy(() -> ScaleFreeFeatures.of("spread"))
                .hasMessage("unknown feature set 'spread': expected scale-free or scale-free-spread");
    }

    @Test
    void forecastErrorIsTheMeanRelativeErrorOfTheForecastMadeOneBootDelayEarlier() {
        // SPEC boots in 2 steps: the forecast made at t - 2 is scored against the rate at t
        assertThat(SPEC.bootSteps()).isEqualTo(2);
        double[] rates = {10, 10, 10, 10, 0, 0};
        double[] off = {20, 5, 10, 0, 7, 7};
        // t=2: |10-20|/20 = 0.5; t=3: |10-5|/10 = 0.5; t=4: |0-10|/10 = 1; t=5: both 0, 0
        assertThat(forecastErrors(ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE),
                forecasted(1, rates, off))).containsExactly(new double[] {0, 0, 0.5, 0.5, 2 / 3.0, 0.5},
                within(1e-15));
        double[] accurate = {10, 10, 0, 0, 0, 0}; // each the rate two steps later
        assertThat(forecastErrors(ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE),
                forecasted(1, rates, accurate))).containsOnly(0.0);
    }

    @Test
    void forecastErrorAveragesTheLastFifteenStepsOnly() {
        double[] rates = new double[24];
        double[] forecasts = new double[24];
        java.util.Arrays.fill(rates, 10);
        java.util.Arrays.fill(forecasts, 10);
        java.util.Arrays.fill(forecasts, 0, 5, 0.0); // forecasts 0..4 miss completely: errors at t = 2..6
        double[] e = forecastErrors(ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE), forecasted(1, rates,
                forecasts));
        assertThat(e[6]).isEqualTo(1.0);
        assertThat(e[16]).isCloseTo(5 / 15.0, within(1e-15)); // errors of t = 2..16
        assertThat(e[20]).isCloseTo(1 / 15.0, within(1e-15)); // t = 6..20
        assertThat(e[21]).isZero();
    }

    @Test
    void forecastErrorIsScaleFreeAndResetForgetsIt() {
        double[] rates = {100, 104, 110, 118, 117, 125, 140, 160, 150, 142, 150, 155, 149, 171, 190, 185, 150, 90,
            60, 0, 0, 30};
        double[] forecasts = {90, 130, 100, 150, 120, 90, 180, 140, 160, 100, 170, 140, 120, 200, 150, 220, 100, 60,
            0, 30, 0, 45};
        ScaleFreeFeatures small = ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE);
        ScaleFreeFeatures large = ScaleFreeFeatures.of(ScaleFreeFeatures.SPREAD_TYPE);
        Observation[] a = forecasted(1, rates, forecasts);
        Observation[] b = forecasted(10, rates, forecasts);
        double[] fa = new double[11];
        double[] fb = new double[11];
        small.reset(SPEC);
        large.reset(SPEC);
        for (int t = 0; t < a.length; t++) {
            small.encode(a[t], SPEC, fa);
            large.encode(b[t], SPEC, fb);
            assertThat(fa[10]).isBetween(0.0, 1.0);
            assertThat(fb[10]).as("forecast_error at step %d", t).isEqualTo(fa[10]);
        }
        assertThat(fa[10]).isGreaterThan(0.1);
        // a new episode starts from no errors, and a perfect forecast stays at 0
        small.reset(SPEC);
        for (int t = 0; t < 4; t++) {
            small.encode(new Observation(t, 50, 50, 5, 0, 0.5, 0.1, 0, 0, 20, 50), SPEC, fa);
            assertThat(fa[10]).isZero();
        }
    }
}
