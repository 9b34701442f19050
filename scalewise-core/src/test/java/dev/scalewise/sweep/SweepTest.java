package dev.scalewise.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SweepTest {
    /** Tiny cells: a few short episodes each. */
    static final String SMALL = """
            name: tiny
            fixed:
              episodes: 4
              workload.steps: 120
              workload.periodSteps: 120
            grid:
              agent: [q-learning, sarsa]
              alpha: [0.1, 0.5]
            training_seeds: [1, 2]
            evaluation: {seeds: [11, 12]}
            objective: min cost_usd subject to sla_compliance_pct >= 50
            """;

    static List<CellResult> untimed(List<CellResult> rs) {
        return rs.stream().map(CellResult::withoutTiming).toList();
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers(@TempDir Path dir) {
        List<SweepCell> cells = SweepSpec.parse(SMALL, false).cells(n -> null);
        CellRunner runner = new CellRunner(TraceSource.NONE);
        List<CellResult> one = new LocalEngine(1, runner).run(cells, ProgressListener.NONE);
        List<CellResult> two = new LocalEngine(2, runner).run(cells, ProgressListener.NONE);
        assertThat(one).hasSize(8).allMatch(CellResult::ok);
        assertThat(untimed(two)).isEqualTo(untimed(one));
        assertThat(one.get(0).metrics().get("cost_usd").n()).isEqualTo(2);
        SweepReport report = SweepReport.of("tiny", Objective.parse("min cost_usd"), cells, one);
        assertThat(report.configurations()).hasSize(4);
        assertThat(report.configurations().get(0).trainingSeeds()).isEqualTo(2);
        assertThat(report.best()).isBetween(0, 3);
        assertThat(report.table()).contains("best (min cost_usd)");
        assertThat(report.csv().lines().count()).isEqualTo(5);
        assertThat(report.markdown()).contains("(best)");
    }

    @Test
    void theBestOfEachWorkloadIsReportedWhenTheWorkloadVaries() {
        String spec = SMALL.replace("alpha: [0.1, 0.5]", "workload: [default-diurnal, step]")
                .replace("training_seeds: [1, 2]", "training_seeds: [1]");
        SweepSpec s = SweepSpec.parse(spec, false);
        // synthetic workloads are not catalog traces: the checker is not asked about them
        List<SweepCell> cells = s.cells(n -> "unexpected check of " + n);
        List<CellResult> rs = new LocalEngine(2, new CellRunner(TraceSource.NONE)).run(cells, ProgressListener.NONE);
        SweepReport report = SweepReport.of("w", Objective.parse("min cost_usd"), cells, rs);
        var per = report.bestPerWorkload();
        assertThat(per).containsOnlyKeys("default-diurnal", "step");
        per.forEach((w, best) -> {
            assertThat(best.params().get("workload")).isEqualTo(w);
            for (SweepReport.Row r : report.configurations()) {
                if (r.params().get("workload").equals(w)) {
                    assertThat(best.mean("cost_usd")).isLessThanOrEqualTo(r.mean("cost_usd"));
                }
            }
        });
        assertThat(report.table()).contains("  best for step: " + per.get("step").configId());
        assertThat(report.json()).containsKey("best_per_workload");
        assertThat(SweepReport.of("tiny", Objective.parse("min cost_usd"), SweepSpec.parse(SMALL, false).cells(n -> null),
                List.of()).bestPerWorkload()).isEmpty();
    }

    @Test
    void aKilledSweepRestartsWithOnlyTheRemainingCells(@TempDir Path dir) {
        List<SweepCell> cells = SweepSpec.parse(SMALL, false).cells(n -> null);
        CellRunner runner = new CellRunner(TraceSource.NONE);
        AtomicInteger executed = new AtomicInteger();
        ProgressListener count = new ProgressListener() {
            @Override
            public void finished(CellResult r) {
                executed.incrementAndGet();
            }
        };
        CellStore store = new CellStore(dir);
        Sweep.Outcome first = Sweep.run(cells, new LocalEngine(2, runner), store, count, 3);
        assertThat(first.complete()).isFalse();
        assertThat(first.executed()).isEqualTo(3);
        assertThat(executed).hasValue(3);
        Sweep.Outcome second = Sweep.run(cells, new LocalEngine(2, runner), new CellStore(dir), count, 0);
        assertThat(second.skipped()).isEqualTo(3);
        assertThat(second.executed()).isEqualTo(5);
        assertThat(executed).hasValue(8);
        assertThat(second.results()).hasSize(8);
        List<CellResult> fresh = new LocalEngine(2, runner).run(cells, ProgressListener.NONE);
        assertThat(untimed(second.results())).isEqualTo(untimed(fresh));
        Sweep.Outcome third = Sweep.run(cells, new LocalEngine(2, runner), new CellStore(dir), count, 0);
        assertThat(third.executed()).isZero();
    }

    @Test
    void aFailingCellIsReportedAndTheSweepGoesOn(@TempDir Path dir) {
        String yaml = """
                fixed: {episodes: 2, workload.steps: 120}
                grid:
                  workload: [step, broken]
                evaluation: {seeds: [1]}
                """;
        List<SweepCell> cells = SweepSpec.parse(yaml, false).cells(n -> null);
        TraceSource traces = name -> {
            throw new IllegalStateException("trace file of '" + name + "' is corrupt");
        };
        Sweep.Outcome out = Sweep.run(cells, new LocalEngine(2, new CellRunner(traces)), new CellStore(dir),
                ProgressListener.NONE, 0);
        assertThat(out.results()).hasSize(2);
        assertThat(out.results().get(0).ok()).isTrue();
        assertThat(out.results().get(1).ok()).isFalse();
        assertThat(out.results().get(1).error()).contains("trace file of 'broken' is corrupt");
        SweepReport report = SweepReport.of("f", Objective.parse("min cost_usd"), cells, out.results());
        assertThat(report.failures()).hasSize(1);
        assertThat(report.summaryLine()).contains("failed: java.lang.IllegalStateException: trace file of 'broken'");
        assertThat(report.bestRow().params()).containsEntry("workload", "step");
    }
}
