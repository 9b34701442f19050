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
        disableGroovyClosures();
        StartupWarmup.startFor(args);
        int code = forArguments(args).execute(args);
        System.exit(code);
    }

    /**
     * Tells picocli not to look for Groovy ({@code picocli.disable.closures}, unless set already): its default factory
     * otherwise asks for {@code groovy.lang.Closure} when it is first used, and that miss searches every jar of the
     * class path (about 200 with Spark's and DJL's), opening each one: a quarter of a second at every start
     * (docs/performance.md, "Start-up"). No command's annotations use Groovy closures.
     */
    static void disableGroovyClosures() {
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine newCommandLine() {
        return configure(new CommandLine(new Main()));
    }

    /**
     * {@link #newCommandLine()}, or, when the first argument names a sub-command (other than {@code help}), a
     * command line with only that sub-command under a bare {@code scalewise}: picocli builds every command's model
     * (reflection over its options) when the command line is made, which cost about a quarter of a second of CPU
     * at every start (docs/performance.md). The sub-command parses, runs, fails and prints its help as in the full
     * command line; its name and aliases come from the same annotations.
     */
    static CommandLine forArguments(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
                Command sub = c.getAnnotation(Command.class);
                if (c != CommandLine.HelpCommand.class && sub != null
                        && (sub.name().equals(args[0]) || java.util.Arrays.asList(sub.aliases()).contains(args[0]))) {
                    CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.create().name("scalewise"));
                    cl.addSubcommand(sub.name(), c, sub.aliases());
                    return configure(cl);
                }
            }
        }
        return newCommandLine();
    }

    private static CommandLine configure(CommandLine cl) {
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
