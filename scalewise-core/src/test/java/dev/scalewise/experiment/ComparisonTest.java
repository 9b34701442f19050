package dev.scalewise.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.StepInfo;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static ComparisonResult run(List<Long> seeds) {
        Trace trace = Workloads.diurnal(240, 60, 100, 60, 240, 5).generate(Seeds.stream(3, "workload"));
        PolicyRegistry reg = PolicyRegistry.defaults();
        return Comparison.run(new Comparison.Setup(trace, null, EnvConfig.defaults(), CostSlaReward.defaults(),
                Comparison.Setup.entries(reg, reg.names()), seeds, reg));
    }

    @Test
    void everyPolicySeesIdenticalArrivals() {
        ComparisonResult r = run(List.of(5L, 6L));
        assertThat(r.arrivalsVerified()).isTrue();
        Map<String, List<StepInfo>> series = r.firstSeedSeries();
        assertThat(series).hasSize(PolicyRegistry.defaults().names().size());
        double[] expected = r.firstSeedArrivals();
        int distinctFromTrace = 0;
        for (var e : series.entrySet()) {
            List<StepInfo> steps = e.getValue();
            assertThat(steps).hasSize(expected.length);
            for (int t = 0; t < expected.length; t++) {
                assertThat(steps.get(t).arrivalRate()).as("%s step %d", e.getKey(), t).isEqualTo(expected[t]);
            }
        }
        for (int t = 0; t < expected.length; t++) {
            if (expected[t] != r.traceRates()[t]) {
                distinctFromTrace++;
            }
        }
        // Poisson noise is on: the arrivals are not the trace's rates, yet identical across policies.
        assertThat(distinctFromTrace).isGreaterThan(expected.length / 2);
        // Another seed draws other arrivals.
        assertThat(Comparison.recordArrivals(new Comparison.Setup(new Trace("x", 60, r.traceRates()), null,
                EnvConfig.defaults(), CostSlaReward.defaults(), List.of(new Comparison.Entry("static",
                PolicyRegistry.defaults().factory("static"))), List.of(6L), PolicyRegistry.defaults()), 6L))
                .isNotEqualTo(expected);
    }

    @Test
    void savingsAndRegretAreQuotedAgainstStaticAndOracle() {
        ComparisonResult r = run(List.of(1L, 2L, 3L));
        assertThat(r.policy("static").mean(Metric.SAVINGS_VS_STATIC_PCT)).isEqualTo(0.0);
        assertThat(r.policy("oracle").mean(Metric.REGRET_VS_ORACLE_PCT)).isEqualTo(0.0);
        var hpa = r.policy("hpa");
        double expectedSavings = 0;
        for (int i = 0; i < 3; i++) {
            expectedSavings += 100 * (1 - hpa.perSeed().get(i).costUsd() / r.policy("static").perSeed().get(i).costUsd());
        }
        assertThat(hpa.mean(Metric.SAVINGS_VS_STATIC_PCT)).isCloseTo(expectedSavings / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hpa.stat(Metric.COST_USD).ci95()).isPositive();
        // Total cost = bill + $1 per minute out of the SLA + $0.001 per dropped request (the cost-sla prices);
        // flaps per day = flaps / 4 h of steps x 24 h.
        for (var p : r.policies()) {
            double total = 0;
            double flapsPerDay = 0;
            for (var k : p.perSeed()) {
                long violating = Math.round(k.steps() * (100 - k.slaCompliancePct()) / 100);
                total += k.costUsd() + violating + 0.001 * k.droppedRequests();
                flapsPerDay += k.flaps() / (k.steps() / 1440.0);
            }
            assertThat(p.mean(Metric.TOTAL_COST_USD)).as(p.name()).isCloseTo(total / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.mean(Metric.FLAPS_PER_DAY)).as(p.name()).isCloseTo(flapsPerDay / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.mean(Metric.TOTAL_COST_USD)).isGreaterThanOrEqualTo(p.mean(Metric.COST_USD));
        }
        // Deterministic: same setup, same numbers.
        assertThat(ComparisonReport.json(run(List.of(1L, 2L, 3L)))).isEqualTo(ComparisonReport.json(r));
    }

    @Test
    void jsonHasTheFieldsOfCliMd() throws Exception {
        ComparisonResult r = run(List.of(1L));
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ComparisonReport.json(r));
        for (String f : List.of("trace", "steps", "step_seconds", "seeds", "policies")) {
            assertThat(tree.has(f)).as(f).isTrue();
        }
        var p = tree.get("policies").get(0);
        for (String f : List.of("name", "cost_usd", "instance_hours", "savings_vs_static_pct", "sla_compliance_pct",
                "sla_compliance_requests_pct", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "dropped_requests",
                "scaling_actions", "flaps", "flaps_per_day", "total_cost_usd", "mean_utilization", "regret_vs_oracle_pct", "ci95")) {
            assertThat(p.has(f)).as(f).isTrue();
        }
        assertThat(p.get("ci95").has("cost_usd")).isTrue();
        assertThat(ComparisonReport.table(r)).contains("aws-target-tracking").contains("oracle");
        assertThat(ComparisonReport.csv(r).lines().count()).isEqualTo(1 + PolicyRegistry.defaults().names().size());
        assertThat(ComparisonReport.markdown(r)).contains("| hpa |");
    }

    @Test
    void confidenceIntervalUsesStudentT() {
        MetricStats s = MetricStats.of(new double[] {1, 2, 3});
        assertThat(s.mean()).isEqualTo(2.0);
        // t(0.975, 2) = 4.302652729749464; sd = 1; half-width = t / sqrt(3)
        assertThat(s.ci95()).isCloseTo(4.302652729749464 / Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-9));
    }
}
