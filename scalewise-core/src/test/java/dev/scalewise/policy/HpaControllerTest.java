package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HpaControllerTest {
    private static final double TARGET = 0.7;

    private static HpaController controller() {
        HpaConfig c = HpaConfig.defaults();
        c = new HpaConfig(c.targetUtilization(), c.tolerance(), c.syncPeriodSeconds(), c.cpuInitializationSeconds(),
                1, 100, Double.POSITIVE_INFINITY, c.scaleUp(), c.scaleDown());
        return new HpaController(c, 1, 100);
    }

    /** A metric for which ceil(ratio x ready) == raw. */
    private static double metricFor(int raw, int ready) {
        return TARGET * (raw - 0.5) / ready;
    }

    @Test
    void ratioWithinToleranceChangesNothing() {
        assertThat(HpaController.replicaCount(10, 1.05 * TARGET, 10, 0, 0, TARGET, 0.1)).isEqualTo(10);
        assertThat(HpaController.replicaCount(10, 0.95 * TARGET, 10, 0, 0, TARGET, 0.1)).isEqualTo(10);
        HpaController h = controller();
        assertThat(h.sync(0, 10, 1.05 * TARGET, 10, 0, 0)).isEqualTo(10);
        // Just beyond the tolerance, it acts: ceil(1.11 x 10) = 12.
        assertThat(HpaController.replicaCount(10, 1.11 * TARGET, 10, 0, 0, TARGET, 0.1)).isEqualTo(12);
    }

    @Test
    void scaleDownFollowsTheMaximumRecommendationOfTheLast300Seconds() {
        HpaController h = controller();
        int current = 10;
        // Raw recommendations: 10 at t = 0..45, 8 at t = 60..105, 5 from t = 120 on.
        for (int t = 0; t <= 420; t += 15) {
            int raw = t < 60 ? 10 : t < 120 ? 8 : 5;
            int next = h.sync(t, current, metricFor(raw, current), current, 0, 0);
            if (t < 345) {
                assertThat(next).as("t=%d keeps the 10 recommended at t=45", t).isEqualTo(10);
            } else if (t < 405) {
                assertThat(next).as("t=%d: the largest recommendation within 300 s is 8", t).isEqualTo(8);
            } else {
                assertThat(next).as("t=%d", t).isEqualTo(5);
            }
            current = next;
        }
    }

    @Test
    void scaleUpIsLimitedToMaxOfFourPodsAndDoublingPer15Seconds() {
        HpaController h = controller();
        // 10 pods: max(10 + 4, 2 x 10) = 20.
        assertThat(h.sync(0, 10, 50.0, 10, 0, 0)).isEqualTo(20);
        // Within the same 15 s period the 10 pods already added count: no further growth.
        assertThat(h.sync(10, 20, 50.0, 20, 0, 0)).isEqualTo(20);
        // Next period: max(20 + 4, 40) = 40.
        assertThat(h.sync(15, 20, 50.0, 20, 0, 0)).isEqualTo(40);
        HpaController small = controller();
        // 2 pods: max(2 + 4, 4) = 6.
        assertThat(small.sync(0, 2, 50.0, 2, 0, 0)).isEqualTo(6);
    }

    @Test
    void unreadyPodsCountAsZeroOnScaleUp() {
        // 9 ready pods at 80% (ratio 1.143) and one unready pod: counted at 0%, the average is 72%, ratio 1.029,
        // within tolerance: no change. Ignoring the unready pod would give ceil(1.143 x 9) = 11.
        assertThat(HpaController.replicaCount(10, 0.8, 9, 1, 0, TARGET, 0.1)).isEqualTo(10);
        assertThat(HpaController.replicaCount(10, 0.8, 9, 0, 0, TARGET, 0.1)).isEqualTo(11);
        // Ratio flips direction after counting unready pods at 0%: no change.
        assertThat(HpaController.replicaCount(10, 0.84, 5, 5, 0, TARGET, 0.1)).isEqualTo(10);
        // Unready pods are ignored on scale-down: ceil(0.5 x 5) = 3.
        assertThat(HpaController.replicaCount(10, 0.35, 5, 5, 0, TARGET, 0.1)).isEqualTo(3);
    }

    @Test
    void missingMetricsCountAsTargetOnScaleDown() {
        // 5 ready at 35% (ratio 0.5) and 5 missing at 100% of target: average 52.5%, ratio 0.75 -> ceil(7.5) = 8.
        assertThat(HpaController.replicaCount(10, 0.35, 5, 0, 5, TARGET, 0.1)).isEqualTo(8);
    }

    @Test
    void selectPolicyMinTakesTheStricterLimitAndDisabledForbids() {
        HpaConfig d = HpaConfig.defaults();
        HpaConfig.ScalingRules min = new HpaConfig.ScalingRules(0, HpaConfig.SelectPolicy.MIN, d.scaleUp().policies());
        HpaController h = new HpaController(d.withBehavior(min, d.scaleDown()).withReplicaBounds(1, 100), 1, 100);
        assertThat(h.sync(0, 10, 1.0, 10, 0, 0)).isEqualTo(14);
        HpaConfig.ScalingRules off = new HpaConfig.ScalingRules(0, HpaConfig.SelectPolicy.DISABLED, java.util.List.of());
        HpaController none = new HpaController(d.withBehavior(off, d.scaleDown()), 1, 100);
        assertThat(none.sync(0, 10, 1.0, 10, 0, 0)).isEqualTo(10);
    }
}
