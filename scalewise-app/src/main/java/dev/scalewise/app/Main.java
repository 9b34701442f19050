package dev.scalewise.app;

import dev.scalewise.workload.format.TraceReadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scalewise} command line: one launcher, one sub-command per task. */
@Command(name = "scalewise",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Learns when to add and remove cloud capacity: simulate, train, compare, explain.",
        subcommands = {
                CommandLine.HelpCommand.class,
                QueueCommand.class,
                SimulateCommand.class,
                TracesCommand.class,
                TrainCommand.class,
                CompareCommand.class,
                PlotCommand.class,
                ForecastCommand.class,
                DemoCommand.class,
                ExplainCommand.class,
                SweepCommand.class,
                DashboardCommand.class,
                ReportCommand.class,
                ValidatePhysicsCommand.class,
                ServeCommand.class,
                ShadowCommand.class,
                BacktestCommand.class,
                ServeBenchCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = newCommandLine().execute(args);
        System.exit(code);
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                    || ex instanceof IllegalStateException || ex instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("error: " + TraceReadException.escape(ex.getMessage()));
                return 2;
            }
            throw ex;
        });
        // bad options: one line naming the option as typed, and where to look (not the whole usage text)
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + TraceReadException.escape(ex.getMessage()) + " (see '"
                    + c.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionStrategy(parseResult -> {
            OptionRanges.check(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cl;
    }

    /** Reports the project version baked into the core at build time, the one provenance.json records. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"scalewise " + dev.scalewise.run.Provenance.version()};
        }
    }
}
