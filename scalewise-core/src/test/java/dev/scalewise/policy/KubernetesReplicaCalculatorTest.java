package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.policy.HpaReplicaCalculator.MetricRecommendation;
import dev.scalewise.policy.HpaReplicaCalculator.Pod;
import dev.scalewise.policy.HpaReplicaCalculator.PodPhase;
import dev.scalewise.policy.HpaReplicaCalculator.ReadyCondition;
import dev.scalewise.policy.HpaReplicaCalculator.Sample;
import dev.scalewise.policy.HpaReplicaCalculator.Tolerances;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replica-calculation cases of Kubernetes' {@code replica_calculator_test.go} (and the utilization rounding of
 * {@code metrics/utilization.go}), as listed in {@code BASELINE-CASES.md}, run against
 * {@link HpaReplicaCalculator#resourceReplicas}. Pods request 1000m; the clock is at 1000 s, the CPU initialization
 * period 300 s, the initial readiness delay 30 s, the tolerance 0.1.
 */
class KubernetesReplicaCalculatorTest {
    private static final double NOW = 1000;

    /** Running, Ready since long ago, sampled at {@code m} millicores. */
    private static Pod ready(long m) {
        return new Pod(PodPhase.RUNNING, false, 0, ReadyCondition.TRUE, 10, 1000, new Sample(m, NOW - 15, 15));
    }

    /** Running, started 10 s ago, not Ready yet (its sample is ignored). */
    private static Pod unready(long m) {
        return new Pod(PodPhase.RUNNING, false, NOW - 10, ReadyCondition.FALSE, NOW - 10, 1000, new Sample(m, NOW - 5, 15));
    }

    /** Running and Ready, but inside the CPU initialization period with a sample older than its readiness + window. */
    private static Pod hotCpu(long m) {
        return new Pod(PodPhase.RUNNING, false, NOW - 100, ReadyCondition.TRUE, NOW - 5, 1000, new Sample(m, NOW, 15));
    }

    private static Pod missing() {
        return ready(0).withoutSample();
    }

    private static int replicas(int current, int targetPercent, Pod... pods) {
        MetricRecommendation r = HpaReplicaCalculator.resourceReplicas(current, targetPercent, List.of(pods), NOW,
                Tolerances.of(0.1), 300, 30);
        assertThat(r.valid()).as(r.detail()).isTrue();
        return r.replicas();
    }

    @Test
    void TestReplicaCalcScaleUp() {
        assertThat(replicas(3, 30, ready(300), ready(500), ready(700))).isEqualTo(5);
    }

    @Test
    void TestReplicaCalcScaleUpUnreadyLessScale() {
        assertThat(replicas(3, 30, unready(100), ready(500), ready(700))).isEqualTo(4);
    }

    @Test
    void TestReplicaCalcScaleUpHotCpuLessScale() {
        assertThat(replicas(3, 30, hotCpu(100), ready(500), ready(700))).isEqualTo(4);
        // The same pod once a full window was sampled after its readiness counts as ready: ceil(1.5/0.3 ...) = 5.
        Pod cooled = new Pod(PodPhase.RUNNING, false, NOW - 100, ReadyCondition.TRUE, NOW - 30, 1000,
                new Sample(300, NOW, 15));
        assertThat(replicas(3, 30, cooled, ready(500), ready(700))).isEqualTo(5);
    }

    @Test
    void TestReplicaCalcScaleUpUnreadyNoScale() {
        assertThat(replicas(3, 30, ready(400), unready(500), unready(700))).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcScaleUpIgnoresFailedPods() {
        assertThat(replicas(2, 30, ready(500), ready(700), ready(100).withPhase(PodPhase.FAILED),
                ready(100).withPhase(PodPhase.FAILED))).isEqualTo(4);
    }

    @Test
    void TestReplicaCalcScaleDown() {
        assertThat(replicas(5, 50, ready(100), ready(300), ready(500), ready(250), ready(250))).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcScaleDownExcludeUnreadyPods() {
        assertThat(replicas(5, 50, ready(100), ready(300), ready(500), unready(250), unready(250))).isEqualTo(2);
    }

    @Test
    void TestReplicaCalcScaleDownExcludeUnscheduledPods() {
        assertThat(replicas(5, 50, ready(100), Pod.pending(NOW - 10), Pod.pending(NOW - 10), Pod.pending(NOW - 10),
                Pod.pending(NOW - 10))).isEqualTo(1);
    }

    @Test
    void TestReplicaCalcTolerance() {
        assertThat(replicas(3, 100, ready(1010), ready(1030), ready(1020))).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcMissingMetrics() {
        assertThat(replicas(4, 100, ready(400), ready(95), missing(), missing())).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcMissingMetricsNoChangeEq() {
        assertThat(replicas(2, 100, ready(1000), missing())).isEqualTo(2);
    }

    @Test
    void TestReplicaCalcMissingMetricsNoChangeGt() {
        assertThat(replicas(2, 100, ready(1900), missing())).isEqualTo(2);
    }

    @Test
    void TestReplicaCalcMissingMetricsNoChangeLt() {
        assertThat(replicas(2, 100, ready(600), missing())).isEqualTo(2);
    }

    @Test
    void TestReplicaCalcMissingMetricsUnreadyChange() {
        assertThat(replicas(3, 50, unready(100), ready(450), missing())).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcMissingMetricsUnreadyScaleUp() {
        assertThat(replicas(3, 50, unready(100), ready(2000), missing())).isEqualTo(4);
    }

    @Test
    void TestReplicaCalcMissingMetricsUnreadyScaleDown() {
        // Missing at 100% of the request (1000m), not of the 50% target: (100 + 100 + 1000) / 3000 = 40%.
        assertThat(replicas(4, 50, unready(100), ready(100), ready(100), missing())).isEqualTo(3);
    }

    @Test
    void TestReplicaCalcDuringRollingUpdateWithMaxSurge() {
        assertThat(replicas(2, 50, ready(100), ready(100), missing())).isEqualTo(2);
    }

    @Test
    void TestReplicaCalcComputedToleranceAlgImplementation() {
        Pod[] pods = new Pod[10];
        java.util.Arrays.fill(pods, ready(500));
        assertThat(replicas(10, 56, pods)).isEqualTo(9);
        assertThat(replicas(10, 55, pods)).isEqualTo(10);
    }

    @Test
    void utilizationIsTruncatedToAWholePercentGetResourceUtilizationRatio() {
        Pod[] pods = new Pod[10];
        java.util.Arrays.fill(pods, ready(779)); // 77.9%: truncated to 77%, ratio 77/70 = 1.1, within tolerance
        assertThat(replicas(10, 70, pods)).isEqualTo(10);
        java.util.Arrays.fill(pods, ready(780)); // 78%: ratio 1.114 -> ceil(11.14) = 12
        assertThat(replicas(10, 70, pods)).isEqualTo(12);
    }

    @Test
    void groupPodsPendingAndNeverReadyPodsAreUnreadyAtAnyAgeMissingOnlyWithoutASample() {
        // 10 pods, 5 booting in a 600 s boot (launched 400 s ago: older than the 300 s CPU initialization period),
        // ready ones at 25%, target 50%: booting pods are ignored on scale-down, ceil(0.5 x 5) = 3.
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pods.add(ready(250));
        }
        for (int i = 0; i < 5; i++) {
            pods.add(Pod.pending(NOW - 400));
        }
        HpaReplicaCalculator.PodGroups g = HpaReplicaCalculator.groupPods(pods, NOW, 300, 30);
        assertThat(g.readyCount()).isEqualTo(5);
        assertThat(g.unready()).containsExactly(5, 6, 7, 8, 9);
        assertThat(g.missing()).isEmpty();
        assertThat(replicas(10, 50, pods.toArray(Pod[]::new))).isEqualTo(3);
        // A Running pod that was never Ready (its Ready condition false since start), past the initialization period.
        Pod neverReady = new Pod(PodPhase.RUNNING, false, 0, ReadyCondition.FALSE, 0, 1000, new Sample(900, NOW, 15));
        // One that was Ready and became unready later (transition 500 s after start) counts as ready.
        Pod wasReady = new Pod(PodPhase.RUNNING, false, 0, ReadyCondition.FALSE, 500, 1000, new Sample(900, NOW, 15));
        Pod deleting = new Pod(PodPhase.RUNNING, true, 0, ReadyCondition.TRUE, 10, 1000, new Sample(900, NOW, 15));
        HpaReplicaCalculator.PodGroups h = HpaReplicaCalculator.groupPods(List.of(neverReady, wasReady, deleting, missing()), NOW, 300, 30);
        assertThat(h.unready()).containsExactly(0);
        assertThat(h.readyCount()).isEqualTo(1);
        assertThat(h.ignored()).containsExactly(2);
        assertThat(h.missing()).containsExactly(3);
    }

    @Test
    void noReadyPodWithASampleIsAnInvalidMetric() {
        MetricRecommendation r = HpaReplicaCalculator.resourceReplicas(2, 50, List.of(Pod.pending(NOW), missing()), NOW,
                Tolerances.of(0.1), 300, 30);
        assertThat(r.valid()).isFalse();
    }

    @Test
    void tolerancePerDirection() {
        // behavior.scaleUp.tolerance 0.5, scaleDown.tolerance 0.05: 130% of a 100% target holds, 90% scales down.
        Tolerances t = new Tolerances(0.05, 0.5);
        assertThat(HpaReplicaCalculator.resourceReplicas(10, 100, fill(10, 1300), NOW, t, 300, 30).replicas()).isEqualTo(10);
        assertThat(HpaReplicaCalculator.resourceReplicas(10, 100, fill(10, 900), NOW, t, 300, 30).replicas()).isEqualTo(9);
        // The default 0.1 both ways does the opposite.
        assertThat(replicas(10, 100, fill(10, 1300).toArray(Pod[]::new))).isEqualTo(13);
        assertThat(replicas(10, 100, fill(10, 900).toArray(Pod[]::new))).isEqualTo(10);
        // Configured through behavior: each direction's own tolerance, else the controller-wide one.
        HpaConfig c = HpaConfig.defaults().withBehavior(HpaConfig.ScalingRules.defaultScaleUp().withTolerance(0.5),
                HpaConfig.ScalingRules.defaultScaleDown().withTolerance(0.05));
        assertThat(c.tolerances()).isEqualTo(t);
        assertThat(HpaConfig.defaults().tolerances()).isEqualTo(Tolerances.of(0.1));
    }

    private static List<Pod> fill(int n, long m) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(ready(m));
        }
        return pods;
    }
}
