package dev.scalewise.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import dev.scalewise.workload.Workloads;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code --physics des}: the environment served request by request. */
class DesPhysicsTest {

    private static AutoscaleEnv env(Physics physics) {
        Workload w = Workloads.diurnal(300, 60, 100, 80, 250, 10);
        EnvConfig cfg = EnvConfig.defaults().withPhysics(physics)
                .withCluster(new ClusterConfig(1, 40, 8, 120, 0.1, 60));
        return new AutoscaleEnv(cfg, w, CostSlaReward.defaults());
    }

    private static double[][] rollout(AutoscaleEnv env, long seed, long actionSeed, int steps) {
        env.reset(seed);
        SplittableRandom actions = new SplittableRandom(actionSeed);
        StepBuffer b = env.newBuffer();
        double[][] out = new double[steps][];
        for (int i = 0; i < steps; i++) {
            env.stepInto(actions.nextInt(-2, 3), b);
            out[i] = new double[] {b.arrivalRate, b.ready, b.p95, b.served, b.dropped, b.backlog, b.reward};
            assertThat(b.arrived + (i == 0 ? 0 : out[i - 1][5])).isEqualTo(b.served + b.dropped + b.backlog);
        }
        return out;
    }

    @Test
    void reproducibleAndArrivalsIndependentOfThePolicy() {
        AutoscaleEnv env = env(Physics.DES);
        double[][] a = rollout(env, 3, 1, 200);
        assertThat(rollout(env, 3, 1, 200)).isDeepEqualTo(a);
        double[][] otherActions = rollout(env, 3, 2, 200);
        boolean capacityDiffers = false;
        for (int i = 0; i < a.length; i++) {
            assertThat(otherActions[i][0]).isEqualTo(a[i][0]);
            capacityDiffers |= otherActions[i][1] != a[i][1];
        }
        assertThat(capacityDiffers).isTrue();
        assertThat(rollout(env, 4, 1, 200)[10][0]).isNotEqualTo(a[10][0]);
    }

    @Test
    void snapshotReplaysBitIdentically() {
        AutoscaleEnv env = env(Physics.DES);
        rollout(env, 5, 1, 0);
        StepBuffer b = env.newBuffer();
        for (int i = 0; i < 50; i++) {
            env.stepInto(i % 3 - 1, b);
        }
        AutoscaleEnv.Snapshot s = env.snapshot();
        double[] first = new double[40];
        for (int i = 0; i < 40; i++) {
            env.stepInto(i % 4 - 2, b);
            first[i] = b.p95 + 1e3 * b.served + 1e9 * b.backlog;
        }
        env.restore(s);
        for (int i = 0; i < 40; i++) {
            env.stepInto(i % 4 - 2, b);
            assertThat(b.p95 + 1e3 * b.served + 1e9 * b.backlog).isEqualTo(first[i]);
        }
        AutoscaleEnv fast = env(Physics.FAST);
        fast.reset(5);
        assertThatThrownBy(() -> env.restore(fast.snapshot())).hasMessageContaining("--physics des");
    }

    @Test
    void steadyStateMatchesTheFastModel() {
        // rho = 0.8 at c = 10, mu = 20, 60 s steps: the DES's mean p95 over 40 steps is the M/M/c p95.
        double[] rates = new double[40];
        java.util.Arrays.fill(rates, 160);
        EnvConfig cfg = EnvConfig.defaults().withCluster(new ClusterConfig(1, 40, 10, 0, 0.1, 60));
        double[] p95 = new double[2];
        for (Physics ph : Physics.values()) {
            AutoscaleEnv env = new AutoscaleEnv(cfg.withPhysics(ph), Workload.fixed(new Trace("flat", 60, rates)),
                    CostSlaReward.defaults());
            env.reset(9);
            StepBuffer b = env.newBuffer();
            for (int i = 0; i < rates.length; i++) {
                env.stepInto(0, b);
                p95[ph.ordinal()] += b.p95 / rates.length;
            }
        }
        assertThat(p95[1]).isCloseTo(p95[0], within(0.05 * p95[0]));
    }

    @Test
    void physicsParsesWithAClearError() {
        assertThat(Physics.parse("DES")).isEqualTo(Physics.DES);
        assertThat(Physics.parse("fast")).isEqualTo(Physics.FAST);
        assertThatThrownBy(() -> Physics.parse("exact")).hasMessage("physics must be 'fast' or 'des', got 'exact'");
        assertThat(EnvConfig.defaults().physics()).isEqualTo(Physics.FAST);
    }
}
