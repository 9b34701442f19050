package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.policy.HpaConfig.PolicyType;
import dev.scalewise.policy.HpaConfig.ScalingPolicy;
import dev.scalewise.policy.HpaConfig.ScalingRules;
import dev.scalewise.policy.HpaConfig.SelectPolicy;
import dev.scalewise.policy.HpaReplicaCalculator.MetricRecommendation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controller-behaviour cases of Kubernetes' {@code horizontal_test.go} and {@code horizontal.go}
 * ({@code BASELINE-CASES.md}), run against {@link HpaController#sync} with given recommendations; a controller
 * with a history is started through the seams {@link HpaController#recordRecommendation} and
 * {@link HpaController#recordScaleEvent}.
 */
class KubernetesHpaControllerTest {

    private static List<MetricRecommendation> raw(int replicas) {
        return List.of(new MetricRecommendation(true, replicas, "test metric"));
    }

    private static HpaConfig withBehavior(ScalingRules up, ScalingRules down) {
        return HpaConfig.defaults().withBehavior(up, down);
    }

    @Test
    void TestScaleDownStabilizeInitialSize() {
        // A new HPA records its current replicas (5) as a recommendation: the 300 s scale-down window holds 5.
        HpaController h = new HpaController(HpaConfig.defaults(), 1, 5);
        assertThat(h.sync(0, 5, raw(2))).isEqualTo(5);
        assertThat(h.sync(300, 5, raw(2))).as("the window includes its edge").isEqualTo(5);
        assertThat(h.sync(315, 5, raw(2))).isEqualTo(2);
        // The same with behavior set (default scale-down window 300 s).
        HpaController b = new HpaController(withBehavior(ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown()), 1, 5);
        assertThat(b.sync(0, 5, raw(2))).isEqualTo(5);
        assertThat(b.sync(285, 5, raw(2))).isEqualTo(5);
        assertThat(b.sync(300, 5, raw(2))).isEqualTo(2);
        // A controller started with a history records no initial recommendation.
        HpaController seeded = new HpaController(HpaConfig.defaults(), 1, 5);
        seeded.recordRecommendation(-400, 5);
        assertThat(seeded.sync(0, 5, raw(2))).isEqualTo(2);
    }

    @Test
    void behaviorUnsetUsesTheLegacyScaleUpLimitNormalizeDesiredReplicas() {
        // No behavior (the API default, and KEDA's): at most max(2 x current, 4) per sync, no event memory.
        HpaController h = new HpaController(HpaConfig.defaults(), 1, 100);
        assertThat(HpaConfig.defaults().behaviorSet()).isFalse();
        assertThat(h.sync(0, 3, raw(10))).isEqualTo(6);
        assertThat(h.sync(5, 6, raw(30))).as("no memory of the event 5 s ago").isEqualTo(12);
        assertThat(new HpaController(HpaConfig.defaults(), 1, 100).sync(0, 1, raw(10))).isEqualTo(4);
        // With the behavior defaults instead: max(+4, +100%) per 15 s = 7, and the event counts within 15 s.
        HpaController b = new HpaController(withBehavior(ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown()), 1, 100);
        assertThat(b.sync(0, 3, raw(10))).isEqualTo(7);
        assertThat(b.sync(5, 7, raw(30))).isEqualTo(7);
        assertThat(b.sync(15, 7, raw(30))).isEqualTo(14);
    }

    @Test
    void TestScalingWithRulesScaleUpWithPercentPolicyAndEarlierUpAndDownEvents() {
        ScalingRules up = new ScalingRules(0, SelectPolicy.MAX, List.of(new ScalingPolicy(PolicyType.PERCENT, 300, 300)));
        HpaController h = new HpaController(withBehavior(up, ScalingRules.defaultScaleDown()), 1, 100);
        h.recordScaleEvent(-200, 4);
        h.recordScaleEvent(-100, -2);
        // Replicas at the period start = 6 - 4 + 2 = 4; +300% = 16.
        assertThat(h.sync(0, 6, raw(24))).isEqualTo(16);
    }

    @Test
    void TestScalingWithRulesScaleDownWithPercentPolicyAndEarlierUpAndDownEvents() {
        ScalingRules down = new ScalingRules(0, SelectPolicy.MAX, List.of(new ScalingPolicy(PolicyType.PERCENT, 50, 180)));
        HpaController h = new HpaController(withBehavior(ScalingRules.defaultScaleUp(), down), 1, 100);
        h.recordScaleEvent(-120, 2);
        h.recordScaleEvent(-60, -4);
        // Period start = 10 - 2 + 4 = 12; -50% = 6.
        assertThat(h.sync(0, 10, raw(1))).isEqualTo(6);
        // Events older than the period do not count: start 10, -50% = 5.
        HpaController old = new HpaController(withBehavior(ScalingRules.defaultScaleUp(), down), 1, 100);
        old.recordScaleEvent(-180, 2);
        old.recordScaleEvent(-200, -4);
        assertThat(old.sync(0, 10, raw(1))).isEqualTo(5);
    }

    @Test
    void scaleDownFollowsTheMaximumRecommendationOfTheLast300SecondsWithBehavior() {
        HpaController h = new HpaController(withBehavior(ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown()), 1, 100);
        h.recordRecommendation(-1000, 10);
        int current = 10;
        // Raw recommendations: 10 at t = 0..45, 8 at t = 60..105, 5 from t = 120 on.
        for (int t = 0; t <= 420; t += 15) {
            int r = t < 60 ? 10 : t < 120 ? 8 : 5;
            int next = h.sync(t, current, raw(r));
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
    void selectPolicyMinTakesTheStricterLimitAndDisabledForbids() {
        ScalingRules min = new ScalingRules(0, SelectPolicy.MIN, ScalingRules.defaultScaleUp().policies());
        HpaController h = new HpaController(withBehavior(min, null), 1, 100);
        assertThat(h.sync(0, 10, raw(40))).isEqualTo(14);
        ScalingRules off = new ScalingRules(0, SelectPolicy.DISABLED, List.of());
        HpaController none = new HpaController(withBehavior(off, null), 1, 100);
        assertThat(none.sync(0, 10, raw(40))).isEqualTo(10);
    }

    @Test
    void severalMetricsTakeTheLargestRecommendationComputeReplicasForMetrics() {
        HpaController h = new HpaController(HpaConfig.defaults(), 1, 100);
        h.recordRecommendation(-1000, 1);
        List<MetricRecommendation> two = List.of(new MetricRecommendation(true, 5, "cpu"),
                new MetricRecommendation(true, 7, "rps"));
        assertThat(h.sync(0, 4, two)).isEqualTo(7);
        assertThat(h.lastRule()).startsWith("rps");
        // An invalid metric blocks a scale-down, not a scale-up.
        HpaController d = new HpaController(HpaConfig.defaults(), 1, 100);
        d.recordRecommendation(-1000, 1);
        assertThat(d.sync(0, 8, List.of(MetricRecommendation.invalid("no metrics"),
                new MetricRecommendation(true, 3, "cpu")))).isEqualTo(8);
        assertThat(d.sync(15, 8, List.of(MetricRecommendation.invalid("no metrics"),
                new MetricRecommendation(true, 12, "cpu")))).isEqualTo(12);
        assertThat(d.sync(30, 12, List.of(MetricRecommendation.invalid("no metrics")))).isEqualTo(12);
    }

    @Test
    void boundsApplyWithoutStabilizationAndZeroDisablesAutoscaling() {
        HpaController h = new HpaController(HpaConfig.defaults(), 2, 10);
        assertThat(h.sync(0, 0, raw(5))).isZero();
        assertThat(h.sync(15, 1, raw(1))).isEqualTo(2);
        assertThat(h.sync(30, 15, raw(15))).isEqualTo(10);
    }
}
