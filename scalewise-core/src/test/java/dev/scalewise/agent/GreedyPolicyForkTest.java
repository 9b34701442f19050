package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class GreedyPolicyForkTest {

    /** A residual-mode greedy policy with a 4-step scale-down window and arbitrary (seeded) values. */
    public static GreedyPolicy windowed(int window, long seed) {
        ScaleFreeEncoder encoder = ScaleFreeEncoder.defaults();
        ActionSet actions = ActionSet.of(List.of(0), List.of(0.0, 0.1, 0.2, 0.4), new ActionSet.Residual(0.2, window));
        QTable q = new QTable(encoder.size(), actions.size());
        SplittableRandom r = new SplittableRandom(seed);
        for (int s = 0; s < encoder.size(); s++) {
            for (int a = 0; a < actions.size(); a++) {
                q.set(s, a, r.nextDouble());
            }
        }
        return new GreedyPolicy("fork-test", q, actions, encoder);
    }

    @Test
    void aForkDecidesAsTheOriginalAndIsIndependentOfIt() {
        AutoscaleEnv env = new AutoscaleEnv(EnvConfig.defaults(), Workloads.diurnal(400, 60, 100, 20, 160, 10),
                CostSlaReward.defaults());
        GreedyPolicy p = windowed(4, 7);
        Observation o = env.reset(3);
        p.reset(env.spec());
        List<Observation> seen = new ArrayList<>();
        List<Integer> acted = new ArrayList<>();
        while (true) {
            seen.add(o);
            int a = p.act(o);
            acted.add(a);
            StepResult r = env.step(a);
            o = r.observation();
            if (r.done()) {
                break;
            }
        }
        // the window holds some scale-downs back, so the policy's state matters
        GreedyPolicy stateless = windowed(0, 7);
        stateless.reset(env.spec());
        long heldBack = 0;
        for (int t = 0; t < seen.size(); t++) {
            heldBack += stateless.act(seen.get(t)) != acted.get(t) ? 1 : 0;
        }
        assertThat(heldBack).isGreaterThan(10);
        for (int k : new int[] {0, 1, 3, 4, 5, 57, 200, 399}) {
            GreedyPolicy original = windowed(4, 7);
            original.reset(env.spec());
            for (int t = 0; t < k; t++) {
                original.act(seen.get(t));
            }
            GreedyPolicy fork = original.fork();
            // the original moves on along other observations: the fork must not notice
            for (int t = seen.size() - 1; t >= k; t -= 3) {
                original.act(seen.get(t));
            }
            for (int t = k; t < seen.size(); t++) {
                assertThat(fork.act(seen.get(t))).as("fork at %d, step %d", k, t).isEqualTo(acted.get(t));
            }
        }
    }
}
