package dev.scalewise.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalewise.cluster.Clamp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedRewardsTest {

    private static RewardInput seedA(int requested, int before, int after, double load, Clamp clamp) {
        double u = load / Math.max(1, after * 5.0);
        return new RewardInput(requested, after - before, clamp, before, after, after, 1, 10, load, 5, u, 0,
                Double.MAX_VALUE, load * 60, 0, 0, u > 1, 60);
    }

    @Test
    void seedAInTheBand() {
        double[] t = new double[5];
        // 3 instances, load 10: u = 0.667 in the band; hold
        double r = SeedAReward.defaults().evaluate(seedA(0, 3, 3, 10, Clamp.NONE), t);
        assertThat(t).containsExactly(20, -6, 0, 0, 0);
        assertThat(r).isEqualTo(14);
    }

    @Test
    void seedAOverloadedAndHolding() {
        double[] t = new double[5];
        // 2 instances, load 15: u = 1.5; hold at u > 0.9
        SeedAReward.defaults().evaluate(seedA(0, 2, 2, 15, Clamp.NONE), t);
        assertThat(t[0]).isCloseTo(-20 * 0.8, within(1e-12));
        assertThat(t[1]).isEqualTo(-4);
        assertThat(t[2]).isCloseTo(-50, within(1e-12));
        assertThat(t[4]).isEqualTo(-5);
    }

    @Test
    void seedADrainShapingAndBounds() {
        double[] t = new double[5];
        // 4 -> 3 instances with load 2: p = 2 / 20 = 0.1 < 0.2 and 4 > 1: +15 for down
        SeedAReward.defaults().evaluate(seedA(-1, 4, 3, 2, Clamp.NONE), t);
        assertThat(t[4]).isEqualTo(15);
        assertThat(t[3]).isEqualTo(-10);
        // down at the minimum
        SeedAReward.defaults().evaluate(seedA(-1, 1, 1, 3, Clamp.MIN), t);
        assertThat(t[4]).isEqualTo(-5);
    }

    @Test
    void seedBTerms() {
        double[] t = new double[4];
        RewardInput ok = new RewardInput(1, 1, Clamp.NONE, 4, 5, 5, 1, 20, 0.4, 1, 0.08, 0.054, 0.2, 0.4, 0, 0, false, 60);
        double r = SeedBReward.defaults().evaluate(ok, t);
        assertThat(t).containsExactly(1, -0.5, -0.5, -0.2);
        assertThat(r).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void registryBuildsPresetsAndRefusesUnknownWeights() {
        assertThat(Rewards.names()).containsExactly("cost-sla", "seed-a", "seed-b", "scale-free");
        assertThat(Rewards.create("seed-b", Map.of("changePenalty", 0.0)).weights()).containsEntry("changePenalty", 0.0);
        assertThat(Rewards.create("cost-sla").weights()).containsKeys("costWeight", "slaViolationUsd",
                "dropUsdPerRequest", "churnUsdPerAction");
        assertThatThrownBy(() -> Rewards.create("seed-a", Map.of("nope", 1.0)))
                .hasMessageContaining("no weight 'nope'");
        assertThatThrownBy(() -> Rewards.create("fancy")).hasMessageContaining("unknown reward 'fancy'");
    }
}
