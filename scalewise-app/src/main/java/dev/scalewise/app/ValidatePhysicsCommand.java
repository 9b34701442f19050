package dev.scalewise.app;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.PhysicsValidation;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.run.AtomicFiles;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.TraceScaling;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalewise validate-physics}: the fast queue model against the request-level simulation (issue #12). */
@Command(name = "validate-physics", mixinStandardHelpOptions = true,
        description = "Run the fast queue model against the request-level simulation on the validation scenarios and "
                + "a day of a real trace under a policy; print (or write) the Markdown report.")
public final class ValidatePhysicsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace", defaultValue = "nasa-http-1995", paramLabel = "NAME|PATH|none",
            description = "Real trace for the policy run, a catalog name or file; 'none' to skip (default: ${DEFAULT-VALUE})")
    String trace;

    @Option(names = "--traces-dir", paramLabel = "DIR", description = "Folder of the trace catalog")
    String tracesDir;

    @Option(names = "--day", defaultValue = "0", description = "Which day of the trace (1440 steps of 60 s; default: ${DEFAULT-VALUE})")
    int day;

    @Option(names = "--policy", defaultValue = "hpa", description = "Policy for the trace day (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--replications", defaultValue = "1.0",
            description = "Replication scale: 1.0 = 40 per scenario and 20 for the trace day (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "Write the report to FILE (e.g. docs/physics-validation.md)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!(scale > 0) || scale > 100) {
            throw new IllegalArgumentException("--replications must be in (0, 100], got " + scale);
        }
        if (day < 0) {
            throw new IllegalArgumentException("--day must be >= 0, got " + day);
        }
        EnvConfig env = EnvConfig.defaults();
        Trace dayTrace = null;
        if (!"none".equals(trace)) {
            Trace full = TraceCatalog.fromEnvironment(tracesDir).resolve(trace).resample(60);
            if ((day + 1) * 1440 > full.length()) {
                throw new IllegalArgumentException("--day " + day + " is past the end of " + trace + " ("
                        + full.length() / 1440 + " whole days)");
            }
            dayTrace = TraceScaling.apply(full.slice(day * 1440, (day + 1) * 1440), "peak-instances=20,mu=20,util=0.7",
                    dev.scalewise.workload.TokenServiceModel.DEFAULT);
            env = Scenarios.warmStart(env.withCluster(env.cluster().withBounds(1, 50, env.cluster().initialInstances())),
                    dayTrace);
        }
        PolicyRegistry registry = PolicyRegistry.defaults();
        var ctx = new PolicyRegistry.Context(dayTrace, env, dayTrace == null ? new double[0] : dayTrace.rates(),
                new double[0], seed);
        var p = dayTrace == null ? null : registry.create(policy, ctx);
        String command = "./scalewise validate-physics --out docs/physics-validation.md"
                + (tracesDir != null ? " --traces-dir ../shared/traces" : "")
                + (scale != 1.0 ? " --replications " + scale : "") + (seed != 1 ? " --seed " + seed : "");
        String md = PhysicsValidation.report(scale, dayTrace, env, p, policy, seed, command);
        if (out != null) {
            AtomicFiles.writeString(out, md);
            spec.commandLine().getOut().println("wrote " + out.toAbsolutePath());
        } else {
            spec.commandLine().getOut().print(md);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
