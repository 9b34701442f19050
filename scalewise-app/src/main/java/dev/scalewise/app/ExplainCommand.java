package dev.scalewise.app;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.app.charts.PolicyMapCharts;
import dev.scalewise.cluster.ClusterConfig;
import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.Environment;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.explain.DecisionRecord;
import dev.scalewise.explain.ExplainedScenario;
import dev.scalewise.explain.Explainer;
import dev.scalewise.explain.PolicyMap;
import dev.scalewise.policy.Policy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.run.AtomicFiles;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalewise explain}: decision records, counterfactual rollouts and narratives for a trained agent (a run
 * folder, evaluated greedily on its own scenario) or a baseline (on a synthetic workload, as {@code compare} runs
 * it).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain decisions: what the policy saw, its Q-values or rule, and what each alternative "
                + "action would have changed (counterfactual rollouts under the same random streams).")
public final class ExplainCommand implements Callable<Integer> {
    /** File written into {@code --out}. */
    public static final String EXPLANATIONS = "explanations.json";

    /**
     * Writes {@link #EXPLANATIONS} into {@code dir}: the episode's identity (its scenario named), its decision
     * records, and its timeline (demand, capacity and decisions per step) for the dashboard's forensics view.
     */
    static void writeExplanations(java.nio.file.Path dir, Explainer.Episode ep, long seed, int horizon,
                                  List<DecisionRecord> records, ExplainedScenario scenario) throws java.io.IOException {
        Files.createDirectories(dir);
        Map<String, Object> doc = Explainer.document(ep, seed, horizon, records, scenario);
        AtomicFiles.writeString(dir.resolve(EXPLANATIONS), JsonOutput.MAPPER.writeValueAsString(doc) + "\n");
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run-dir", description = "A training run folder: its agent, evaluated greedily on its scenario")
    Path runDir;

    @Option(names = "--policy", description = "A baseline instead: static, threshold, hpa, keda, aws-target-tracking, "
            + "aws-step, aws-predictive")
    String policy;

    @picocli.CommandLine.Mixin
    ScenarioOptions scenario;

    @Option(names = "--boot-delay", defaultValue = "120", description = "With --policy: boot delay in seconds (default: ${DEFAULT-VALUE})")
    double bootDelay;

    @Option(names = "--no-poisson", description = "With --policy: use the trace's rates as arrivals")
    boolean noPoisson;

    @Option(names = "--seed", defaultValue = "1", description = "Episode seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--step", description = "Explain the decision at this step (repeatable)")
    List<Integer> stepList;

    @Option(names = "--top", description = "Explain the K most consequential decisions (largest |delta reward| of an alternative)")
    Integer top;

    @Option(names = "--horizon", defaultValue = "30", description = "Counterfactual horizon in steps (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--json", description = "Write the decisions as JSON to FILE, or '-' for standard output")
    String json;

    @Option(names = "--out", description = "Folder to write " + EXPLANATIONS + " into (e.g. the run folder)")
    Path out;

    @Option(names = "--policy-map", description = "With --run-dir: write policy-map.csv and PNG heatmaps into DIR")
    Path policyMap;

    @Option(names = "--map-utilization", defaultValue = "0:1.5:0.05",
            description = "Policy map utilization grid FROM:TO:STEP (default: ${DEFAULT-VALUE})")
    String mapUtilization;

    @Option(names = "--map-instances", description = "Policy map instance range FROM:TO (default: the cluster's bounds)")
    String mapInstances;

    @Option(names = "--map-trend", defaultValue = "0", description = "Policy map: relative trend of the arrival rate (default: ${DEFAULT-VALUE})")
    double mapTrend;

    @Option(names = "--map-forecast", defaultValue = "0", description = "Policy map: relative change forecast (default: ${DEFAULT-VALUE})")
    double mapForecast;

    @Option(names = "--map-booting", defaultValue = "0", description = "Policy map: booting instances (default: ${DEFAULT-VALUE})")
    int mapBooting;

    @Option(names = "--map-backlog", defaultValue = "0", description = "Policy map: backlog in requests (default: ${DEFAULT-VALUE})")
    double mapBacklog;

    @Override
    public Integer call() throws Exception {
        if ((runDir == null) == (policy == null)) {
            throw new IllegalArgumentException("give exactly one of --run-dir and --policy");
        }
        if (policyMap != null && runDir == null) {
            throw new IllegalArgumentException("--policy-map needs --run-dir (baselines have no action values)");
        }
        boolean anyStep = stepList != null && !stepList.isEmpty();
        if (anyStep && top != null) {
            throw new IllegalArgumentException("give --step or --top, not both");
        }
        AutoscaleEnv env;
        Supplier<? extends Policy> policies;
        GreedyPolicy greedy = null;
        String note = null;
        java.util.function.Function<AutoscaleEnv, ExplainedScenario> named;
        if (runDir != null) {
            String trained = CompareCommand.foreignEnvironment(runDir);
            if (trained != null) {
                throw new IllegalArgumentException("--run-dir " + runDir + " was trained on the " + trained
                        + " environment, but explain replays " + AutoscaleEnv.ID + " (other dynamics, observations and "
                        + "scale); its decisions there would not be its own");
            }
        }
        if (runDir != null && dev.scalewise.nn.agent.DqnModelFile.exists(runDir)) {
            // a DQN run (train --agent dqn): its Q-values per action, its features by name
            if (policyMap != null) {
                throw new IllegalArgumentException("--policy-map reads tabular runs; " + runDir + " holds a DQN");
            }
            dev.scalewise.nn.agent.DqnTraining.Spec ds = dev.scalewise.nn.agent.DqnRunLoader.spec(runDir);
            // with the run's forecaster fitted again, when it trained with one (the residual action set)
            Supplier<dev.scalewise.nn.agent.DqnGreedyPolicy> dqnPolicies = new dev.scalewise.nn.agent.DqnRunLoader(
                    Scenarios.catalogTraces(null)).policies(runDir);
            env = new AutoscaleEnv(ds.scenario().config(), Scenarios.workload(ds.scenario().workload(),
                    Scenarios.catalogTraces(null)), ds.newReward());
            if (ds.scenario().randomization() != null) {
                note = "(explained on the run's workload at its base scale and boot delay; training drew both at "
                        + "random per episode)";
            }
            policies = dqnPolicies;
            named = e -> ExplainedScenario.of(ds.scenario().workload(), e.trace(), Scenarios.catalogTraces(null), seed,
                    ds.scenario().workload().params().containsKey("windowSteps") ? "a window of the run's training "
                            + "workload drawn by the episode seed" : "the run's training workload");
        } else if (runDir != null) {
            RunDirectory run = RunDirectory.open(runDir);
            TrainSpec ts = run.readJson(RunDirectory.SPEC, TrainSpec.class);
            if (ts.scenario().randomization() != null) {
                note = "(explained on the run's workload at its base scale and boot delay; training drew both at "
                        + "random per episode)";
            }
            Environment e = Scenarios.environment(ts.scenario().withRandomization(null), ts.newReward(),
                    Scenarios.catalogTraces(null));
            if (!(e instanceof AutoscaleEnv a)) {
                throw new IllegalArgumentException("explain needs the " + AutoscaleEnv.ID + " environment (snapshots); "
                        + runDir + " trained on " + ts.scenario().env());
            }
            env = a;
            named = x -> ExplainedScenario.of(ts.scenario().workload(), x.trace(), Scenarios.catalogTraces(null), seed,
                    ts.scenario().workload().params().containsKey("windowSteps") ? "a window of the run's training "
                            + "workload drawn by the episode seed" : "the run's training workload");
            GreedyPolicy g = run.loadPolicy();
            greedy = g;
            policies = () -> g;
        } else {
            Scenarios.Scenario sc = scenario.scenario();
            EnvConfig base = EnvConfig.defaults();
            ClusterConfig cc = base.cluster().withBootDelaySeconds(bootDelay);
            EnvConfig cfg = Scenarios.warmStart(base.withCluster(cc).withPoissonArrivals(!noPoisson), sc.trace());
            env = new AutoscaleEnv(cfg, Workload.fixed(sc.trace()), CostSlaReward.defaults());
            PolicyRegistry registry = PolicyRegistry.defaults();
            if ("oracle".equals(policy)) {
                throw new IllegalArgumentException("the oracle plans with the future; explain a baseline or an agent");
            }
            PolicyRegistry.Factory f = registry.factory(policy);
            PolicyRegistry.Context ctx = new PolicyRegistry.Context(sc.trace(), cfg, new double[0], sc.history(), seed);
            policies = () -> f.create(ctx);
            String what = scenario.trace != null ? "--trace " + scenario.trace + " from step " + (scenario.fromStep
                    + scenario.historySteps) + " of 60 s, --scale " + scenario.scale : "synthetic --workload "
                    + scenario.workload + ", --trace-seed " + scenario.traceSeed;
            named = x -> new ExplainedScenario(sc.trace().name(), null, null, sc.trace().stepSeconds(),
                    sc.trace().length(), 1, seed, what);
        }
        Explainer explainer = new Explainer(env, policies, horizon);
        Explainer.Episode ep = explainer.run(seed);
        ExplainedScenario played = named.apply(env);
        List<DecisionRecord> records;
        if (anyStep) {
            records = explainer.explain(ep, stepList);
        } else {
            records = explainer.top(ep, top == null ? 5 : top);
        }
        PrintWriter w = spec.commandLine().getOut();
        boolean jsonToStdout = "-".equals(json);
        if (jsonToStdout) {
            // standard output is the JSON list: the scenario is named on standard error
            spec.commandLine().getErr().println("scenario: " + played.description());
            spec.commandLine().getErr().flush();
        }
        if (!jsonToStdout) {
            w.println("policy " + ep.policy() + ", episode seed " + seed + ", " + ep.length() + " steps, horizon "
                    + horizon + " steps");
            w.println("scenario: " + played.description());
            if (note != null) {
                w.println(note);
            }
            for (DecisionRecord r : records) {
                w.println();
                w.println(r.narrative());
            }
        }
        if (json != null) {
            JsonOutput.write(records, json, w);
        }
        if (out != null) {
            writeExplanations(out, ep, seed, horizon, records, played);
            if (!jsonToStdout) {
                w.println();
                w.println("wrote " + out.resolve(EXPLANATIONS));
            }
        }
        if (policyMap != null) {
            writePolicyMap(greedy, env, w, jsonToStdout);
        }
        w.flush();
        return 0;
    }

    private void writePolicyMap(GreedyPolicy g, AutoscaleEnv env, PrintWriter w, boolean quiet) throws Exception {
        String[] u = mapUtilization.split(":");
        if (u.length != 3) {
            throw new IllegalArgumentException("--map-utilization must be FROM:TO:STEP, got '" + mapUtilization + "'");
        }
        double[] us = PolicyMap.range(Double.parseDouble(u[0]), Double.parseDouble(u[1]), Double.parseDouble(u[2]));
        int lo = Math.max(1, env.spec().minInstances());
        int hi = env.spec().maxInstances();
        if (mapInstances != null) {
            String[] n = mapInstances.split(":");
            if (n.length != 2) {
                throw new IllegalArgumentException("--map-instances must be FROM:TO, got '" + mapInstances + "'");
            }
            lo = Integer.parseInt(n[0]);
            hi = Integer.parseInt(n[1]);
        }
        if (hi < lo) {
            throw new IllegalArgumentException("--map-instances: TO must be >= FROM, got " + lo + ":" + hi);
        }
        int[] ns = new int[hi - lo + 1];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = lo + i;
        }
        List<PolicyMap.Cell> cells = PolicyMap.compute(g, env.spec(), us, ns,
                new PolicyMap.Fixed(mapTrend, mapForecast, mapBooting, mapBacklog, 0));
        Files.createDirectories(policyMap);
        AtomicFiles.writeString(policyMap.resolve("policy-map.csv"), PolicyMap.csv(cells));
        PolicyMapCharts.write(cells, Double.parseDouble(u[2]), policyMap);
        if (!quiet) {
            w.println("wrote policy-map.csv, policy-map-action.png, policy-map-max-q.png into " + policyMap);
        }
    }
}
