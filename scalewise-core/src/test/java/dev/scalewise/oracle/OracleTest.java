package dev.scalewise.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.StepResult;
import dev.scalewise.experiment.Comparison;
import dev.scalewise.experiment.ComparisonResult;
import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.SplitMix64;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleTest {

    /** Runs a fixed capacity sequence; returns {cost, violations}. */
    private static double[] replay(EnvConfig cfg, Trace trace, int[] capacity) {
        AutoscaleEnv env = new AutoscaleEnv(cfg, Workload.fixed(trace), CostSlaReward.defaults());
        Observation o = env.reset(1);
        double cost = 0;
        int violations = 0;
        for (int c : capacity) {
            StepResult r = env.step(c - o.instances());
            cost += r.info().costUsd();
            violations += r.info().slaViolated() ? 1 : 0;
            o = r.observation();
        }
        return new double[] {cost, violations};
    }

    private static double bruteForceCheapestCompliant(EnvConfig cfg, Trace trace) {
        int n = trace.length();
        int lo = cfg.cluster().minInstances();
        int hi = cfg.cluster().maxInstances();
        int[] cap = new int[n];
        double best = Double.POSITIVE_INFINITY;
        int base = hi - lo + 1;
        long total = (long) Math.pow(base, n);
        for (long code = 0; code < total; code++) {
            long x = code;
            for (int t = 0; t < n; t++) {
                cap[t] = lo + (int) (x % base);
                x /= base;
            }
            double[] r = replay(cfg, trace, cap);
            if (r[1] == 0 && r[0] < best) {
                best = r[0];
            }
        }
        return best;
    }

    @Test
    void equalsBruteForceOnTinyTraces() {
        SplitMix64 rng = new SplitMix64(42);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
            double boot = trial % 3 == 0 ? 0 : trial % 3 == 1 ? 60 : 120;
            int min = trial % 2;
            int initial = 1 + (trial % 3 == 2 ? 1 : 0);
            ClusterConfig cc = new ClusterConfig(min, 4, Math.max(min, initial), boot, 0.10, 60);
            EnvConfig cfg = EnvConfig.defaults().withCluster(cc).withPoissonArrivals(false);
            double[] rates = new double[6];
            for (int t = 0; t < rates.length; t++) {
                rates[t] = t == 0 ? 10 : rng.nextDouble() < 0.3 ? 0 : rng.nextDouble() * 60;
            }
            Trace trace = new Trace("tiny", 60, rates);
            OracleSchedule s = Oracle.plan(rates, cfg);
            double[] oracle = replay(cfg, trace, s.capacity());
            double brute = bruteForceCheapestCompliant(cfg, trace);
            if (Double.isInfinite(brute)) {
                assertThat(s.unmetSteps()).as("trial %d: no compliant schedule exists", trial).isPositive();
                continue;
            }
            assertThat(s.unmetSteps()).as("trial %d", trial).isZero();
            assertThat(oracle[1]).as("trial %d: oracle violations", trial).isZero();
            assertThat(oracle[0]).as("trial %d: oracle cost vs brute force", trial).isCloseTo(brute,
                    org.assertj.core.data.Offset.offset(1e-12));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** A policy that scales at random (a search over the space of behaviours). */
    private static final class RandomPolicy implements Policy {
        private final SplitMix64 rng;
        private final double pAct;

        RandomPolicy(long seed, double pAct) {
            this.rng = new SplitMix64(seed);
            this.pAct = pAct;
        }

        @Override
        public String name() {
            return "random";
        }

        @Override
        public void reset(EnvSpec spec) {
        }

        @Override
        public int act(Observation o) {
            if (rng.nextDouble() >= pAct) {
                return 0;
            }
            // Biased to follow the required capacity loosely so that some runs are fully compliant.
            int need = (int) Math.ceil(o.arrivalRate() / (o.serviceRate() * 0.6));
            return need - o.instances() + (int) (rng.nextLong() % 3);
        }
    }

    @Test
    void noPolicyBeatsTheOracleAtFullSlaCompliance() {
        SplitMix64 rng = new SplitMix64(7);
        int compliantRuns = 0;
        for (int trial = 0; trial < 8; trial++) {
            double[] rates = new double[120];
            double level = 100;
            for (int t = 0; t < rates.length; t++) {
                level = Math.max(5, level + (rng.nextDouble() - 0.5) * 40);
                rates[t] = level;
            }
            Trace trace = new Trace("random-" + trial, 60, rates);
            int initial = Oracle.requiredInstances(rates[0] * 1.3, EnvConfig.defaults()) + 1;
            ClusterConfig cc = new ClusterConfig(1, 60, initial, trial % 2 == 0 ? 120 : 60, 0.10, 60);
            EnvConfig cfg = EnvConfig.defaults().withCluster(cc);
            PolicyRegistry reg = PolicyRegistry.defaults();
            List<Comparison.Entry> entries = new ArrayList<>(Comparison.Setup.entries(reg, reg.names()));
            for (int i = 0; i < 12; i++) {
                long s = rng.nextLong();
                double p = 0.2 + 0.06 * i;
                entries.add(new Comparison.Entry("random-" + i, c -> new RandomPolicy(s, p)));
            }
            ComparisonResult r = Comparison.run(new Comparison.Setup(trace, null, cfg, CostSlaReward.defaults(), entries,
                    List.of(11L, 12L), reg));
            ComparisonResult.PolicyResult oracle = r.policy("oracle");
            for (int si = 0; si < 2; si++) {
                double floor = oracle.perSeed().get(si).costUsd();
                for (ComparisonResult.PolicyResult p : r.policies()) {
                    var k = p.perSeed().get(si);
                    if (k.slaCompliancePct() >= 100.0) {
                        compliantRuns++;
                        assertThat(k.costUsd()).as("%s, trial %d, seed %d", p.name(), trial, si)
                                .isGreaterThanOrEqualTo(floor - 1e-9);
                    }
                }
            }
            assertThat(oracle.mean(Metric.SLA_COMPLIANCE_PCT)).as("oracle meets the SLA on realized arrivals").isEqualTo(100.0);
        }
        assertThat(compliantRuns).isGreaterThan(20);
    }

    @Test
    void requiredInstancesHasNoCliffAtIntegerLoad() {
        EnvConfig cfg = EnvConfig.defaults(); // mu = 20/s, p95 SLO 250 ms
        // 100 req/s on 5 instances is rho = 1 (unstable): both 99 and 100 req/s need 6, 100.0001 too.
        assertThat(Oracle.requiredInstances(99, cfg)).isEqualTo(6);
        assertThat(Oracle.requiredInstances(100, cfg)).isEqualTo(6);
        assertThat(Oracle.requiredInstances(100 + 1e-9, cfg)).isEqualTo(6);
        assertThat(Oracle.requiredInstances(0, cfg)).isZero();
        // Against a linear scan of the stationary criterion, over a range of rates and two queue limits.
        for (EnvConfig c : new EnvConfig[] {cfg, cfg.withQueueLimit(10)}) {
            for (double rate = 0.5; rate < 3000; rate *= 1.37) {
                int n = Oracle.requiredInstances(rate, c);
                assertThat(meets(rate, n, c)).as("rate %s", rate).isTrue();
                assertThat(n <= 0 || !meets(rate, n - 1, c)).as("rate %s", rate).isTrue();
            }
        }
    }

    private static boolean meets(double rate, int n, EnvConfig c) {
        if (rate >= n * c.serviceRate()) {
            return false;
        }
        double a = rate / c.serviceRate();
        double block = Double.isFinite(c.queueLimit())
                ? dev.scalewise.queue.ErlangC.blockingProbability(n, n + (long) c.queueLimit(), a) : 0;
        return block * rate * c.stepSeconds() <= AutoscaleEnv.DROP_TOLERANCE_REQUESTS
                && dev.scalewise.queue.ErlangC.responseQuantile(n, rate, c.serviceRate(), 0.95) <= c.sloSeconds();
    }
}
