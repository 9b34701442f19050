package dev.scalewise.nn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.scalewise.experiment.SplitMix64;
import dev.scalewise.nn.forecast.NeuralRuntime;

/** The replay ring, the Polyak target update and the feature statistics, against hand-computed values. */
class ReplayAndTargetTest {

    @Test
    void ringOverwritesTheOldestAndSamplesOnlyStoredSlots() {
        ReplayBuffer buffer = new ReplayBuffer(3, 2);
        for (int i = 0; i < 5; i++) {
            buffer.add(new double[] {i, -i}, i % 2, 10 + i, new double[] {i + 1, 0}, i == 4);
        }
        assertThat(buffer.size()).isEqualTo(3);
        // slots 0, 1, 2 now hold transitions 3, 4, 2
        assertThat(buffer.state(0, 0)).isEqualTo(3f);
        assertThat(buffer.state(1, 1)).isEqualTo(-4f);
        assertThat(buffer.reward(2)).isEqualTo(12f);
        assertThat(buffer.terminated(1)).isTrue();
        assertThat(buffer.nextState(1, 0)).isEqualTo(5f);

        ReplayBuffer partial = new ReplayBuffer(100, 1);
        partial.add(new double[] {1}, 0, 0, new double[] {1}, false);
        partial.add(new double[] {2}, 0, 0, new double[] {2}, false);
        int[] idx = new int[1000];
        partial.sample(new SplitMix64(1), idx);
        assertThat(idx).containsOnly(0, 1);
        assertThatThrownBy(() -> partial.add(new double[2], 0, 0, new double[1], false))
                .hasMessage("transition has 2 and 1 features, the buffer holds 1");
    }

    @Test
    void polyakUpdateMovesTheTargetByTauEachTime() {
        NeuralRuntime.configure();
        DqnConfig config = DqnAgentTest.tiny(100, 0.9, 1);
        Mlp a;
        Mlp b;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Engine.getInstance().setRandomSeed(1);
            Block one = DqnAgent.network(config, 3);
            one.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            a = Mlp.of(one);
            Engine.getInstance().setRandomSeed(2);
            Block two = DqnAgent.network(config, 3);
            two.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            b = Mlp.of(two);
        }
        assertThat(a.towards(b, 1.0)).isSameAs(b);
        Mlp t = a;
        for (int k = 0; k < 3; k++) {
            t = t.towards(b, 0.25);
        }
        float[] pa = a.flat();
        float[] pb = b.flat();
        float[] pt = t.flat();
        assertThat(pa).isNotEqualTo(pb);
        for (int i = 0; i < pt.length; i++) {
            // target_k = online + 0.75^k (target_0 - online)
            assertThat((double) pt[i]).isCloseTo(pb[i] + Math.pow(0.75, 3) * (pa[i] - pb[i]), within(1e-6));
        }
    }

    @Test
    void runningStatisticsStandardiseAndClip() {
        FeatureScaling.Running running = new FeatureScaling.Running(2, 3);
        for (double v : new double[] {1, 2, 3, 4}) {
            running.add(new double[] {v, 5});
        }
        FeatureScaling s = running.freeze();
        assertThat(s.mean()).containsExactly(2.5, 5.0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(s.std()[1]).isEqualTo(1.0); // constant feature: std 1
        float[] out = new float[2];
        s.apply(new double[] {100, 6}, out, 0);
        assertThat(out).containsExactly(3f, 1f); // clipped at 3
        assertThatThrownBy(() -> s.apply(new double[] {Double.NaN, 0}, out, 0)).hasMessage("feature 0 is NaN");
        assertThatThrownBy(() -> s.apply(new double[] {1}, out, 0)).hasMessage("expected 2 features, got 1");
    }
}
