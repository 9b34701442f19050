package dev.scalewise.nn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * DQN trained for real on two tiny problems with known optima (a few seconds each on one thread): the corridor MDP
 * and a capacity-tracking task; saved models load back to identical decisions; the same seed gives the same bytes.
 */
class DqnAgentTest {

    /** Small-budget settings: the reference network and rules, shorter schedules. */
    static DqnConfig tiny(long totalSteps, double gamma, long seed) {
        return new DqnConfig(List.of(64, 64), 1e-3, gamma, 10_000, 32, 200, 4, 100, 1.0, 10, 1.0, 0.05, 0.3,
                totalSteps, true, 10, seed);
    }

    @Test
    void learnsTheOptimalPolicyOfTheChain() {
        try (DqnAgent agent = new DqnAgent(tiny(5_000, 0.9, 7), ChainTask.LAST + 1, 3)) {
            long started = System.nanoTime();
            agent.learn(new ChainTask(), null);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("chain: %d steps, %d updates in %.2f s (%.0f steps/s)%n", agent.steps(),
                    agent.updates(), seconds, agent.steps() / seconds);
            for (int s = 1; s < ChainTask.LAST; s++) {
                double[] q = agent.qValues(ChainTask.features(s));
                assertThat(agent.greedyAction(ChainTask.features(s))).as("position %d, Q %s", s,
                        java.util.Arrays.toString(q)).isEqualTo(2);
                // Q*(s, +1) = 10 x 0.9^(5 - s)
                assertThat(q[2]).as("Q(%d, +1)", s).isCloseTo(10 * Math.pow(0.9, 5 - s), within(0.3));
            }
        }
    }

    @Test
    void learnsToTrackAStepwiseDemand() {
        try (DqnAgent agent = new DqnAgent(tiny(8_000, 0.3, 11), 2, 3)) {
            agent.learn(new TrackingTask(), null);
            DqnPolicy policy = agent.greedy();
            for (int level : TrackingTask.LEVELS) {
                for (int c = 1; c <= TrackingTask.MAX; c++) {
                    // at capacity 1, "-1" clamps to "hold": compare where the actions lead
                    assertThat(TrackingTask.next(c, policy.greedyAction(TrackingTask.features(c, level))))
                            .as("capacity %d, level %d, Q %s", c, level,
                                    java.util.Arrays.toString(policy.qValues(TrackingTask.features(c, level))))
                            .isEqualTo(TrackingTask.next(c, TrackingTask.optimal(c, level)));
                }
            }
            // the greedy policy earns the optimal return on fresh episodes
            for (long seed = 100; seed < 120; seed++) {
                assertThat(episodeReturn(policy::greedyAction, seed))
                        .isEqualTo(episodeReturn(x -> TrackingTask.optimal((int) x[0], (int) x[1]), seed));
            }
        }
    }

    private static double episodeReturn(java.util.function.ToIntFunction<double[]> policy, long seed) {
        TrackingTask task = new TrackingTask();
        double[] x = task.reset(seed);
        double ret = 0;
        while (true) {
            FeatureEnvironment.Step r = task.step(policy.applyAsInt(x));
            ret += r.reward();
            if (r.truncated()) {
                return ret;
            }
            x = r.features();
        }
    }

    @Test
    void savedModelLoadsToIdenticalDecisions(@TempDir Path dir) throws Exception {
        try (DqnAgent agent = new DqnAgent(tiny(1_500, 0.3, 5), 2, 3)) {
            agent.learn(new TrackingTask(), null);
            DqnModelFile.save(agent, dir, List.of("capacity", "level"),
                    Map.of("actions", "-1,0,1", "task", "tracking"));
            DqnModelFile.Saved loaded = DqnModelFile.load(dir);
            assertThat(loaded.config()).isEqualTo(agent.config());
            assertThat(loaded.steps()).isEqualTo(1_500);
            assertThat(loaded.updates()).isEqualTo(agent.updates());
            assertThat(loaded.metadata()).containsEntry("task", "tracking");
            assertThat(loaded.features()).containsExactly("capacity", "level");
            assertThatThrownBy(() -> DqnModelFile.save(agent, dir, List.of("capacity"), Map.of()))
                    .hasMessage("1 feature names for 2 features");
            assertThat(loaded.policy().scaling()).isEqualTo(agent.scaling());
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < 500; i++) {
                double[] x = {rng.nextDouble(0, 9), rng.nextDouble(0, 7)};
                assertThat(loaded.policy().qValues(x)).containsExactly(agent.qValues(x));
                assertThat(loaded.policy().greedyAction(x)).isEqualTo(agent.greedyAction(x));
            }
        }
    }

    @Test
    void aChangedParametersFileIsRefused(@TempDir Path dir) throws Exception {
        try (DqnAgent agent = new DqnAgent(tiny(300, 0.3, 5), 2, 3)) {
            agent.learn(new TrackingTask(), null);
            DqnModelFile.save(agent, dir, Map.of());
        }
        Path params = dir.resolve(DqnModelFile.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 1;
        Files.write(params, bytes);
        assertThatThrownBy(() -> DqnModelFile.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DqnModelFile.PARAMS_FILE)
                .hasMessageContaining("does not match the SHA-256 recorded in");
        Files.delete(params);
        assertThatThrownBy(() -> DqnModelFile.load(dir))
                .hasMessageContaining("parameters file 'model.dqn.params' is missing");
        assertThatThrownBy(() -> DqnModelFile.load(dir.resolve("nowhere"))).hasMessageContaining("no DQN model in");
    }

    @Test
    void sameSeedGivesIdenticalModelBytes(@TempDir Path dir) throws Exception {
        byte[][] params = new byte[3][];
        byte[][] specs = new byte[3][];
        long[] seeds = {21, 21, 22};
        for (int i = 0; i < 3; i++) {
            try (DqnAgent agent = new DqnAgent(tiny(1_000, 0.9, seeds[i]), ChainTask.LAST + 1, 3)) {
                agent.learn(new ChainTask(), null);
                Path run = dir.resolve("run" + i);
                DqnModelFile.save(agent, run, Map.of("seed", Long.toString(seeds[i])));
                params[i] = Files.readAllBytes(run.resolve(DqnModelFile.PARAMS_FILE));
                specs[i] = Files.readAllBytes(run.resolve(DqnModelFile.SPEC_FILE));
            }
        }
        assertThat(params[1]).isEqualTo(params[0]);
        assertThat(specs[1]).isEqualTo(specs[0]);
        assertThat(params[2]).isNotEqualTo(params[0]);
    }

    @Test
    void javaForwardPassAgreesWithDjl() {
        try (DqnAgent agent = new DqnAgent(tiny(600, 0.9, 3), 5, 4)) {
            SplittableRandom rng = new SplittableRandom(9);
            // train a little so the weights are not the initial ones
            for (int i = 0; i < 600; i++) {
                double[] s = rng.doubles(5, -2, 2).toArray();
                double[] s2 = rng.doubles(5, -2, 2).toArray();
                agent.observe(s, rng.nextInt(4), s[0] - s[1], s2, rng.nextInt(10) == 0);
            }
            assertThat(agent.updates()).isGreaterThan(0);
            int rows = 64;
            float[] x = new float[rows * 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextDouble(-3, 3);
            }
            float[] java = Mlp.of(agent.block()).forward(x, rows);
            float[] djl;
            try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
                NDList out = agent.block().forward(new ParameterStore(m, false),
                        new NDList(m.create(x, new Shape(rows, 5))), false);
                djl = out.singletonOrThrow().toFloatArray();
            }
            assertThat(java).hasSameSizeAs(djl);
            for (int i = 0; i < djl.length; i++) {
                assertThat((double) java[i]).as("output %d", i)
                        .isCloseTo(djl[i], within(1e-4 + 1e-5 * Math.abs(djl[i])));
            }
        }
    }

    @Test
    void trainingHoldsNoNativeArraysPerStep() {
        try (DqnAgent agent = new DqnAgent(tiny(10_000, 0.9, 4), ChainTask.LAST + 1, 3)) {
            ChainTask task = new ChainTask();
            SplittableRandom rng = new SplittableRandom(1);
            double[] s = task.reset(0);
            long after = -1;
            for (int i = 0; i < 2_000; i++) {
                int a = rng.nextInt(3);
                FeatureEnvironment.Step r = task.step(a);
                agent.observe(s, a, r.reward(), r.features(), r.terminated());
                s = r.terminated() || r.truncated() ? task.reset(i) : r.features();
                if (i == 999) {
                    after = agent.nativeArrays();
                }
            }
            assertThat(agent.updates()).isGreaterThan(400);
            assertThat(agent.nativeArrays()).isEqualTo(after);
        }
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThatThrownBy(() -> tiny(0, 0.9, 1)).hasMessage("dqn.totalSteps must be >= 1, got 0");
        assertThatThrownBy(() -> tiny(10, 1.5, 1)).hasMessage("dqn.gamma must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> DqnConfig.defaults(100, 1).withTau(0))
                .hasMessage("dqn.tau must be in (0, 1], got 0.0");
    }
}
