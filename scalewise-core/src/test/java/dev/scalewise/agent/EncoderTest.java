package dev.scalewise.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncoderTest {
    private static final EnvSpec SPEC = new EnvSpec(60, 20, 0.25, 1, 50, 120, 0.1);

    private static Observation obs(double rate, double prev, int ready, int booting, double u, double backlog,
                                   double forecast) {
        return new Observation(1, rate, prev, ready, booting, u, 0.1, backlog, 0, 20, forecast);
    }

    @Test
    void seedAEncodesInstancesAndRoundedLoad() {
        SeedAEncoder e = SeedAEncoder.defaults();
        assertThat(e.size()).isEqualTo(110);
        assertThat(e.encode(obs(0.2, 0, 1, 0, 0, 0, 0), SPEC)).isZero();
        assertThat(e.encode(obs(7.4, 0, 3, 0, 0, 0, 0), SPEC)).isEqualTo(2 * 11 + 7);
        assertThat(e.encode(obs(7.6, 0, 3, 0, 0, 0, 0), SPEC)).isEqualTo(2 * 11 + 8);
        assertThat(e.encode(obs(42, 0, 10, 0, 0, 0, 0), SPEC)).isEqualTo(109);
        assertThat(e.describe(2 * 11 + 7)).isEqualTo("instances=3 load=[6.5,7.5)");
    }

    @Test
    void seedBBinsUtilizationTrendAndForecast() {
        SeedBEncoder e = SeedBEncoder.defaults();
        assertThat(e.size()).isEqualTo(900);
        int stable = e.encode(obs(0.50, 0.49, 5, 0, 0.7, 0, 0.50), SPEC);
        int rising = e.encode(obs(0.53, 0.50, 5, 0, 0.7, 0, 0.53), SPEC);
        int falling = e.encode(obs(0.47, 0.50, 5, 0, 0.7, 0, 0.47), SPEC);
        assertThat(e.describe(stable)).isEqualTo("utilization=(0.5,0.8] instances=5 trend=stable forecast=stable");
        assertThat(e.describe(rising)).contains("trend=rising");
        assertThat(e.describe(falling)).contains("trend=falling");
        assertThat(e.describe(e.encode(obs(0.5, 0.5, 5, 0, 1.2, 0, 0.6), SPEC)))
                .isEqualTo("utilization=(1,inf] instances=5 trend=stable forecast=rising");
    }

    @Test
    void everyStateIsReachableAndDescribedUniquely() {
        for (String type : StateEncoders.names()) {
            StateEncoder e = StateEncoders.defaults(type);
            Set<String> labels = new HashSet<>();
            for (int s = 0; s < e.size(); s++) {
                labels.add(e.describe(s));
            }
            assertThat(labels).as(type).hasSize(e.size());
            StateEncoder rebuilt = StateEncoders.fromDefinition(e.definition());
            assertThat(rebuilt.definition()).isEqualTo(e.definition());
            assertThat(rebuilt.size()).isEqualTo(e.size());
        }
    }

    @Test
    void defaultEncoderSeesBootingAndBacklog() {
        DefaultEncoder e = DefaultEncoder.defaults();
        assertThat(e.size()).isEqualTo(3960);
        String d = e.describe(e.encode(obs(100, 100, 6, 2, 0.83, 12, 130), SPEC));
        assertThat(d).isEqualTo("utilization=(0.8,0.85] instances=[8,10) booting=true backlog=true trend=stable "
                + "forecast=rising");
    }
}
