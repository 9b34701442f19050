package dev.scalewise.app;

import dev.scalewise.app.charts.ComparisonCharts;
import dev.scalewise.app.charts.TrainingDashboard;
import dev.scalewise.env.EnvConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalewise plot}: PNG charts from a run folder (training dashboard and/or comparison). */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw PNG charts from a run folder.")
public final class PlotCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "Run folder (steps.csv/episodes.csv and/or comparison_steps.csv)")
    Path runDir;

    @Option(names = "--out", description = "Where to write the PNGs (default: the run folder)")
    Path out;

    @Option(names = "--service-rate", defaultValue = "20", description = "Requests/s of one instance, for demand in instances (default: ${DEFAULT-VALUE})")
    double serviceRate;

    @Option(names = "--slo-ms", defaultValue = "250", description = "p95 objective drawn on the latency chart (default: ${DEFAULT-VALUE})")
    double sloMs;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("--run-dir " + runDir + " is not a folder");
        }
        Path target = out == null ? runDir : out;
        List<Path> written = new ArrayList<>();
        if (Files.exists(runDir.resolve("steps.csv")) || Files.exists(runDir.resolve("episodes.csv"))) {
            written.addAll(TrainingDashboard.write(runDir, target));
        }
        Path cmp = runDir.resolve("comparison_steps.csv");
        if (Files.exists(cmp)) {
            written.addAll(ComparisonCharts.write(ComparisonCharts.readStepsCsv(cmp), serviceRate, sloMs, target));
        }
        if (written.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot in " + runDir
                    + " (expected steps.csv, episodes.csv or comparison_steps.csv)");
        }
        written.forEach(p -> spec.commandLine().getOut().println("wrote " + p));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static double defaultSloMs() {
        return EnvConfig.defaults().sloSeconds() * 1000;
    }
}
