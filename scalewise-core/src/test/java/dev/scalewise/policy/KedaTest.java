package dev.scalewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Workloads;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The KEDA cases of {@code BASELINE-CASES.md} ({@code scale_scaledobjects.go}, {@code controllers/keda/hpa.go}),
 * against {@link KedaOperator} (one poll at a time) and {@link KedaPolicy} (operator + HPA in the environment).
 */
class KedaTest {

    private static Observation obs(int step, double rate, int ready, int booting, double backlog) {
        double util = rate / (Math.max(1, ready) * 20.0);
        return new Observation(step, rate, rate, ready, booting, util, 0.1, backlog, 0, 20, rate);
    }

    @Test
    void oneToNIsAnHpaOnTheTriggersMetricWithAnAverageValueTarget() {
        // desired = ceil(metric total / target per replica), booting replicas included, no ceiling.
        assertThat(HpaReplicaCalculator.externalAverageValueReplicas(4, 250_000, 14_000, HpaReplicaCalculator.Tolerances.of(0.1))
                .replicas()).isEqualTo(18);
        // Within tolerance: 4 replicas at 15 req/s each against 14 (ratio 1.07): no change.
        assertThat(HpaReplicaCalculator.externalAverageValueReplicas(4, 60_000, 14_000, HpaReplicaCalculator.Tolerances.of(0.1))
                .replicas()).isEqualTo(4);
        // In the environment: 250 req/s on 2 ready + 2 booting, threshold 0.7 x 20 = 14 req/s per replica. The
        // legacy rules (no behavior) allow max(2 x current, 4) per 15 s sync: 4 -> 8 -> 16 -> 18 in one 60 s step.
        EnvSpec spec = new EnvSpec(60, 20, 0.25, 1, 100, 120, 0.1);
        KedaPolicy keda = KedaPolicy.defaults();
        keda.reset(spec);
        assertThat(keda.act(obs(0, 250, 2, 2, 0))).isEqualTo(14);
        // The CPU HPA sees the same surge capped at 100% CPU with two unready pods counted at 0%: a smaller step.
        HpaPolicy hpa = HpaPolicy.defaults();
        hpa.reset(spec);
        int hpaDelta = hpa.act(obs(0, 250, 2, 2, 0));
        assertThat(hpaDelta).isLessThan(14);
    }

    @Test
    void behaviorOnlyWhenConfiguredInAdvancedHorizontalPodAutoscalerConfig() {
        EnvSpec spec = new EnvSpec(60, 20, 0.25, 1, 100, 120, 0.1);
        HpaConfig.ScalingRules onePodPerMinute = new HpaConfig.ScalingRules(0, HpaConfig.SelectPolicy.MAX,
                java.util.List.of(new HpaConfig.ScalingPolicy(HpaConfig.PolicyType.PODS, 1, 60)));
        KedaPolicy k = new KedaPolicy(KedaConfig.defaults().withHpa(HpaConfig.defaults().withBehavior(onePodPerMinute, null)));
        k.reset(spec);
        assertThat(k.act(obs(0, 250, 4, 0, 0))).isEqualTo(1);
    }

    @Test
    void queueLengthTriggerScalesOnBacklogPerReplica() {
        EnvSpec spec = new EnvSpec(60, 20, 0.25, 1, 100, 120, 0.1);
        KedaPolicy k = new KedaPolicy(KedaConfig.defaults().withTrigger(KedaConfig.Trigger.QUEUE_LENGTH, 20));
        k.reset(spec);
        // 100 waiting on 2 replicas, 20 per replica: ceil(100 / 20) = 5 (legacy limit max(4, 4) = 4 first, then 5).
        assertThat(k.act(obs(0, 10, 2, 0, 100))).isEqualTo(3);
    }

    @Test
    void activationFromZeroScalesToMaxOfOneAndMinReplicaCount() {
        KedaOperator op = new KedaOperator(KedaConfig.defaults());
        op.reset();
        assertThat(op.poll(0, 0, 0.5)).isEqualTo(OptionalInt.of(1));
        assertThat(op.lastActiveSeconds()).isZero();
        KedaOperator three = new KedaOperator(KedaConfig.defaults().withReplicaCounts(3, 100));
        three.reset();
        assertThat(three.poll(0, 0, 0.5)).isEqualTo(OptionalInt.of(3));
        // Not above the activation threshold: not active.
        KedaOperator thresh = new KedaOperator(KedaConfig.defaults().withActivationThreshold(5));
        thresh.reset();
        thresh.recordLastActive(0);
        assertThat(thresh.poll(30, 0, 5.0)).isEmpty();
        assertThat(thresh.poll(60, 0, 5.1)).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void scaleToZeroOnlyWhenLastActivePlusCooldownIsStrictlyBeforeNow() {
        // Active poll at 0 s, inactive from 30 s, cooldown 300 s, polling 30 s: zero at 330 s, not 300 s.
        KedaOperator op = new KedaOperator(KedaConfig.defaults());
        op.reset();
        assertThat(op.poll(0, 2, 5)).isEmpty();
        for (int t = 30; t <= 300; t += 30) {
            assertThat(op.poll(t, 2, 0)).as("poll at %d s", t).isEmpty();
        }
        assertThat(op.poll(330, 2, 0)).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void minReplicaCountAboveZeroInactiveTheOperatorDoesNothing() {
        KedaOperator op = new KedaOperator(KedaConfig.defaults().withReplicaCounts(2, 100));
        op.reset();
        for (int t = 0; t <= 900; t += 30) {
            assertThat(op.poll(t, 5, 0)).as("poll at %d s", t).isEmpty();
        }
        // Below the minimum it does set the minimum.
        assertThat(op.poll(930, 1, 0)).isEqualTo(OptionalInt.of(2));
        // In the environment: 5 instances, no traffic, minReplicaCount 2: only the HPA scales down (after its
        // 300 s window), to 2, never to a forced value earlier.
        EnvSpec spec = new EnvSpec(30, 20, 0.25, 0, 100, 120, 0.1);
        KedaPolicy k = new KedaPolicy(KedaConfig.defaults().withReplicaCounts(2, 100));
        k.reset(spec);
        int instances = 5;
        for (int t = 0; t < 10; t++) {
            int d = k.act(obs(t, 0, instances, 0, 0));
            assertThat(d).as("step %d: inside the HPA's 300 s window", t).isZero();
        }
        // Step 10 covers 300..330 s: the sync at 300 s still holds the initial recommendation of 5, the one at 315 s
        // lets go.
        assertThat(k.act(obs(10, 0, instances, 0, 0))).isEqualTo(-3);
    }

    @Test
    void neverActiveSinceCreationScalesToZeroAtTheFirstPollInitialCooldownPeriod() {
        KedaOperator op = new KedaOperator(KedaConfig.defaults());
        op.reset();
        assertThat(op.poll(0, 3, 0)).isEqualTo(OptionalInt.of(0));
        KedaOperator later = new KedaOperator(KedaConfig.defaults().withInitialCooldownPeriodSeconds(120));
        later.reset();
        for (int t = 0; t < 120; t += 30) {
            assertThat(later.poll(t, 3, 0)).isEmpty();
        }
        assertThat(later.poll(120, 3, 0)).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void scaleToZeroWithMinInstancesZeroFollowsTheCooldownToThePollInTheEnvironment() {
        // A real environment, 30 s steps (one poll per step), --min-instances 0: 10 req/s for 5 steps, then none.
        EnvConfig cfg = EnvConfig.defaults().withStepSeconds(30).withPoissonArrivals(false)
                .withCluster(ClusterConfig.defaults().withBounds(0, 50, 2));
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workloads.step(40, 30, 10, 0, 5), CostSlaReward.defaults());
        KedaPolicy k = KedaPolicy.defaults();
        k.reset(env.spec());
        Observation o = env.reset(1);
        int lastActiveStep = -1;
        int zeroStep = -1;
        for (int t = 0; t < 30 && zeroStep < 0; t++) {
            if (o.arrivalRate() > 0) {
                lastActiveStep = o.step();
            }
            int d = k.act(o);
            o = env.step(d).observation();
            if (o.instances() == 0) {
                zeroStep = t;
            }
        }
        assertThat(lastActiveStep).isGreaterThanOrEqualTo(4);
        // Last active poll at lastActiveStep x 30 s; zero at the first poll strictly after + 300 s: 11 polls later.
        assertThat(zeroStep).isEqualTo(lastActiveStep + 11);
        // Traffic again: activation at the next poll.
        assertThat(k.act(new Observation(zeroStep + 1, 5, 0, 0, 0, 0, 0, 0, 0, 20, 5))).isEqualTo(1);
    }
}
