package dev.scalewise.spark;

import dev.scalewise.sweep.CellRunner;
import dev.scalewise.sweep.LocalEngine;
import dev.scalewise.sweep.ProgressListener;
import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepEngine;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sweep benchmark: wall time of one whole 16-cell sweep (default {@code examples/sweep-small.yaml}) on the local
 * engine with 1 and 2 workers and on Spark {@code local[2]} (context start-up included), median of N repetitions
 * after one warm-up each. Usage: {@code SweepBench [SPEC] [REPS]}. Whole sweeps in seconds make JMH unnecessary.
 */
public final class SweepBench {
    private SweepBench() {
    }

    public static void main(String[] args) throws Exception {
        Path specFile = Path.of(args.length > 0 ? args[0] : "examples/sweep-small.yaml");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<SweepCell> cells = SweepSpec.read(specFile).cells(n -> null);
        CellRunner runner = new CellRunner(TraceSource.NONE);
        double one = median(reps, () -> new LocalEngine(1, runner));
        double two = median(reps, () -> new LocalEngine(2, runner));
        double spark = median(reps, () -> new SparkEngine("local[2]", null));
        System.out.printf(Locale.ROOT, "cells %d, processors %d, reps %d%n", cells.size(),
                Runtime.getRuntime().availableProcessors(), reps);
        System.out.printf(Locale.ROOT, "local 1 worker   %.2f s%nlocal 2 workers  %.2f s  (speed-up %.2fx)%n"
                + "spark local[2]   %.2f s  (+%.2f s over local 2 workers)%n", one, two, one / two, spark, spark - two);
    }

    private interface EngineFactory {
        SweepEngine create();
    }

    private static double median(int reps, EngineFactory f) throws Exception {
        List<SweepCell> cells = SweepSpec.read(Path.of(System.getProperty("bench.spec",
                "examples/sweep-small.yaml"))).cells(n -> null);
        double[] t = new double[reps];
        for (int i = -1; i < reps; i++) {
            long t0 = System.nanoTime();
            try (SweepEngine e = f.create()) {
                e.run(cells, ProgressListener.NONE);
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(t);
        return t[reps / 2];
    }
}
