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
