package dev.scalewise.app;

import dev.scalewise.app.charts.ComparisonCharts;
import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.Comparison;
import dev.scalewise.experiment.ComparisonReport;
import dev.scalewise.experiment.ComparisonResult;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.RunPolicyLoader;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.reference.HeadroomPolicy;
import dev.scalewise.reward.CostSlaReward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalewise compare}: the multi-world comparison on one trace and identical random streams. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare policies (baselines, trained agents, the oracle) on one trace with identical arrivals.")
public final class CompareCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policies", split = ",", description = "Policies to compare (default: every baseline and the oracle): "
            + "static, threshold, hpa, keda, aws-target-tracking, aws-step, aws-predictive, oracle; "
            + "aws-predictive:FORECASTER backs predictive scaling with a registered forecaster (e.g. aws-predictive:holt), "
            + "aws-predictive:FORECASTER@Q with its Q-quantile and aws-predictive:FORECASTER@tuned with Q tuned on the "
            + "training part; "
            + "reference policies: perfect-forecast, mpc, mpc:FORECASTER, and mpc:FORECASTER@tuned / @maxq / @aci (a "
            + "tuned quantile, a calibrated quantile of the boot horizon's maximum, the same adapted online by adaptive "
            + "conformal inference; docs/compare.md); +stable after any mpc:FORECASTER variant (mpc:ewma+stable, "
            + "mpc:ewma@maxq+stable) adds Kubernetes HPA's scale-down stabilization, its window (0, 5 or 10 steps) "
            + "tuned with the other knobs; their tuned knobs are printed after the table")
    List<String> policies;

    @Option(names = "--model", paramLabel = "[NAME=]RUN_DIR", description = "A training run folder; its agent joins the "
            + "comparison, named NAME or agent:<folder> (repeatable; an agent trained with --forecaster brings its forecaster)")
    List<String> models = new ArrayList<>();

    @Option(names = "--force-env", description = "Compare a --model trained on another environment (a seed-a or "
            + "seed-b preset) under this comparison's default physics anyway")
    boolean forceEnv;

    @picocli.CommandLine.Mixin
    ScenarioOptions scenario;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds (Poisson arrival streams) per policy (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--boot-delay", defaultValue = "120", description = "Boot delay in seconds (default: ${DEFAULT-VALUE})")
    double bootDelay;

    @Option(names = "--max-instances", defaultValue = "50", description = "Cluster maximum (default: ${DEFAULT-VALUE})")
    int maxInstances;

    @Option(names = "--min-instances", defaultValue = "1", description = "Cluster minimum (0 lets KEDA scale to zero; default: ${DEFAULT-VALUE})")
    int minInstances;

    @Option(names = "--no-poisson", description = "Use the trace's rates as arrivals (no Poisson noise)")
    boolean noPoisson;

    @Option(names = "--physics", paramLabel = "fast|des", converter = EnvOptions.PhysicsConverter.class,
            description = "Queueing physics: fast (per-step model) or des (request-level simulation; default: fast)")
    dev.scalewise.env.Physics physics = dev.scalewise.env.Physics.FAST;

    @Option(names = "--out", description = "Folder for comparison.json/.csv/.md, the step series and the charts")
    Path out;

    @Option(names = "--json", description = "Write the JSON to FILE, or '-' for standard output")
    String json;

    @Option(names = "--csv", description = "Write the CSV to FILE")
    Path csv;

    @Option(names = "--markdown", description = "Write the Markdown report to FILE")
    Path markdown;

    @Option(names = "--no-charts", description = "Do not draw PNG charts into --out")
    boolean noCharts;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        Scenarios.Scenario sc = scenario.scenario(spec.commandLine().getErr());
        EnvConfig base = EnvConfig.defaults();
        ClusterConfig cc = base.cluster().withBootDelaySeconds(bootDelay)
                .withBounds(minInstances, maxInstances, Math.max(minInstances, Math.min(maxInstances, base.cluster().initialInstances())));
        EnvConfig env = Scenarios.warmStart(base.withCluster(cc).withPoissonArrivals(!noPoisson), sc.trace())
                .withPhysics(physics);
        PolicyRegistry registry = PolicyRegistry.defaults();
        List<Comparison.Entry> entries = new ArrayList<>(Comparison.Setup.entries(registry,
                policies == null || policies.isEmpty() ? registry.names() : policies));
        for (String m : models) {
            entries.add(loadModel(m, forceEnv, spec.commandLine().getErr()));
        }
        List<Long> seedList = LongStream.range(firstSeed, firstSeed + seeds).boxed().toList();
        ComparisonResult r = Comparison.run(new Comparison.Setup(sc.trace(), sc.history(), env, CostSlaReward.defaults(),
                entries, seedList, registry));
        boolean jsonToStdout = "-".equals(json);
        var outWriter = spec.commandLine().getOut();
        if (!jsonToStdout) {
            outWriter.print(ComparisonReport.table(r));
            printTuned(entries, new PolicyRegistry.Context(sc.trace(), env, sc.trace().rates(), sc.history(), firstSeed),
                    outWriter);
        }
        if (out != null) {
            ComparisonReport.writeAll(r, out);
            if (!noCharts) {
                ComparisonCharts.write(r, env.serviceRate(), env.sloSeconds() * 1000, out);
            }
            if (!jsonToStdout) {
                outWriter.println("wrote " + out.toAbsolutePath());
            }
        }
        if (json != null) {
            if (jsonToStdout) {
                outWriter.print(ComparisonReport.json(r));
            } else {
                ComparisonReport.writeAtomically(Path.of(json), ComparisonReport.json(r));
            }
        }
        if (csv != null) {
            ComparisonReport.writeAtomically(csv, ComparisonReport.csv(r));
        }
        if (markdown != null) {
            ComparisonReport.writeAtomically(markdown, ComparisonReport.markdown(r));
        }
        outWriter.flush();
        return 0;
    }

    /**
     * The knobs the reference rows ({@code perfect-forecast}, {@code mpc}, {@code mpc:NAME}, {@code mpc:NAME@tuned},
     * {@code @maxq}, {@code @aci}, {@code aws-predictive:NAME@tuned}) were tuned to on the training part, one line each ({@link HeadroomPolicy#describe}):
     * their factories cache the tuning, so this re-tunes nothing.
     */
    static void printTuned(List<Comparison.Entry> entries, PolicyRegistry.Context ctx, java.io.PrintWriter out) {
        for (Comparison.Entry e : entries) {
            if (e.name().equals("perfect-forecast") || e.name().equals("mpc")
                    || e.name().startsWith(PolicyRegistry.MPC_PREFIX)) {
                if (e.factory().create(ctx) instanceof HeadroomPolicy h) {
                    out.println("tuned " + e.name() + ": " + h.describe());
                }
            }
            if (e.factory() instanceof dev.scalewise.reference.ReferencePolicies.Described d) {
                out.println("tuned " + e.name() + ": " + d.describe(ctx));
            }
        }
    }

    /** {@code [NAME=]RUN_DIR}: the agent in RUN_DIR, reported as NAME when given. */
    static Comparison.Entry loadModel(String option) {
        return loadModel(option, false, null);
    }

    /**
     * {@code [NAME=]RUN_DIR}, refusing an agent trained on another environment than the comparison's
     * ({@value AutoscaleEnv#ID}) unless {@code force}; then {@code warnings} gets a note.
     */
    static Comparison.Entry loadModel(String option, boolean force, java.io.PrintWriter warnings) {
        int eq = option.indexOf('=');
        boolean named = eq > 0 && !Files.isDirectory(Path.of(option));
        Path dir = Path.of(named ? option.substring(eq + 1) : option);
        checkEnvironment(dir, force, warnings);
        Comparison.Entry e = loadModel(dir);
        return named ? new Comparison.Entry(option.substring(0, eq), e.factory()) : e;
    }

    /** The environment a run was trained on must be the comparison's, unless forced. */
    static void checkEnvironment(Path runDir, boolean force, java.io.PrintWriter warnings) {
        String trained;
        try {
            trained = foreignEnvironment(runDir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--model " + runDir + ": cannot read " + dev.scalewise.run.RunDirectory.SPEC
                    + ": " + e.getMessage());
        }
        if (trained == null) {
            return;
        }
        String msg = "--model " + runDir + " was trained on the " + trained + " environment, but compare runs "
                + AutoscaleEnv.ID + " (other dynamics, observations and scale)";
        if (!force) {
            throw new IllegalArgumentException(msg + "; its score here would not be its own: add --force-env to "
                    + "compare it anyway");
        }
        if (warnings != null) {
            warnings.println("warning: " + msg + "; compared anyway (--force-env)");
            warnings.flush();
        }
    }

    /**
     * The environment the run in {@code runDir} was trained on (its {@code spec.json}'s {@code scenario.env}) when
     * it is not the default {@value AutoscaleEnv#ID} that compare, explain and the dashboard's live worlds run; null
     * when it is, or when the folder has no spec. The one check behind {@code compare --model}, {@code explain
     * --run-dir} and the dashboard's live agents.
     */
    static String foreignEnvironment(Path runDir) throws java.io.IOException {
        Path specFile = runDir.resolve(dev.scalewise.run.RunDirectory.SPEC);
        if (!Files.isRegularFile(specFile)) {
            return null;
        }
        String trained = dev.scalewise.run.RunDirectory.json().readTree(specFile.toFile()).path("scenario").path("env")
                .asText("");
        return trained.isEmpty() || trained.equals(AutoscaleEnv.ID) ? null : trained;
    }

    /** The hook for trained agents: the first {@link RunPolicyLoader} that recognises the folder. */
    static Comparison.Entry loadModel(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("--model " + runDir + " is not a folder");
        }
        for (RunPolicyLoader loader : ServiceLoader.load(RunPolicyLoader.class)) {
            Optional<PolicyRegistry.Factory> f = loader.load(runDir);
            if (f.isPresent()) {
                return new Comparison.Entry(loader.name(runDir), f.get());
            }
        }
        throw new IllegalArgumentException("no agent loader recognises " + runDir
                + " (no " + dev.scalewise.run.RunDirectory.MODEL + " in it: did training finish?)");
    }
}
