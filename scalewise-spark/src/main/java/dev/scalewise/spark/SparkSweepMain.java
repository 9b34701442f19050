package dev.scalewise.spark;

import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepProgress;
import dev.scalewise.sweep.SweepRun;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code spark-submit} entry point: {@code --spec FILE [--out DIR] [--traces-dir DIR]}. The master and Spark's
 * settings come from {@code spark-submit}; the spec is read, traces loaded (and broadcast to executors) and the
 * results written on the driver. Exit codes are the command line's: 0, 1 when some cell failed (or the run stopped), 2 for bad
 * arguments or a bad spec. See {@code docs/sweep.md}.
 */
public final class SparkSweepMain {
    static final String USAGE = "usage: SparkSweepMain --spec FILE [--out DIR] [--traces-dir DIR]";

    private SparkSweepMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the sweep and returns the exit code. */
    static int run(String[] args) {
        Path spec = null;
        Path out = null;
        String traces = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length || !List.of("--spec", "--out", "--traces-dir").contains(a)) {
                System.err.println("error: " + (List.of("--spec", "--out", "--traces-dir").contains(a)
                        ? "option " + a + " needs a value" : "unknown argument '" + a + "'") + "\n" + USAGE);
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--spec" -> spec = Path.of(v);
                case "--out" -> out = Path.of(v);
                default -> traces = v;
            }
        }
        if (spec == null) {
            System.err.println("error: --spec is required\n" + USAGE);
            return 2;
        }
        SweepSpec s;
        List<SweepCell> cells;
        try {
            s = SweepSpec.read(spec);
            TraceSource source = TraceSource.catalog(traces);
            cells = s.cells(name -> check(source, name));
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Path dir = out != null ? out : Path.of("runs", "sweep-" + s.name());
        try (SparkEngine engine = new SparkEngine((String) null, traces)) {
            System.err.println("sweep " + s.name() + ": " + cells.size() + " cells on " + engine.describe() + " -> " + dir);
            SweepRun.Result r = SweepRun.execute(s, cells, engine, dir,
                    (total, done) -> new SweepProgress(System.err, false, total, done), 0);
            System.out.print(r.report().table());
            System.out.printf("ran %d cells, skipped %d already finished; results in %s%n", r.outcome().executed(),
                    r.outcome().skipped(), dir);
            System.out.flush();
            return r.report().failures().isEmpty() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            // the spec was good: a failure while running (the cluster gone, an unwritable folder) is not code 2
            System.err.println("error: sweep " + s.name() + " stopped: " + e.getMessage());
            return 1;
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
