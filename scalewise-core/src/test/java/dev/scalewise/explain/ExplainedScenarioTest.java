package dev.scalewise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.Workload;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExplainedScenarioTest {
    private static Trace ramp() {
        double[] r = new double[500];
        for (int i = 0; i < r.length; i++) {
            r[i] = 10 + i % 97 + i / 97.0;
        }
        return new Trace("ramp", 60, r);
    }

    @Test
    void aWindowDrawnByTheEpisodeSeedIsNamedByItsStepsInTheTrace() {
        Trace base = ramp();
        Scenarios.TraceResolver traces = name -> Workload.fixed(base);
        WorkloadSpec spec = new WorkloadSpec("trace", Map.of("fromStep", 100.0, "toStep", 400.0, "scale", 2.0,
                "windowSteps", 50.0), "ramp");
        Workload w = Scenarios.traceWorkload(traces.resolve("ramp"), spec);
        for (long seed : new long[] {1, 2, 3}) {
            Trace episode = w.generate(new SplittableRandom(seed));
            ExplainedScenario s = ExplainedScenario.of(spec, episode, traces, seed, "a training window");
            assertThat(s.toStep() - s.fromStep()).isEqualTo(50);
            assertThat(s.fromStep()).isBetween(100, 350);
            // the named steps of the base trace, scaled, are the episode's rates
            assertThat(base.slice(s.fromStep(), s.toStep()).scaled(2).rates()).containsExactly(episode.rates());
            assertThat(s.description()).isEqualTo("ramp, steps " + s.fromStep() + ".." + s.toStep()
                    + " (60 s each), scaled x2.000, episode seed " + seed + " (a training window)");
        }
    }

    @Test
    void aSliceAndAGeneratedWorkloadAreNamed() {
        assertThat(ExplainedScenario.slice("nasa-http-1995", 60480, 61920, 60, 0.0123456, 1, "the held-out days")
                .description()).isEqualTo("nasa-http-1995, steps 60480..61920 (60 s each), scaled x0.01235, episode "
                        + "seed 1 (the held-out days)");
        ExplainedScenario g = ExplainedScenario.of(WorkloadSpec.of("default-diurnal"), new Trace("d", 60, new double[1440]),
                Scenarios.NO_TRACES, 4, null);
        assertThat(g.description()).isEqualTo("default-diurnal, 1440 steps (60 s each), episode seed 4");
        assertThat(g.fromStep()).isNull();
    }
}
