package dev.scalewise.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import org.junit.jupiter.api.Test;

class LegacyEnvTest {

    @Test
    void seedAUtilizationIsLoadOverFivePerInstance() {
        Trace t = new Trace("t", 60, new double[] {7, 12, 3});
        LegacySeedAEnv env = new LegacySeedAEnv(Workload.fixed(t), CostSlaReward.defaults(), 0.1);
        Observation o = env.reset(1);
        assertThat(o.ready()).isEqualTo(1);
        StepResult r = env.step(+1); // 2 instances, capacity 10, load 7
        assertThat(r.info().utilization()).isCloseTo(0.7, within(1e-12));
        r = env.step(-5); // clamped at 1, capacity 5, load 12
        assertThat(r.info().clamp()).isEqualTo(dev.scalewise.cluster.Clamp.MIN);
        assertThat(r.info().utilization()).isCloseTo(12 / 5.0, within(1e-12));
        assertThat(r.info().slaViolated()).isTrue();
        r = env.step(0);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void seedARecordsCarryEveryField() {
        // step() is stepInto + the buffer's records: every field of the observation and the info, by hand
        Trace t = new Trace("t", 60, new double[] {7, 12, 3});
        LegacySeedAEnv env = new LegacySeedAEnv(Workload.fixed(t), CostSlaReward.defaults(), 0.1);
        env.reset(1);
        env.step(+1);
        StepResult r = env.step(-5); // clamped at 1 instance, load 12 after 7
        assertThat(r.observation()).isEqualTo(new Observation(2, 12, 7, 1, 0, 12 / 5.0, 0, 0, 0, 5, 12));
        StepInfo i = r.info();
        assertThat(i.step()).isEqualTo(1);
        assertThat(i.requestedDelta()).isEqualTo(-5);
        assertThat(i.appliedDelta()).isEqualTo(-1);
        assertThat(i.ready()).isEqualTo(1);
        assertThat(i.arrived()).isEqualTo(12 * 60.0);
        assertThat(i.served()).isEqualTo(5 * 60.0);
        assertThat(i.dropped()).isZero();
        assertThat(i.costUsd()).isEqualTo(60 * 0.1 / 3600.0);
        assertThat(i.overloaded()).isTrue();
        assertThat(i.rewardTerms()).hasSize(CostSlaReward.defaults().termNames().size());
        assertThat(i.reward()).isEqualTo(r.reward());
        assertThat(r.truncated()).isFalse();
        assertThat(env.step(0).truncated()).isTrue();
    }

    @Test
    void seedBLatencyFollowsItsFormula() {
        Trace t = new Trace("t", 60, new double[] {0.5, 0.9});
        LegacySeedBEnv env = new LegacySeedBEnv(Workload.fixed(t), CostSlaReward.defaults(), 0.1);
        env.reset(1);
        StepResult r = env.step(-4); // capacity 1, rho = 0.5 / max(1, 1) = 0.5
        assertThat(r.info().ready()).isEqualTo(1);
        assertThat(r.info().p95()).isCloseTo(0.05 / (1 - 0.5), within(1e-12));
        assertThat(r.info().dropped()).isZero();
        r = env.step(0);
        assertThat(r.info().p95()).isCloseTo(0.05 / (1 - 0.9), within(1e-12));
        assertThat(r.info().slaViolated()).isTrue(); // 0.5 s > 0.2 s
    }
}
