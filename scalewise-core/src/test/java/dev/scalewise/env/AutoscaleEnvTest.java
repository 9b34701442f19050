package dev.scalewise.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.policy.ThresholdPolicy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AutoscaleEnvTest {

    private static AutoscaleEnv diurnalEnv() {
        Workload w = Workloads.diurnal(500, 60, 100, 80, 250, 10);
        return new AutoscaleEnv(EnvConfig.defaults(), w, CostSlaReward.defaults());
    }

    private static List<StepInfo> rollout(AutoscaleEnv env, long seed, long actionSeed, int steps) {
        env.reset(seed);
        SplittableRandom actions = new SplittableRandom(actionSeed);
        List<StepInfo> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            StepResult r = env.step(actions.nextInt(-2, 3));
            out.add(r.info());
            if (r.done()) {
                break;
            }
        }
        return out;
    }

    @Test
    void sameSeedSameStepsOtherSeedOtherSteps() {
        AutoscaleEnv env = diurnalEnv();
        List<StepInfo> a = rollout(env, 11, 5, 400);
        List<StepInfo> b = rollout(env, 11, 5, 400);
        List<StepInfo> c = rollout(env, 12, 5, 400);
        assertThat(a).hasSize(400);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).arrivalRate()).isEqualTo(a.get(i).arrivalRate());
            assertThat(b.get(i).p95()).isEqualTo(a.get(i).p95());
            assertThat(b.get(i).costUsd()).isEqualTo(a.get(i).costUsd());
            assertThat(b.get(i).rewardTerms()).containsExactly(a.get(i).rewardTerms());
        }
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            differs |= a.get(i).arrivalRate() != c.get(i).arrivalRate();
        }
        assertThat(differs).isTrue();
    }

    @Test
    void conservationAndFiniteInfoOverALongRandomRun() {
        Workload w = Workloads.diurnal(100_000, 60, 200, 180, 1440, 30);
        EnvConfig cfg = EnvConfig.defaults().withQueueLimit(2000)
                .withCluster(new ClusterConfig(0, 40, 5, 120, 0.1, 60));
        AutoscaleEnv env = new AutoscaleEnv(cfg, w, CostSlaReward.defaults());
        env.reset(3);
        SplittableRandom actions = new SplittableRandom(9);
        double backlog = 0;
        double arrived = 0;
        double served = 0;
        double dropped = 0;
        int steps = 0;
        while (true) {
            StepResult r = env.step(actions.nextInt(-3, 4));
            StepInfo s = r.info();
            assertThat(s.served() + s.dropped() + s.backlog()).isCloseTo(s.arrived() + backlog,
                    within(1e-9 * Math.max(1, s.arrived() + backlog)));
            assertThat(Double.isFinite(s.p99()) && Double.isFinite(s.utilization()) && Double.isFinite(s.reward())).isTrue();
            backlog = s.backlog();
            arrived += s.arrived();
            served += s.served();
            dropped += s.dropped();
            steps++;
            if (r.done()) {
                assertThat(r.truncated()).isTrue();
                assertThat(r.terminated()).isFalse();
                break;
            }
        }
        assertThat(steps).isEqualTo(100_000);
        assertThat(served + dropped + backlog).isCloseTo(arrived, within(1e-6 * arrived));
    }

    @Test
    void bootDelayIsHonouredInTheEnvironment() {
        Trace flat = new Trace("flat", 60, new double[] {10, 10, 10, 10, 10, 10});
        EnvConfig cfg = EnvConfig.defaults().withPoissonArrivals(false)
                .withCluster(new ClusterConfig(1, 10, 1, 150, 0.1, 0));
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(flat), CostSlaReward.defaults());
        env.reset(1);
        StepResult s0 = env.step(+1); // requested at step 0, ready from ceil(150/60) = 3
        assertThat(s0.info().ready()).isEqualTo(1);
        assertThat(s0.info().booting()).isEqualTo(1);
        assertThat(s0.info().costUsd()).isCloseTo(2 * 60 * 0.1 / 3600, within(1e-15));
        assertThat(env.step(0).info().ready()).isEqualTo(1);
        assertThat(env.step(0).info().ready()).isEqualTo(1);
        assertThat(env.step(0).info().ready()).isEqualTo(2);
    }

    @Test
    void clampIsReportedInInfo() {
        Trace flat = new Trace("flat", 60, new double[] {1, 1, 1});
        EnvConfig cfg = EnvConfig.defaults().withCluster(new ClusterConfig(1, 3, 2, 0, 0.1, 0));
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(flat), CostSlaReward.defaults());
        env.reset(1);
        StepInfo s = env.step(+5).info();
        assertThat(s.requestedDelta()).isEqualTo(5);
        assertThat(s.appliedDelta()).isEqualTo(1);
        assertThat(s.clamp()).isEqualTo(dev.scalewise.cluster.Clamp.MAX);
    }

    @Test
    void snapshotRestoreReplaysBitIdentically() {
        AutoscaleEnv env = diurnalEnv();
        env.reset(77);
        for (int i = 0; i < 50; i++) {
            env.step(i % 3 - 1);
        }
        AutoscaleEnv.Snapshot snap = env.snapshot();
        List<StepInfo> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(env.step((i * 7) % 5 - 2).info());
        }
        env.restore(snap);
        for (int i = 0; i < 100; i++) {
            StepInfo again = env.step((i * 7) % 5 - 2).info();
            assertThat(again.arrivalRate()).isEqualTo(first.get(i).arrivalRate());
            assertThat(again.p95()).isEqualTo(first.get(i).p95());
            assertThat(again.reward()).isEqualTo(first.get(i).reward());
            assertThat(again.ready()).isEqualTo(first.get(i).ready());
        }
    }

    /**
     * With a forecaster the snapshot carries the rate history it forecasts from, and a restore replays the
     * observations' forecasts bit for bit; without one the snapshot carries none (nothing reads it), and a
     * forecasting environment refuses such a snapshot.
     */
    @Test
    void snapshotsCarryTheRateHistoryExactlyWhenAForecasterReadsIt() {
        Workload w = Workloads.diurnal(500, 60, 100, 80, 250, 10);
        // a forecaster that reads the whole history: a mean of every rate seen, weighted by position
        DemandForecast all = (history, count, horizon) -> {
            double s = 0;
            for (int i = 0; i < count; i++) {
                s += history[i] * (i + 1);
            }
            return s / ((double) count * (count + 1) / 2) + horizon;
        };
        AutoscaleEnv env = new AutoscaleEnv(EnvConfig.defaults(), w, CostSlaReward.defaults(),
                ServiceRateProfile.constant(), all);
        env.reset(5);
        for (int i = 0; i < 60; i++) {
            env.step(i % 3 - 1);
        }
        AutoscaleEnv.Snapshot snap = env.snapshot();
        assertThat(snap.history()).isNotNull();
        List<Observation> first = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            first.add(env.step((i * 5) % 3 - 1).observation());
        }
        env.restore(snap);
        for (int i = 0; i < 80; i++) {
            assertThat(env.step((i * 5) % 3 - 1).observation()).isEqualTo(first.get(i));
        }

        AutoscaleEnv plain = diurnalEnv();
        plain.reset(5);
        for (int i = 0; i < 60; i++) {
            plain.step(i % 3 - 1);
        }
        AutoscaleEnv.Snapshot bare = plain.snapshot();
        assertThat(bare.history()).isNull();
        assertThatThrownBy(() -> env.restore(bare)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rate history");
        // a fresh environment without a forecaster takes it and runs on to the episode's end
        AutoscaleEnv other = diurnalEnv();
        other.restore(bare);
        List<StepInfo> a = new ArrayList<>();
        StepResult r;
        do {
            r = other.step(0);
            a.add(r.info());
        } while (!r.done());
        plain.restore(bare);
        for (StepInfo s : a) {
            assertThat(plain.step(0).info()).usingRecursiveComparison().isEqualTo(s);
        }
        assertThat(a).hasSize(500 - 60);
    }

    @Test
    void invalidConfigurationFailsAtConstruction() {
        assertThatThrownBy(() -> EnvConfig.defaults().withServiceRate(-2)).hasMessageContaining("serviceRate").hasMessageContaining("-2");
        assertThatThrownBy(() -> EnvConfig.defaults().withStepSeconds(0)).hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> EnvConfig.defaults().withSloSeconds(Double.NaN)).hasMessageContaining("sloSeconds");
        assertThatThrownBy(() -> new Trace("bad", 60, new double[] {1, Double.NaN})).hasMessageContaining("rates[1]").hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Trace("bad", 60, new double[] {1, -3})).hasMessageContaining("rates[1]").hasMessageContaining("-3");
        assertThatThrownBy(() -> Workloads.diurnal(10, 60, -5, 1, 10, 1)).hasMessageContaining("diurnal.base").hasMessageContaining("-5");
        assertThatThrownBy(() -> new ThresholdPolicy(0.3, 0.5, 1, 300)).hasMessageContaining("lower");
    }

    @Test
    void thresholdPolicyRunsAndKeepsTheServiceMostlyCompliant() {
        AutoscaleEnv env = diurnalEnv();
        var kpis = dev.scalewise.experiment.Episodes.run(env, ThresholdPolicy.defaults(), 5, null);
        assertThat(kpis.steps()).isEqualTo(500);
        assertThat(kpis.costUsd()).isPositive();
        assertThat(kpis.slaCompliancePct()).isBetween(0.0, 100.0);
    }
}
