package dev.scalewise.app;

import dev.scalewise.app.charts.ParetoChart;
import dev.scalewise.experiment.ComparisonReport;
import dev.scalewise.reference.PolicyQualityReport;
import dev.scalewise.workload.TraceCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalewise report}: reports that run a pipeline of the core and write Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a report (see the subcommands).",
        subcommands = ReportCommand.PolicyQuality.class)
public final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code scalewise report policy-quality}. */
    @Command(name = "policy-quality", mixinStandardHelpOptions = true,
            description = {"Every policy (baselines, tuned baselines, mpc, perfect-forecast, the trained agent, the "
                    + "oracle) on the held-out part of each shared trace, trained and tuned on its first 70%%; writes "
                    + "a Markdown table (cost, total cost with SLA credit, SLA %%, regret, flaps) and a Pareto chart per "
                    + "trace.", "Example: scalewise report policy-quality --out docs/policy-quality.md"})
    static final class PolicyQuality implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--traces", split = ",", description = "Catalog traces (default: all five shared traces).")
        List<String> traces = PolicyQualityReport.TRACES;

        @Option(names = "--traces-dir", description = "Where catalog traces live (default: $SCALEWISE_TRACES_DIR, "
                + "../shared/traces, ~/.scalewise/traces).")
        String tracesDir;

        @Option(names = "--episodes", defaultValue = "500", description = "Agent training episodes per trace; 0 "
                + "leaves the agent out (default: ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--seeds", defaultValue = "3", description = "Evaluation seeds (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--test-days", defaultValue = "3", description = "Held-out days (default: ${DEFAULT-VALUE}).")
        int testDays;

        @Option(names = "--boot-delay", defaultValue = "120", description = "Boot delay in seconds (default: ${DEFAULT-VALUE}).")
        double bootDelay;

        @Option(names = "--out", defaultValue = "policy-quality.md", description = "The Markdown report "
                + "(default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--work-dir", description = "A new folder for the agents' training runs and the per-trace "
                + "Pareto charts (default: runs/policy-quality-<timestamp>).")
        Path workDir;

        @Override
        public Integer call() throws Exception {
            PolicyQualityReport.Spec s = new PolicyQualityReport.Spec(traces, 0.7, testDays, seeds, bootDelay, episodes,
                    PolicyQualityReport.Spec.defaults().trainSeed());
            TraceCatalog catalog = TraceCatalog.fromEnvironment(tracesDir);
            for (String t : traces) {
                if (TraceCatalog.entry(t).isEmpty()) {
                    throw new IllegalArgumentException("--traces: '" + t + "' is not a catalog trace; known: "
                            + String.join(", ", PolicyQualityReport.TRACES));
                }
            }
            if (workDir == null) {
                workDir = Path.of("runs", "policy-quality-" + java.time.LocalDateTime.now()
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            }
            PrintWriter outw = spec.commandLine().getOut();
            PolicyQualityReport.Result r = PolicyQualityReport.run(s, catalog, workDir, System.err);
            for (PolicyQualityReport.TraceResult t : r.traces()) {
                ParetoChart.write(t.comparison(), workDir.resolve(t.trace()));
            }
            String command = "./scalewise report policy-quality" + (traces.equals(PolicyQualityReport.TRACES) ? ""
                    : " --traces " + String.join(",", traces)) + " --episodes " + episodes + " --seeds " + seeds
                    + " --test-days " + testDays + " --boot-delay " + Math.round(bootDelay) + " --out " + out;
            ComparisonReport.writeAtomically(out, PolicyQualityReport.markdown(r, command));
            outw.printf(java.util.Locale.ROOT, "wrote %s (%.0f s); Pareto charts in %s/<trace>/%s%n", out, r.seconds(),
                    workDir, ParetoChart.FILE);
            outw.flush();
            return 0;
        }
    }
}
