package dev.scalewise.app;

import dev.scalewise.agent.EncoderDefinition;
import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ScaleFreeEncoder;
import dev.scalewise.agent.StateEncoder;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Observation;
import dev.scalewise.experiment.AgentRunLoader;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.ScenarioSpec;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.policy.Policy;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.web.PolicyProvider;
import dev.scalewise.web.QValueSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plugs the core's policies and trained agents into the dashboard: every baseline and the oracle from
 * {@link PolicyRegistry}, every trained agent found in the runs directory (as {@code agent:RUN}), and Q-values
 * of a run's model for the agent-internals view.
 */
final class DashboardAdapters {
    static final String AGENT_PREFIX = "agent:";

    private DashboardAdapters() {
    }

    /** Baselines and the oracle, by their registry names. */
    static PolicyProvider baselines() {
        PolicyRegistry registry = PolicyRegistry.defaults();
        return new PolicyProvider() {
            @Override
            public List<Choice> choices() {
                List<Choice> out = new ArrayList<>();
                for (String n : registry.names()) {
                    String kind = n.equals("static") ? "static" : n.equals("oracle") ? "oracle" : "baseline";
                    String d = registry.description(n);
                    if (n.equals("oracle")) {
                        d += " (live: planned on the trace's mean rates)";
                    }
                    out.add(new Choice(n, d, kind));
                }
                return out;
            }

            @Override
            public Policy create(String name, Context c) {
                return registry.create(name, new PolicyRegistry.Context(c.trace(), c.env(), c.trace().rates(),
                        new double[0], c.seed()));
            }
        };
    }

    /** The trained agents in {@code runsDir}: folders with a model, offered as {@code agent:FOLDER}. */
    static PolicyProvider agents(Path runsDir) {
        AgentRunLoader loader = new AgentRunLoader();
        return new PolicyProvider() {
            @Override
            public List<Choice> choices() {
                List<Choice> out = new ArrayList<>();
                for (Path run : modelRuns(runsDir)) {
                    String trained = foreign(run);
                    out.add(new Choice(AGENT_PREFIX + run.getFileName(), "trained agent of run " + run.getFileName()
                            + (trained == null ? "" : " (trained on the " + trained + " environment: not run live)"),
                            "agent"));
                }
                return out;
            }

            @Override
            public Policy create(String name, Context c) {
                Path run = runsDir.resolve(name.substring(AGENT_PREFIX.length()));
                String trained = foreign(run);
                if (trained != null) {
                    throw new IllegalArgumentException(name + " was trained on the " + trained + " environment, but "
                            + "live worlds run " + AutoscaleEnv.ID + " (other dynamics, observations and scale); its "
                            + "score here would not be its own");
                }
                PolicyRegistry.Factory f = loader.load(run).orElseThrow(() ->
                        new IllegalArgumentException("run '" + run.getFileName() + "' holds no trained agent"));
                return f.create(new PolicyRegistry.Context(c.trace(), c.env(), c.trace().rates(), new double[0],
                        c.seed()));
            }
        };
    }

    /** The run's environment when not the live worlds' one (null if it is, or if its spec cannot be read). */
    private static String foreign(Path run) {
        try {
            return CompareCommand.foreignEnvironment(run);
        } catch (IOException e) {
            return null;
        }
    }

    /** Folders of {@code runsDir} (and one level below, e.g. a demo's train/) holding a model. */
    static List<Path> modelRuns(Path runsDir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runsDir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(p.resolve(RunDirectory.MODEL))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** Q-values of a run's trained model, for a state described by utilization, instances, trend and forecast. */
    static QValueSource qValues() {
        return new QValueSource() {
            @Override
            public Optional<Model> open(Path runDir) throws IOException {
                if (dev.scalewise.nn.agent.DqnModelFile.exists(runDir)) {
                    return Optional.of(dqn(runDir));
                }
                if (!Files.isRegularFile(runDir.resolve(RunDirectory.MODEL))) {
                    return Optional.empty();
                }
                RunDirectory run = RunDirectory.open(runDir);
                GreedyPolicy g = run.loadPolicy();
                if (!run.has(RunDirectory.SPEC)) {
                    throw new IllegalArgumentException("run " + runDir.getFileName() + " has no " + RunDirectory.SPEC);
                }
                ScenarioSpec scenario = run.readJson(RunDirectory.SPEC, TrainSpec.class)
                        .scenario();
                EnvConfig env = scenario.config();
                if (env == null) {
                    throw new IllegalArgumentException("run " + runDir.getFileName() + " was trained on the "
                            + scenario.env() + " environment; the inspector reads models of the default environment");
                }
                g.reset(env.spec());
                Map<Integer, Long> recorded = recordedVisits(runDir.resolve("steps.csv"));
                List<String> labels = new ArrayList<>();
                for (int a = 0; a < g.actions().size(); a++) {
                    labels.add(g.actions().isTarget(a) ? g.actions().label(a) : label(g.actions().delta(a)));
                }
                List<Feature> features = features(g.encoder());
                return Optional.of(new Model() {
                    @Override
                    public List<Feature> features() {
                        return features;
                    }

                    @Override
                    public Decision decideFeatures(Map<String, Double> v) {
                        ScaleFreeEncoder e = (ScaleFreeEncoder) g.encoder();
                        int s = e.encodeFeatures(v.get("headroom"), v.get("load_ratio"), v.get("trend"),
                                v.getOrDefault("forecast_ratio", 0.0), v.get("booting") >= 0.5);
                        double[] qs = g.qValues(s);
                        Map<String, Double> m = new LinkedHashMap<>();
                        for (int a = 0; a < qs.length; a++) {
                            m.put(labels.get(a), qs[a]);
                        }
                        boolean untouched = java.util.Arrays.stream(qs).allMatch(x -> x == 0);
                        long visits = untouched ? 0 : recorded.getOrDefault(s, UNKNOWN_VISITS);
                        return new Decision(e.describe(s), m, labels.get(g.greedyAction(s)), visits);
                    }

                    @Override
                    public String name() {
                        return g.agentName() + " (" + runDir.getFileName() + ")";
                    }

                    @Override
                    public List<String> actions() {
                        return labels;
                    }

                    @Override
                    public int maxInstances() {
                        return env.cluster().maxInstances();
                    }

                    @Override
                    public Decision decide(StateQuery q) {
                        double mu = env.serviceRate();
                        double rate = q.utilization() * Math.max(q.instances(), 1) * mu;
                        double previous = rate / (1 + q.trend());
                        double forecast = rate * (1 + q.forecastChange());
                        Observation o = new Observation(1, rate, previous, q.instances(), 0, q.utilization(), 0, 0, 0,
                                mu, forecast);
                        int s = g.state(o);
                        double[] qs = g.qValues(s);
                        Map<String, Double> m = new LinkedHashMap<>();
                        for (int a = 0; a < qs.length; a++) {
                            m.put(labels.get(a), qs[a]);
                        }
                        boolean untouched = java.util.Arrays.stream(qs).allMatch(v -> v == 0);
                        long visits = untouched ? 0 : recorded.getOrDefault(s, UNKNOWN_VISITS);
                        return new Decision(g.encoder().describe(s), m, label(g.deltaOf(g.greedyAction(s), o)),
                                visits);
                    }
                });
            }
        };
    }

    /**
     * The inspector's inputs for the features of {@link dev.scalewise.agent.ScaleFreeFeatures}, by name: its
     * definitions and clipping ranges ({@code load_ratio} is uncapped there; the inspector goes to 3, twice the
     * overload its top bin starts at). {@code boot_steps} starts at {@code bootSteps}, the trained environment's.
     */
    static QValueSource.Feature scaleFreeFeature(String name, int bootSteps, List<Double> edges) {
        return switch (name) {
            case "load_ratio" -> new QValueSource.Feature(name, "arrival rate / (ready x service rate); above 1 = "
                    + "overloaded", 0, 3, 0.01, 0.8, edges);
            case "headroom" -> new QValueSource.Feature(name, "(ready + booting) / queueing-model minimum at the "
                    + "forecast demand - 1", -0.5, 2, 0.01, 0.1, edges);
            case "trend" -> new QValueSource.Feature(name, "arrival rate change over the last step (0.1 = +10%)", -1, 1,
                    0.01, 0, edges);
            case "trend_long" -> new QValueSource.Feature(name, "arrival rate change over the last 5 steps", -1, 1,
                    0.01, 0, edges);
            case "forecast_ratio" -> new QValueSource.Feature(name, "forecast at the boot horizon / arrival rate - 1",
                    -1, 2, 0.01, 0, edges);
            case "volatility" -> new QValueSource.Feature(name, "max / mean - 1 of the arrival rate over 15 steps", 0,
                    2, 0.01, 0.1, edges);
            case "booting_share" -> new QValueSource.Feature(name, "booting / (ready + booting)", 0, 1, 0.01, 0, edges);
            case "backlog_seconds" -> new QValueSource.Feature(name, "seconds of service waiting in the queue", 0, 600,
                    1, 0, edges);
            case "calm" -> new QValueSource.Feature(name, "steps since capacity last changed / 30, capped at 1", 0, 1,
                    0.01, 1, edges);
            case "boot_steps" -> new QValueSource.Feature(name, "the boot delay in steps", 0, 60, 1,
                    Math.max(0, Math.min(60, bootSteps)), edges);
            case "forecast_error" -> new QValueSource.Feature(name, "mean relative error of the forecast made one boot "
                    + "delay earlier, over 15 steps", 0, 1, 0.01, 0.1, edges);
            default -> throw new IllegalArgumentException("no inspector range for feature '" + name + "'");
        };
    }

    /**
     * The feature inspector's inputs for a model on the scale-free tabular encoder: the features that encoder bins,
     * with its bin edges; empty for other encoders.
     */
    static List<QValueSource.Feature> features(StateEncoder encoder) {
        if (!(encoder instanceof ScaleFreeEncoder e)) {
            return List.of();
        }
        EncoderDefinition d = e.definition();
        double t = d.scalar("trend_threshold");
        double f = d.scalar("forecast_threshold");
        List<QValueSource.Feature> out = new ArrayList<>(List.of(scaleFreeFeature("headroom", 0, d.get("headroom_edges")),
                scaleFreeFeature("load_ratio", 0, d.get("load_edges")),
                scaleFreeFeature("trend", 0, List.of(-t, t))));
        if (e.forecastDirection()) { // a state without the forecast direction has none (forecast_direction: [0])
            out.add(scaleFreeFeature("forecast_ratio", 0, List.of(-f, f)));
        }
        out.add(new QValueSource.Feature("booting", "capacity on its way (1) or not (0)", 0, 1, 1, 0, List.of(0.5)));
        return out;
    }

    /**
     * A DQN run ({@code scalewise train --agent dqn}) for the feature inspector: its Q-network on the continuous
     * feature vector ({@link dev.scalewise.explain.QValuePolicy#qValues(double[])}), one input per feature, no bins;
     * the greedy action is the network's (the lowest index among equal values). A network generalises to every
     * state, so visits are unknown.
     */
    static QValueSource.Model dqn(Path runDir) {
        dev.scalewise.nn.agent.DqnTraining.Spec spec = dev.scalewise.nn.agent.DqnRunLoader.spec(runDir);
        // Q-values on feature vectors only: no observations, so no forecaster to fit
        dev.scalewise.nn.agent.DqnGreedyPolicy p = dev.scalewise.nn.agent.DqnTraining.policy(
                dev.scalewise.nn.agent.DqnRunLoader.model(runDir).policy(), spec);
        EnvConfig env = spec.scenario().config();
        int bootSteps = env == null ? 0 : env.spec().bootSteps();
        List<QValueSource.Feature> features = new ArrayList<>();
        for (String n : p.featureNames()) {
            features.add(scaleFreeFeature(n, bootSteps, List.of()));
        }
        List<String> labels = new ArrayList<>();
        for (int a = 0; a < spec.actionSet().size(); a++) {
            labels.add(spec.actionSet().isTarget(a) ? p.actionKey(a) : label(spec.actionSet().delta(a)));
        }
        return new QValueSource.Model() {
            @Override
            public String name() {
                return "dqn on " + features.size() + " scale-free features (" + runDir.getFileName() + ")";
            }

            @Override
            public List<String> actions() {
                return labels;
            }

            @Override
            public int maxInstances() {
                return env == null ? 1 : env.cluster().maxInstances();
            }

            @Override
            public QValueSource.Decision decide(QValueSource.StateQuery state) {
                throw dev.scalewise.web.ApiException.badRequest("a DQN reads its features, not utilization and "
                        + "instances: use /features");
            }

            @Override
            public List<QValueSource.Feature> features() {
                return features;
            }

            @Override
            public QValueSource.Decision decideFeatures(Map<String, Double> v) {
                double[] x = new double[features.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = v.get(features.get(i).name());
                }
                double[] q = p.qValues(x);
                Map<String, Double> m = new LinkedHashMap<>();
                for (int a = 0; a < q.length; a++) {
                    m.put(labels.get(a), q[a]);
                }
                return new QValueSource.Decision("features " + java.util.Arrays.toString(x), m,
                        labels.get(p.network().greedyAction(x)));
            }
        };
    }

    /**
     * Visits per encoded state in the episodes a training run recorded ({@code steps.csv}'s {@code state} column;
     * at most 5 million rows read); empty when there is no such file or column.
     */
    static Map<Integer, Long> recordedVisits(Path stepsCsv) {
        Map<Integer, Long> visits = new java.util.HashMap<>();
        if (!Files.isRegularFile(stepsCsv)) {
            return visits;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(stepsCsv)) {
            String header = r.readLine();
            int col = header == null ? -1 : List.of(header.split(",", -1)).indexOf("state");
            if (col < 0) {
                return visits;
            }
            String line;
            for (int n = 0; n < 5_000_000 && (line = r.readLine()) != null; n++) {
                String[] f = line.split(",", col + 2);
                if (f.length > col) {
                    try {
                        visits.merge(Integer.parseInt(f[col].trim()), 1L, Long::sum);
                    } catch (NumberFormatException e) {
                        // a state label, not an index: no counts from this file
                        return Map.of();
                    }
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return visits;
    }

    static String label(int delta) {
        return delta == 0 ? "hold" : String.format(Locale.ROOT, "%+d", delta);
    }
}
