package dev.scalewise.app;

import dev.scalewise.spark.SparkEngine;
import dev.scalewise.sweep.CellRunner;
import dev.scalewise.sweep.LocalEngine;
import dev.scalewise.sweep.SweepCell;
import dev.scalewise.sweep.SweepEngine;
import dev.scalewise.sweep.SweepProgress;
import dev.scalewise.sweep.SweepRun;
import dev.scalewise.sweep.SweepSpec;
import dev.scalewise.sweep.TraceSource;
import dev.scalewise.workload.TraceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code scalewise sweep}: a grid and/or random search, trained and evaluated on held-out data, locally or on Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a sweep: every configuration of a spec (grid and/or random search over agent, reward, "
                + "exploration, encoder, workload) trained per training seed and evaluated on held-out data; prints "
                + "the table (mean +- 95%% CI) and the best configuration by the objective, and writes sweep.json, "
                + "sweep.csv and sweep.md. Finished cells are recorded in OUT/cells and skipped on restart.",
                "See docs/sweep.md and examples/sweep-small.yaml."})
public final class SweepCommand implements Callable<Integer> {

    /** Where cells run. */
    public enum Engine { local, spark }

    @Spec
    CommandSpec cmd;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "the sweep spec (YAML, or JSON for .json)")
    Path specFile;

    @Option(names = "--engine", defaultValue = "local", description = "local | spark (default: ${DEFAULT-VALUE})")
    Engine engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark (default: local[*]; e.g. local[2], spark://host:7077)")
    String master;

    @Option(names = "--workers", paramLabel = "N",
            description = "threads of the local engine (default: the available processors)")
    Integer workers;

    @Option(names = "--out", paramLabel = "DIR", description = "sweep folder (default: runs/sweep-<name>)")
    Path out;

    @Option(names = "--traces-dir", paramLabel = "DIR",
            description = "where catalog traces live (default: $" + TraceCatalog.ENV + ", ../shared/traces, ~/.scalewise/traces)")
    String tracesDir;

    @Option(names = "--json", paramLabel = "FILE|-", description = "also write sweep.json's document to FILE, or - for standard output")
    String json;

    @Option(names = "--max-cells", paramLabel = "N", hidden = true,
            description = "run at most N cells this session, then stop as if killed (for tests)")
    int maxCells;

    @Override
    public Integer call() throws IOException {
        PrintWriter outw = cmd.commandLine().getOut();
        SweepSpec spec = SweepSpec.read(specFile);
        TraceSource traces = TraceSource.catalog(tracesDir);
        List<SweepCell> cells = spec.cells(name -> {
            try {
                traces.load(name);
                return null;
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
        Path dir = out != null ? out : Path.of("runs", "sweep-" + spec.name());
        boolean interactive = System.console() != null;
        try (SweepEngine e = engine == Engine.spark ? new SparkEngine(master, tracesDir)
                : new LocalEngine(workers != null ? workers : LocalEngine.defaultWorkers(), new CellRunner(traces))) {
            System.err.printf("sweep %s: %d cells (%d configurations x %d training seeds) on %s -> %s%n", spec.name(),
                    cells.size(), cells.size() / spec.trainingSeeds().size(), spec.trainingSeeds().size(), e.describe(),
                    dir);
            SweepRun.Result r = SweepRun.execute(spec, cells, e, dir,
                    (total, done) -> new SweepProgress(System.err, interactive, total, done), maxCells);
            if (!"-".equals(json)) {
                outw.print(r.report().table());
                outw.printf("ran %d cells, skipped %d already finished; results in %s%n", r.outcome().executed(),
                        r.outcome().skipped(), dir);
            }
            if (json != null) {
                String text = SweepRun.json(r.report());
                if ("-".equals(json)) {
                    outw.print(text);
                } else {
                    dev.scalewise.run.AtomicFiles.writeString(Path.of(json), text);
                }
            }
            outw.flush();
            return r.report().failures().isEmpty() ? 0 : 1;
        }
    }
}
