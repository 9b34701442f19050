package dev.scalewise.spark;

import dev.scalewise.sweep.CellResult;
import dev.scalewise.sweep.CellRunner;
import dev.scalewise.sweep.LocalEngine;
import dev.scalewise.sweep.ProgressListener;
import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SparkEngineTest {
    private static final String SMALL = """
            name: tiny
            fixed: {episodes: 4, workload.steps: 120, workload.periodSteps: 120}
            grid:
              agent: [q-learning, sarsa]
              alpha: [0.1, 0.5]
              workload: [default-diurnal, step]
            evaluation: {seeds: [11, 12]}
            """;

    private static List<CellResult> untimed(List<CellResult> rs) {
        return rs.stream().map(CellResult::withoutTiming).toList();
    }

    @Test
    void sparkLocal2GivesTheLocalEnginesResults() {
        List<SweepCell> cells = SweepSpec.parse(SMALL, false).cells(n -> null);
        List<CellResult> local = new LocalEngine(2, new CellRunner(TraceSource.NONE)).run(cells, ProgressListener.NONE);
        assertThat(local).hasSize(8).allMatch(CellResult::ok);
        AtomicInteger finished = new AtomicInteger();
        List<CellResult> spark;
        try (SparkEngine engine = new SparkEngine("local[2]", null)) {
            assertThat(engine.describe()).contains("local[2]");
            spark = engine.run(cells, new ProgressListener() {
                @Override
                public void finished(CellResult r) {
                    finished.incrementAndGet();
                }
            });
        }
        assertThat(finished).hasValue(8);
        assertThat(untimed(spark)).isEqualTo(untimed(local));
    }

    @Test
    void embeddedConfigurationIsLoopbackWithoutUi() {
        var conf = SparkEngine.conf(null);
        assertThat(conf.get("spark.master")).isEqualTo("local[*]");
        assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
    }
}
