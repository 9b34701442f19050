package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.experiment.TrainingLoop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownOptimumTest {

    @ParameterizedTest
    @ValueSource(strings = {"q-learning", "sarsa", "double-q"})
    void everyAgentFindsTheOptimalPolicyOfTheChain(String name) {
        ActionSet actions = ActionSet.unit();
        Agent agent = Agents.create(name, ChainEnvironment.ENCODER.size(), actions, 0.2, 0.9);
        TrainingLoop loop = new TrainingLoop(new ChainEnvironment(), ChainEnvironment.ENCODER, agent,
                new ExplorationSchedule.Linear(1.0, 0.02, 300), 7L);
        loop.run(0, 600, null);

        GreedyPolicy greedy = agent.greedy(ChainEnvironment.ENCODER);
        for (int s = 1; s < ChainEnvironment.LAST; s++) {
            assertThat(actions.delta(greedy.greedyAction(s))).as("%s at position %d", name, s).isEqualTo(1);
        }
        if (name.equals("q-learning")) {
            // Q-learning estimates Q* itself: 10 x 0.9^(5 - s) for moving right
            for (int s = 1; s < ChainEnvironment.LAST; s++) {
                assertThat(agent.qValues(s)[2]).as("Q(%d, +1)", s)
                        .isCloseTo(10 * Math.pow(0.9, 5 - s), within(0.3));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"q-learning", "sarsa", "double-q"})
    void terminalTransitionsDoNotBootstrap(String name) {
        Agent agent = Agents.create(name, 2, ActionSet.unit(), 1.0, 0.9);
        // make state 1 look valuable, then learn a terminal transition into it: the target is the reward alone
        for (QTable q : agent.tables()) {
            q.set(1, 0, 100);
            q.set(1, 1, 100);
            q.set(1, 2, 100);
        }
        java.util.random.RandomGenerator rng = new dev.scalewise.experiment.SplitMix64(1);
        for (int i = 0; i < 20; i++) {
            agent.update(0, 1, 3.0, 1, 1, true, rng);
        }
        double[] q = agent.qValues(0);
        assertThat(q[1] / agent.tables().size()).isCloseTo(3.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"q-learning", "sarsa", "double-q"})
    void truncatedTransitionsBootstrap(String name) {
        Agent agent = Agents.create(name, 2, ActionSet.unit(), 1.0, 0.5);
        for (QTable q : agent.tables()) {
            for (int a = 0; a < 3; a++) {
                q.set(1, a, 4);
            }
        }
        java.util.random.RandomGenerator rng = new dev.scalewise.experiment.SplitMix64(1);
        for (int i = 0; i < 20; i++) {
            agent.update(0, 1, 1.0, 1, 1, false, rng);
        }
        assertThat(agent.qValues(0)[1] / agent.tables().size()).isCloseTo(3.0, within(1e-9));
    }
}
