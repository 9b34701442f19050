package dev.scalewise.spark;

import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepProgress;
import dev.scalewise.sweep.SweepRun;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code spark-submit} entry point: {@code --spec FILE [--out DIR] [--traces-dir DIR]}. The master and Spark's
 * settings come from {@code spark-submit}; the spec is read and the results written on the driver. See
 * {@code docs/sweep.md}.
 */
public final class SparkSweepMain {
    private SparkSweepMain() {
    }

    public static void main(String[] args) throws Exception {
        Path spec = null;
        Path out = null;
        String traces = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> spec = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--traces-dir" -> traces = args[++i];
                default -> {
                    System.err.println("usage: SparkSweepMain --spec FILE [--out DIR] [--traces-dir DIR]");
                    System.exit(2);
                }
            }
        }
        if (spec == null) {
            System.err.println("usage: SparkSweepMain --spec FILE [--out DIR] [--traces-dir DIR]");
            System.exit(2);
        }
        SweepSpec s = SweepSpec.read(spec);
        TraceSource source = TraceSource.catalog(traces);
        List<SweepCell> cells = s.cells(name -> check(source, name));
        Path dir = out != null ? out : Path.of("runs", "sweep-" + s.name());
        try (SparkEngine engine = new SparkEngine((String) null, traces)) {
            System.err.println("sweep " + s.name() + ": " + cells.size() + " cells on " + engine.describe() + " -> " + dir);
            SweepRun.Result r = SweepRun.execute(s, cells, engine, dir,
                    (total, done) -> new SweepProgress(System.err, false, total, done), 0);
            System.out.print(r.report().table());
        }
    }

    /** Null when {@code name} resolves, else the error. */
    static String check(TraceSource source, String name) {
        try {
            source.load(name);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
