package dev.scalewise.nn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.scalewise.agent.ActionSet;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Workloads;

/** The adapter from core's environment: exact pass-through, and DQN training on the real autoscaler end to end. */
class EncodedEnvironmentTest {
    static final ActionSet ACTIONS = new ActionSet(-2, -1, 0, 1, 2);

    static AutoscaleEnv env() {
        return new AutoscaleEnv(EnvConfig.defaults().withMaxEpisodeSteps(120),
                Workloads.diurnal(500, 60, 100, 80, 250, 10), CostSlaReward.defaults());
    }

    /** A small unbounded encoder: load ratio per ready instance, booting share, rate trend. */
    static final class LoadEncoder {
        final List<EnvSpec> resets = new ArrayList<>();

        int dimension() {
            return 3;
        }

        void reset(EnvSpec spec) {
            resets.add(spec);
        }

        void encode(Observation o, EnvSpec spec, double[] out) {
            out[0] = o.arrivalRate() / (Math.max(1, o.ready()) * spec.serviceRate());
            out[1] = o.booting() / (double) Math.max(1, o.instances());
            out[2] = o.arrivalRate() - o.previousArrivalRate();
        }
    }

    static EncodedEnvironment encoded(LoadEncoder enc) {
        return new EncodedEnvironment(env(), enc.dimension(), enc::reset, enc::encode,
                EncodedEnvironment.ActionMapping.of(ACTIONS));
    }

    @Test
    void headroomTargetsMapThroughTheObservation() {
        ActionSet set = new ActionSet(new int[] {0}, new double[] {0.0, 0.5, 1.0});
        EncodedEnvironment.ActionMapping mapping = EncodedEnvironment.ActionMapping.of(set);
        AutoscaleEnv e = env();
        Observation o = e.reset(7);
        for (int t = 0; t < 30; t++) {
            o = e.step(t % 3 == 0 ? 2 : 0).observation();
        }
        assertThat(mapping.size()).isEqualTo(4);
        for (int a = 0; a < set.size(); a++) {
            assertThat(mapping.delta(a, o, e.spec())).isEqualTo(set.delta(a, o, e.spec()));
        }
        // a larger margin never asks for fewer instances
        assertThat(mapping.delta(3, o, e.spec())).isGreaterThan(mapping.delta(1, o, e.spec()));
        assertThat(List.of(mapping.label(0), mapping.label(1), mapping.label(3))).containsExactly("0", "h=+0%",
                "h=+100%");
    }

    @Test
    void passesObservationsRewardsAndEndsThroughUnchanged() {
        LoadEncoder enc = new LoadEncoder();
        EncodedEnvironment adapted = encoded(enc);
        AutoscaleEnv raw = env();
        double[] x = adapted.reset(42);
        Observation o = raw.reset(42);
        assertThat(enc.resets).containsExactly(raw.spec());
        SplittableRandom rng = new SplittableRandom(1);
        int steps = 0;
        while (true) {
            double[] expected = new double[3];
            enc.encode(o, raw.spec(), expected);
            assertThat(x).containsExactly(expected);
            int a = rng.nextInt(ACTIONS.size());
            FeatureEnvironment.Step s = adapted.step(a);
            StepResult r = raw.step(ACTIONS.delta(a));
            steps++;
            assertThat(adapted.lastObservation()).isEqualTo(r.observation());
            assertThat(s.reward()).isEqualTo(r.reward());
            assertThat(s.terminated()).isEqualTo(r.terminated());
            assertThat(s.truncated()).isEqualTo(r.truncated());
            if (s.truncated() || s.terminated()) {
                break;
            }
            x = s.features();
            o = r.observation();
        }
        assertThat(steps).isEqualTo(120);
        assertThatThrownBy(() -> adapted.step(5)).hasMessage("action 5 is outside 0..4");
    }

    /**
     * Two trainings of 3,000 steps on the real autoscaler (reference network, train every 4 steps) give the same
     * parameters; prints the training and decision throughput (steps/s, mean of the two runs).
     */
    @Test
    void dqnTrainsOnTheRealAutoscalerReproducibly() {
        byte[][] params = new byte[2][];
        double[] stepsPerSecond = new double[2];
        DqnPolicy policy = null;
        for (int i = 0; i < 2; i++) {
            DqnConfig config = DqnAgentTest.tiny(3_000, 0.99, 13);
            try (DqnAgent agent = new DqnAgent(config, 3, ACTIONS.size())) {
                long started = System.nanoTime();
                int episodes = agent.learn(encoded(new LoadEncoder()), null);
                stepsPerSecond[i] = 3_000 / ((System.nanoTime() - started) / 1e9);
                assertThat(episodes).isEqualTo(25);
                assertThat(agent.updates()).isEqualTo((3_000 - 200) / 4 + 1);
                assertThat(agent.lastLoss()).isFinite();
                params[i] = agent.parameterBytes();
                policy = agent.greedy();
                SplittableRandom rng = new SplittableRandom(5);
                for (int k = 0; k < 100; k++) {
                    double[] x = {rng.nextDouble(0, 3), rng.nextDouble(), rng.nextDouble(-50, 50)};
                    assertThat(policy.greedyAction(x)).isEqualTo(agent.greedyAction(x));
                }
            }
        }
        assertThat(params[1]).isEqualTo(params[0]);
        assertSamePolicyThroughCoresInterface(policy);
        // the frozen policy decides without native memory, after the agent is closed
        SplittableRandom rng = new SplittableRandom(6);
        double[][] xs = new double[20_000][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = new double[] {rng.nextDouble(0, 3), rng.nextDouble(), rng.nextDouble(-50, 50)};
        }
        int[] counts = new int[ACTIONS.size()];
        long started = System.nanoTime();
        for (double[] x : xs) {
            counts[policy.greedyAction(x)]++;
        }
        double decisions = xs.length / ((System.nanoTime() - started) / 1e9);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(xs.length);
        System.out.printf("autoscaler: training %.0f steps/s (mean of 2 runs of 3,000 steps, %d updates each),"
                + " frozen greedy policy %.0f decisions/s%n", (stepsPerSecond[0] + stepsPerSecond[1]) / 2,
                (3_000 - 200) / 4 + 1, decisions);
    }

    /** {@link DqnGreedyPolicy} on core's environment takes the same decisions as the network on the adapter. */
    private static void assertSamePolicyThroughCoresInterface(DqnPolicy network) {
        LoadEncoder enc = new LoadEncoder();
        DqnGreedyPolicy policy = new DqnGreedyPolicy(network, enc::reset, enc::encode,
                EncodedEnvironment.ActionMapping.of(ACTIONS));
        assertThat(policy.name()).isEqualTo("rl-dqn");
        AutoscaleEnv raw = env();
        EncodedEnvironment adapted = encoded(new LoadEncoder());
        Observation o = raw.reset(99);
        policy.reset(raw.spec());
        double[] x = adapted.reset(99);
        for (int t = 0; t < 120; t++) {
            assertThat(policy.qValues(o)).containsExactly(network.qValues(x));
            int a = network.greedyAction(x);
            int delta = policy.act(o);
            assertThat(delta).isEqualTo(ACTIONS.delta(a));
            o = raw.step(delta).observation();
            x = adapted.step(a).features();
        }
    }
}
