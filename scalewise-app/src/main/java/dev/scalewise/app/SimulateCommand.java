package dev.scalewise.app;

import dev.scalewise.env.AutoscaleEnv;
import dev.scalewise.env.EnvConfig;
import dev.scalewise.env.EnvSpec;
import dev.scalewise.env.Observation;
import dev.scalewise.env.ServiceRateProfile;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TokenServiceModel;
import dev.scalewise.experiment.Episodes;
import dev.scalewise.metrics.Kpis;
import dev.scalewise.policy.Policy;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.workload.Workload;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs one policy on one workload and prints a per-step table and a summary (the seeds' "simple demo run"). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run one policy on one workload with the honest physics; print a per-step table and a summary.",
                "Example: scalewise simulate --policy threshold --workload flash-crowd --steps 300 --every 10"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", description = "Policy: any that compare knows (static, threshold, hpa, keda, "
            + "aws-target-tracking, aws-step, aws-predictive[:FORECASTER], oracle) or hold (never scales); "
            + "default: ${DEFAULT-VALUE}. Ignored with --model.")
    String policy = "threshold";

    @Option(names = "--model", paramLabel = "RUN_DIR", description = "Run the agent of a training run folder "
            + "(as compare --model does) instead of --policy.")
    String model;

    @Option(names = "--seed", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--every", description = "Print every Nth step (default: ${DEFAULT-VALUE}; 0 prints none).")
    int every = 60;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write the summary as JSON to FILE, or - for stdout.")
    String json;

    @Option(names = "--token-aware", description = "For LLM traces with tokens: each step's service rate follows the "
            + "tokens of its requests (prefill 1e-4 s/token, decode 5e-4 s/token; see docs/traces.md), and the nominal "
            + "rate (used to size static capacity) becomes the trace's mean token-derived rate.")
    boolean tokenAware;

    @Mixin
    WorkloadOptions workloadOptions;

    @Mixin
    EnvOptions envOptions;

    @Override
    public Integer call() throws Exception {
        if (every < 0) {
            throw new IllegalArgumentException("--every must be >= 0, got " + every);
        }
        EnvConfig config = envOptions.toConfig();
        Workload workload = workloadOptions.toWorkload(config.stepSeconds(), spec.commandLine().getErr());
        AutoscaleEnv env;
        if (tokenAware) {
            Trace t = workload.generate(dev.scalewise.experiment.Seeds.stream(seed, "workload"));
            if (t.tokens().isEmpty()) {
                throw new IllegalArgumentException("--token-aware needs a trace with prompt/output tokens (an LLM trace)");
            }
            config = config.withServiceRate(TokenServiceModel.DEFAULT.meanServiceRate(t, config.serviceRate()));
            env = new AutoscaleEnv(config, workload, CostSlaReward.defaults(),
                    ServiceRateProfile.tokens(TokenServiceModel.DEFAULT), null);
        } else {
            env = new AutoscaleEnv(config, workload, CostSlaReward.defaults());
        }
        Policy p = policy(env, config, seed);
        env.reset(seed);
        PrintWriter out = spec.commandLine().getOut();
        boolean table = every > 0 && !"-".equals(json);
        if (table) {
            out.printf(Locale.ROOT, "%6s %9s %6s %7s %6s %9s %9s %6s %9s %4s%n",
                    "step", "rate/s", "ready", "booting", "util", "p95_ms", "dropped", "action", "cost_usd", "sla");
        }
        Kpis k = Episodes.run(env, p, seed, s -> {
            if (table && s.step() % every == 0) {
                out.printf(Locale.ROOT, "%6d %9.2f %6d %7d %6.2f %9.1f %9.1f %+6d %9.5f %4s%n", s.step(),
                        s.arrivalRate(), s.ready(), s.booting(), s.utilization(), s.p95() * 1000, s.dropped(),
                        s.appliedDelta(), s.costUsd(), s.slaViolated() ? "MISS" : "ok");
            }
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("policy", p.name());
        summary.put("workload", workload.name());
        summary.put("env", env.id());
        summary.put("seed", seed);
        summary.put("steps", k.steps());
        summary.put("step_seconds", config.stepSeconds());
        summary.put("physics", config.physics().id());
        summary.put("cost_usd", k.costUsd());
        summary.put("instance_hours", k.instanceHours());
        summary.put("sla_compliance_pct", k.slaCompliancePct());
        summary.put("sla_compliance_requests_pct", k.slaComplianceRequestsPct());
        summary.put("p50_latency_ms", k.p50LatencyMs());
        summary.put("p95_latency_ms", k.p95LatencyMs());
        summary.put("p99_latency_ms", k.p99LatencyMs());
        summary.put("arrived_requests", k.arrivedRequests());
        summary.put("dropped_requests", k.droppedRequests());
        summary.put("scaling_actions", k.scalingActions());
        summary.put("flaps", k.flaps());
        summary.put("mean_utilization", k.meanUtilization());
        summary.put("total_reward", k.totalReward());
        if (json != null) {
            JsonOutput.write(summary, json, out);
            if ("-".equals(json)) {
                return 0;
            }
        }
        out.println();
        out.printf(Locale.ROOT, "%s on %s, %d steps of %.0f s (seed %d)%n", p.name(), workload.name(), k.steps(),
                config.stepSeconds(), seed);
        out.printf(Locale.ROOT, "  cost            $%.4f (%.1f instance-hours)%n", k.costUsd(), k.instanceHours());
        out.printf(Locale.ROOT, "  SLA compliance  %.2f%% of steps, %.2f%% of requests (p95 <= %.0f ms, no drops)%n",
                k.slaCompliancePct(), k.slaComplianceRequestsPct(), config.sloSeconds() * 1000);
        out.printf(Locale.ROOT, "  latency         p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", k.p50LatencyMs(),
                k.p95LatencyMs(), k.p99LatencyMs());
        out.printf(Locale.ROOT, "  drops           %.0f of %.0f requests%n", k.droppedRequests(), k.arrivedRequests());
        out.printf(Locale.ROOT, "  actions         %d scaling actions, %d flaps, mean utilization %.2f%n",
                k.scalingActions(), k.flaps(), k.meanUtilization());
        out.flush();
        return 0;
    }

    /**
     * The policy to run: {@code --model}'s agent, or {@code --policy} from the same {@link PolicyRegistry} compare
     * uses (the oracle plans on the arrivals this seed will draw, recorded first on a copy of the environment).
     */
    private Policy policy(AutoscaleEnv env, EnvConfig config, long seed) {
        String name = policy.toLowerCase(Locale.ROOT);
        if (model == null && name.equals("hold")) {
            return new Policy() {
                @Override
                public String name() {
                    return "hold";
                }

                @Override
                public void reset(EnvSpec s) {
                }

                @Override
                public int act(Observation o) {
                    return 0;
                }
            };
        }
        PolicyRegistry.Factory factory;
        try {
            factory = model != null ? CompareCommand.loadModel(model, false, spec.commandLine().getErr()).factory()
                    : PolicyRegistry.defaults().factory(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(model != null ? e.getMessage()
                    : "--policy: " + e.getMessage() + ", hold");
        }
        env.reset(seed);
        double[] arrivals = new double[env.episodeLength()];
        for (int t = 0; t < arrivals.length; t++) {
            arrivals[t] = env.step(0).info().arrivalRate();
        }
        return factory.create(new PolicyRegistry.Context(env.trace(), config, arrivals, new double[0], seed));
    }
}
