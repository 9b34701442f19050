package dev.scalewise.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.AgentRunLoader;
import dev.scalewise.experiment.Comparison;
import dev.scalewise.experiment.ComparisonReport;
import dev.scalewise.experiment.ComparisonResult;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.Rewards;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A demo-shaped run folder made for real at test budget, by the recipe of {@code scalewise demo}
 * ({@code DemoCommand}, which the web module cannot call): NASA 1995 resampled to 60 s steps, the first 70% the
 * training part, scaled so that its peak needs 20 instances at 70% utilization; the scale-free agent trained on it
 * ({@link TrainSpec#scaleFreeOn}, a few episodes); then compared on the first held-out day with 2 seeds, warm-started
 * ({@link Scenarios#warmStart}), with the static and HPA baselines, written by {@link ComparisonReport#writeAll}.
 * The folder's files are all the dashboard gets: the live view must find the scenario from them alone.
 */
final class DemoRunFixture {
    static final String RUN = "demo-agent";
    static final String TRACE = "nasa-http-1995";
    static final int EPISODES = 8;

    private DemoRunFixture() {
    }

    /** The shared traces directory ({@code ../shared/traces} of the repository); skips when absent. */
    static Path traces() {
        Path dir = Path.of("").toAbsolutePath().getParent().resolve("../shared/traces").normalize();
        assumeTrue(Files.isDirectory(dir), "no shared traces at " + dir);
        assumeTrue(TraceCatalog.fromEnvironment(dir.toString()).isAvailable(TraceCatalog.entry(TRACE).orElseThrow()),
                "no " + TRACE + " in " + dir);
        return dir;
    }

    /** The runs directory the live tests share ({@code target/live-test-runs}): written once per test JVM. */
    static final Path RUNS = DashboardBrowserTest.SHOTS.getParent().resolve("live-test-runs");
    private static Path written;

    /**
     * The shared runs directory with {@link Fixtures#runs} and the run folder {@code demo-agent}, made once per JVM
     * (a folder left by an earlier JVM is made again: it may come from other code).
     */
    static synchronized Path runs(Path traces) throws IOException {
        if (written == null) {
            if (Files.exists(RUNS)) {
                try (var walk = Files.walk(RUNS)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Fixtures.runs(Files.createDirectories(RUNS));
            write(RUNS.resolve(RUN), traces);
            written = RUNS;
        }
        return written;
    }

    /** Writes a demo-shaped run folder at {@code dir}. */
    private static void write(Path dir, Path traces) throws IOException {
        TraceCatalog catalog = TraceCatalog.fromEnvironment(traces.toString());
        EnvConfig env = EnvConfig.defaults();
        double dt = env.stepSeconds();
        int day = (int) Math.round(86_400 / dt);
        Trace full = catalog.resolve(TRACE).resample(dt);
        int trainEnd = (int) Math.floor(full.length() * 0.7);
        double scale = 20 * env.serviceRate() * 0.7 / full.slice(0, trainEnd).peakRate();
        Trace test = full.slice(trainEnd, trainEnd + day).scaled(scale).named(full.name() + " (held-out)");
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("stepSeconds", dt);
        params.put("toStep", (double) trainEnd);
        params.put("scale", scale);
        params.put("windowSteps", (double) day);
        TrainSpec spec = TrainSpec.scaleFreeOn(new WorkloadSpec("trace", params, TRACE), env, EPISODES, 42);
        Trainer.train(spec, dir, Trainer.Options.quiet().withTraces(name -> Workload.fixed(catalog.resolve(name))));
        PolicyRegistry registry = PolicyRegistry.defaults();
        List<Comparison.Entry> entries = new ArrayList<>(Comparison.Setup.entries(registry, List.of("static", "hpa")));
        entries.add(new Comparison.Entry("agent", ctx -> {
            try {
                return RunDirectory.open(dir).loadPolicy();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        ComparisonResult r = Comparison.run(new Comparison.Setup(test, full.slice(0, trainEnd).scaled(scale).rates(),
                Scenarios.warmStart(env, test), Rewards.create("cost-sla"), entries, List.of(1L, 2L), registry));
        ComparisonReport.writeAll(r, dir);
    }

    /**
     * The trained agents of a runs directory as live policies {@code agent:RUN} (what the app's dashboard adapter
     * offers), loaded by the core's {@link AgentRunLoader}.
     */
    static PolicyProvider agents(Path runs, Path traces) {
        AgentRunLoader loader = new AgentRunLoader(Scenarios.catalogTraces(traces.toString()));
        return new PolicyProvider() {
            @Override
            public List<Choice> choices() {
                List<Choice> out = new ArrayList<>();
                try (var ds = Files.newDirectoryStream(runs)) {
                    for (Path p : ds) {
                        if (Files.isRegularFile(p.resolve(RunDirectory.MODEL))) {
                            out.add(new Choice("agent:" + p.getFileName(), "trained agent of run " + p.getFileName(),
                                    "agent"));
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.sort(java.util.Comparator.comparing(Choice::name));
                return out;
            }

            @Override
            public Policy create(String name, Context c) {
                return loader.policy(runs.resolve(name.substring("agent:".length())));
            }
        };
    }

    /** The agent's SLA compliance (% of steps) in the comparison's first seed, from {@code comparison_steps.csv}. */
    static double firstSeedSlaPct(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("comparison_steps.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int pol = header.indexOf("policy");
        int bad = header.indexOf("sla_violated");
        int n = 0;
        int ok = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[pol].equals("agent")) {
                n++;
                ok += f[bad].equals("0") ? 1 : 0;
            }
        }
        return 100.0 * ok / n;
    }

    /** The agent's mean SLA compliance over the comparison's seeds, from {@code comparison.json}. */
    static double meanSlaPct(Path dir) throws IOException {
        for (var p : RunDirectory.json().readTree(dir.resolve("comparison.json").toFile()).path("policies")) {
            if (p.path("name").asText().equals("agent")) {
                return p.path("sla_compliance_pct").asDouble();
            }
        }
        throw new AssertionError("no agent in comparison.json");
    }
}
