package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import org.junit.jupiter.api.Test;

/** {@link HpaPolicy}: the per-pod state it keeps for the controller, seen through its actions. */
class HpaPolicyTest {

    private static Observation obs(int step, int ready, int booting, double util) {
        double rate = util * ready * 20;
        return new Observation(step, rate, rate, ready, booting, util, 0.1, 0, 0, 20, rate);
    }

    @Test
    void bootingInstancesArePendingPodsUnreadyAtAnyAgeNotMissing() {
        // 600 s boot, longer than the 300 s CPU initialization period. 5 ready at 25%, 5 booting, target 50%:
        // booting pods are ignored on scale-down, ceil(0.5 x 5) = 3 (as missing pods at 100% they would give 8).
        EnvSpec spec = new EnvSpec(60, 20, 0.25, 1, 100, 600, 0.1);
        HpaPolicy p = new HpaPolicy(HpaConfig.defaults().withTargetUtilization(0.5));
        p.reset(spec);
        for (int t = 0; t < 5; t++) {
            assertThat(p.act(obs(t, 5, 5, 0.25))).as("step %d: the initial recommendation of 10 holds", t).isZero();
        }
        // Step 5 covers 300..360 s: the sync at 315 s is the first outside the 300 s window.
        assertThat(p.act(obs(5, 5, 5, 0.25))).isEqualTo(-7);
        assertThat(p.lastRule()).contains("CPU 25%");
    }

    @Test
    void cpuIsCappedAndTruncatedToAWholePercent() {
        EnvSpec spec = new EnvSpec(60, 20, 0.25, 1, 100, 120, 0.1);
        // 77.9%: 77% of a 70% target is ratio 1.1, within tolerance.
        HpaPolicy p = HpaPolicy.defaults();
        p.reset(spec);
        assertThat(p.act(obs(0, 10, 0, 0.779))).isZero();
        // 78%: ceil(1.114 x 10) = 12.
        HpaPolicy q = HpaPolicy.defaults();
        q.reset(spec);
        assertThat(q.act(obs(0, 10, 0, 0.78))).isEqualTo(2);
        // Offered load 300% is CPU 100% (limit = request): ceil(100 / 70 x 10) = 15, not 43.
        HpaPolicy r = HpaPolicy.defaults();
        r.reset(spec);
        assertThat(r.act(obs(0, 10, 0, 3.0))).isEqualTo(5);
    }

    @Test
    void aPodThatJustBecameReadyHasNoSampleForAFullMetricWindow() {
        // 15 s steps, 15 s boot: the instance launched at step 0 is ready at step 1 (15 s) and has a sample only
        // from the scrape at 30 s (two scrapes after it started serving). In between it is "missing": valued at 0
        // on scale-up, so with the ready pod at 100% CPU (ratio 1.43) the recommendation stays at 2 at 15 s.
        EnvSpec spec = new EnvSpec(15, 20, 0.25, 1, 100, 15, 0.1);
        HpaPolicy p = HpaPolicy.defaults();
        p.reset(spec);
        assertThat(p.act(obs(0, 1, 0, 1.0))).isEqualTo(1); // ceil(1.43) = 2
        assertThat(p.act(obs(1, 2, 0, 1.0))).as("missing pod at 0: (100 + 0) / 2 = 50%, flips direction").isZero();
        assertThat(p.act(obs(2, 2, 0, 1.0))).as("both sampled at 100%: ceil(1.43 x 2) = 3").isEqualTo(1);
    }
}
