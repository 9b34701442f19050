package dev.scalewise.app;

import dev.scalewise.experiment.Scenarios;
import dev.scalewise.workload.TokenServiceModel;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.TraceScaling;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The trace a comparison (or an explanation of a baseline) runs on, and the history before it: a real trace
 * ({@code --trace}: the {@code --history-steps} steps from {@code --from-step} are the history, the next
 * {@code --steps} the evaluation slice) or a synthetic workload ({@code --workload}).
 */
public final class ScenarioOptions {

    @Option(names = "--workload", defaultValue = "diurnal",
            description = "Synthetic workload when no --trace is given: diurnal, seed-b, flash-crowd, step (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--trace", paramLabel = "NAME|PATH",
            description = "A real trace instead: a catalog name (see `traces list`) or a trace file, resampled to 60 s steps")
    String trace;

    @Option(names = "--traces-dir", paramLabel = "DIR",
            description = "Where catalog traces live (default: $SCALEWISE_TRACES_DIR, ../shared/traces, ~/.scalewise/traces)")
    String tracesDir;

    @Option(names = "--scale", defaultValue = "peak-instances=20,mu=20,util=0.7", paramLabel = "SPEC",
            description = "With --trace: FACTOR, peak=RATE, mean=RATE or peak-instances=N[,mu=RATE][,util=U] "
                    + "(default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--from-step", defaultValue = "0",
            description = "With --trace: first step of the history (default: ${DEFAULT-VALUE})")
    int fromStep;

    @Option(names = "--steps", defaultValue = "1440", description = "Evaluation steps of 60 s (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--history-steps", defaultValue = "1440",
            description = "Steps observed before the evaluation slice, for predictive scaling (default: ${DEFAULT-VALUE})")
    int historySteps;

    @Option(names = "--trace-seed", defaultValue = "1", description = "Seed of the synthetic trace (default: ${DEFAULT-VALUE})")
    long traceSeed;

    /** The command this mixin belongs to (to tell options the user typed from defaults). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private boolean typed(String option) {
        if (mixee == null || mixee.commandLine() == null) {
            return false;
        }
        ParseResult p = mixee.commandLine().getParseResult();
        return p != null && p.hasMatchedOption(option);
    }

    /** The evaluation slice and its history. */
    public Scenarios.Scenario scenario() {
        return scenario(null);
    }

    /** The same; {@code notes} (when not null) hears of zero-filled gaps in a {@code --trace}. */
    public Scenarios.Scenario scenario(java.io.PrintWriter notes) {
        // options that only one kind of workload reads are refused with the other, not silently ignored
        if (trace == null) {
            for (String o : new String[] {"--scale", "--from-step"}) {
                if (typed(o)) {
                    throw new IllegalArgumentException(o + " applies to --trace only; without --trace the synthetic "
                            + "--workload " + workload + " is used");
                }
            }
        } else if (typed("--trace-seed")) {
            throw new IllegalArgumentException("--trace-seed seeds the synthetic --workload only; --trace " + trace
                    + " is read as it is");
        }
        if (trace == null) {
            return Scenarios.synthetic(workload, steps, historySteps, traceSeed);
        }
        if (steps < 1 || historySteps < 0 || fromStep < 0) {
            throw new IllegalArgumentException("--steps must be >= 1, --history-steps and --from-step >= 0");
        }
        Trace read = TraceCatalog.fromEnvironment(tracesDir).resolve(trace);
        TraceOptions.noteGaps(read, notes);
        Trace full = read.resample(60);
        int evalFrom = fromStep + historySteps;
        int evalTo = evalFrom + steps;
        if (evalTo > full.length()) {
            throw new IllegalArgumentException("--trace " + trace + " has " + full.length() + " steps of 60 s; --from-step "
                    + fromStep + " + --history-steps " + historySteps + " + --steps " + steps + " = " + evalTo
                    + " is past its end");
        }
        Trace scaled = TraceScaling.apply(full.slice(fromStep, evalTo), scale, TokenServiceModel.DEFAULT);
        double[] history = scaled.slice(0, Math.max(1, historySteps)).rates();
        if (historySteps == 0) {
            history = new double[0];
        }
        return new Scenarios.Scenario(scaled.slice(historySteps, historySteps + steps), history);
    }
}
