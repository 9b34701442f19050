package dev.scalewise.reference;

import dev.scalewise.env.EnvConfig;
import dev.scalewise.experiment.AgentRunLoader;
import dev.scalewise.experiment.Comparison;
import dev.scalewise.experiment.ComparisonResult;
import dev.scalewise.experiment.ComparisonResult.PolicyResult;
import dev.scalewise.experiment.Metric;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.experiment.TrainSpec;
import dev.scalewise.experiment.Trainer;
import dev.scalewise.experiment.WorkloadSpec;
import dev.scalewise.policy.HpaPolicy;
import dev.scalewise.policy.Policy;
import dev.scalewise.policy.TargetTrackingPolicy;
import dev.scalewise.reward.CostSlaReward;
import dev.scalewise.run.RunDirectory;
import dev.scalewise.workload.Trace;
import dev.scalewise.workload.TraceCatalog;
import dev.scalewise.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The policy-quality report: for each shared trace, the first {@code trainFraction} of it is the training part
 * (the tuned policies are tuned on it, the agent is trained on it) and the following days are held out; every
 * registered policy, {@code mpc}, {@code perfect-forecast}, the tuned baselines, the trained agent and the oracle
 * are compared on the held-out part with identical Poisson arrivals over several seeds ({@link Comparison}).
 *
 * <p>Scale: as {@code demo} does, each trace is scaled so that its training part's peak needs
 * {@link #PEAK_INSTANCES} instances at {@link #TARGET_UTILIZATION} utilization. Service: the defaults
 * ({@code mu} = 20 req/s, SLO p95 250 ms) for the web traces; for the LLM traces (Azure LLM, Mooncake)
 * {@code mu} = 5 req/s (a 0.2 s request, README) and an SLO of 1,000 ms (the p95 of a 0.2 s exponential service
 * alone is 0.6 s). The LLM traces last about an hour: their held-out part is the remaining 30% (about 18 minutes).
 */
public final class PolicyQualityReport {
    /** Instances the training part's peak needs at {@link #TARGET_UTILIZATION} (as in {@code demo}). */
    public static final int PEAK_INSTANCES = 20;
    public static final double TARGET_UTILIZATION = 0.7;
    public static final String AGENT = "agent";
    /** The shared traces, in report order. */
    public static final List<String> TRACES = List.of("nasa-http-1995", "worldcup98", "azure-llm-conv-2023",
            "azure-llm-code-2023", "mooncake-conversation");
    /** Policies that know the future: left out of "best causal policy". */
    public static final Set<String> NOT_CAUSAL = Set.of("oracle", "perfect-forecast");

    private PolicyQualityReport() {
    }

    /**
     * What to run.
     *
     * @param traces        catalog names
     * @param trainFraction share of each trace used for training and tuning (default 0.7)
     * @param heldOutDays   held-out days after the training part (default 3; fewer when the trace ends sooner)
     * @param seeds         evaluation seeds (default 3)
     * @param bootDelaySeconds boot delay (default 120)
     * @param episodes      training episodes of the agent (default 500, as {@code demo}); 0: no agent
     * @param trainSeed     the agent's training seed (default 42, as {@code demo})
     */
    public record Spec(List<String> traces, double trainFraction, int heldOutDays, int seeds, double bootDelaySeconds,
                       int episodes, long trainSeed) {
        public static Spec defaults() {
            return new Spec(TRACES, 0.7, 3, 3, 120, 500, 42);
        }

        public Spec {
            traces = List.copyOf(traces);
            if (traces.isEmpty()) {
                throw new IllegalArgumentException("the report needs at least one trace");
            }
            if (!(trainFraction > 0 && trainFraction < 1)) {
                throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
            }
            if (heldOutDays < 1 || seeds < 1 || episodes < 0) {
                throw new IllegalArgumentException("held-out days and seeds must be >= 1 and episodes >= 0, got "
                        + heldOutDays + ", " + seeds + ", " + episodes);
            }
        }
    }

    /** One trace's comparison and how it was set up. */
    public record TraceResult(String trace, EnvConfig env, int trainSteps, int heldOutSteps, double scale,
                              Map<String, String> knobs, ComparisonResult comparison, double seconds) {
    }

    /**
     * Every trace's result.
     *
     * @param crossTrace the agent trained on one trace run on another at another scale ({@link #CROSS_FROM} to
     *                   {@link #CROSS_TO} at a peak of {@link #CROSS_PEAK_INSTANCES}); empty when the spec does not
     *                   have both traces or trains no agent
     */
    public record Result(Spec spec, List<TraceResult> traces, double seconds, List<TraceResult> crossTrace) {
        public Result {
            crossTrace = crossTrace == null ? List.of() : List.copyOf(crossTrace);
        }
    }

    /** The cross-trace check: NASA's agent on World Cup's held-out days, scaled to another peak. */
    public static final String CROSS_FROM = "nasa-http-1995";
    public static final String CROSS_TO = "worldcup98";
    public static final int CROSS_PEAK_INSTANCES = 60;
    /** The bar for an agent run on a trace and scale it was not trained on. */
    public static final double CROSS_SLA_BAR = 99.5;

    /** The environment of a trace: the defaults, or the LLM service and SLO for the LLM traces. */
    public static EnvConfig envFor(String trace, double bootDelaySeconds) {
        EnvConfig d = EnvConfig.defaults();
        d = d.withCluster(d.cluster().withBootDelaySeconds(bootDelaySeconds));
        boolean llm = trace.startsWith("azure-llm") || trace.startsWith("mooncake");
        return llm ? d.withServiceRate(5).withSloSeconds(1.0) : d;
    }

    /** Runs the report; {@code workDir} receives the agents' training runs (one folder per trace). */
    public static Result run(Spec spec, TraceCatalog catalog, Path workDir, PrintStream progress) throws IOException {
        long t0 = System.nanoTime();
        List<TraceResult> out = new ArrayList<>();
        for (String name : spec.traces()) {
            out.add(runTrace(spec, catalog, name, workDir.resolve(name), progress));
        }
        List<TraceResult> cross = new ArrayList<>();
        if (spec.episodes() > 0 && spec.traces().contains(CROSS_FROM) && spec.traces().contains(CROSS_TO)) {
            cross.add(crossTrace(spec, catalog, workDir.resolve(CROSS_FROM), progress));
        }
        return new Result(spec, out, (System.nanoTime() - t0) / 1e9, cross);
    }

    /**
     * {@link #CROSS_FROM}'s agent (as trained, with its forecaster and margins) on {@link #CROSS_TO}'s held-out days
     * scaled so that its training part's peak needs {@link #CROSS_PEAK_INSTANCES} instances (three times the scale
     * every agent trains at), against {@code hpa}, {@code mpc} and the references tuned on {@link #CROSS_TO}'s own
     * training part (they know that trace; the agent does not).
     */
    private static TraceResult crossTrace(Spec spec, TraceCatalog catalog, Path agentRun, PrintStream progress) {
        long t0 = System.nanoTime();
        EnvConfig env = envFor(CROSS_TO, spec.bootDelaySeconds());
        double dt = env.stepSeconds();
        int day = (int) Math.round(86_400 / dt);
        Trace full = catalog.resolve(CROSS_TO).resample(dt);
        int trainEnd = (int) Math.floor(full.length() * spec.trainFraction());
        int testEnd = Math.min(full.length(), trainEnd + spec.heldOutDays() * day);
        double scale = CROSS_PEAK_INSTANCES * env.serviceRate() * TARGET_UTILIZATION
                / full.slice(0, trainEnd).peakRate();
        Trace test = full.slice(trainEnd, testEnd).scaled(scale).named(CROSS_TO + " (held-out)");
        double[] history = full.slice(0, trainEnd).scaled(scale).rates();
        EnvConfig evalEnv = Scenarios.warmStart(env, test);
        PolicyRegistry registry = PolicyRegistry.defaults();
        List<Comparison.Entry> entries = new ArrayList<>(Comparison.Setup.entries(registry,
                List.of("static", "hpa", "hpa-tuned", "perfect-forecast", "mpc", "oracle")));
        entries.add(new Comparison.Entry(AGENT, new AgentRunLoader(n -> Workload.fixed(catalog.resolve(n)))
                .load(agentRun).orElseThrow(() -> new IllegalStateException("no model in " + agentRun))));
        List<Long> seeds = LongStream.rangeClosed(1, spec.seeds()).boxed().toList();
        String label = CROSS_FROM + " agent on " + CROSS_TO + " at peak " + CROSS_PEAK_INSTANCES;
        log(progress, "cross-trace: %s (scale x%.4g)", label, scale);
        ComparisonResult r = Comparison.run(new Comparison.Setup(test, history, evalEnv, CostSlaReward.defaults(),
                entries, seeds, registry));
        return new TraceResult(label, evalEnv, trainEnd, testEnd - trainEnd, scale, Map.of(), r,
                (System.nanoTime() - t0) / 1e9);
    }

    private static TraceResult runTrace(Spec spec, TraceCatalog catalog, String name, Path runDir, PrintStream progress)
            throws IOException {
        long t0 = System.nanoTime();
        EnvConfig env = envFor(name, spec.bootDelaySeconds());
        double dt = env.stepSeconds();
        int day = (int) Math.round(86_400 / dt);
        Trace full = catalog.resolve(name).resample(dt);
        int trainEnd = (int) Math.floor(full.length() * spec.trainFraction());
        int testEnd = Math.min(full.length(), trainEnd + spec.heldOutDays() * day);
        if (trainEnd < 2 || testEnd <= trainEnd) {
            throw new IllegalArgumentException("trace '" + name + "' (" + full.length() + " steps of " + dt
                    + " s) is too short for a training part and a held-out part");
        }
        double peakTrain = full.slice(0, trainEnd).peakRate();
        if (!(peakTrain > 0)) {
            throw new IllegalArgumentException("the training part of '" + name + "' has no traffic");
        }
        double scale = PEAK_INSTANCES * env.serviceRate() * TARGET_UTILIZATION / peakTrain;
        Trace test = full.slice(trainEnd, testEnd).scaled(scale).named(name + " (held-out)");
        double[] history = full.slice(0, trainEnd).scaled(scale).rates();
        EnvConfig evalEnv = Scenarios.warmStart(env, test);
        log(progress, "%s: training part %d steps, held-out %d steps, scale x%.4g, mu %.0f, SLO %.0f ms", name,
                trainEnd, testEnd - trainEnd, scale, env.serviceRate(), env.sloSeconds() * 1000);

        PolicyRegistry registry = PolicyRegistry.defaults();
        List<Comparison.Entry> entries = new ArrayList<>(Comparison.Setup.entries(registry, registry.names()));
        String agentKnob = null;
        if (spec.episodes() > 0) {
            ResidualAgent.Base base = ResidualAgent.tune(history, env);
            ResidualAgent.Selection sel = trainAgent(spec, catalog, name, env, trainEnd, scale, Math.min(day, trainEnd),
                    history, runDir, progress, base);
            int best = (int) (sel.seed() - sel.seeds()[0]);
            agentKnob = String.format(Locale.ROOT, "training seed %d of %d-%d (training days $%.2f; always the "
                    + "mpc action $%.2f); base %s%s%s", sel.seed(), sel.seeds()[0], sel.seeds()[sel.seeds().length - 1],
                    sel.totalUsd()[best], sel.fallbackTotalUsd(), base.describe(),
                    sel.window() == null ? "" : "; scale-down " + sel.window().shortText(),
                    sel.vetoed() ? "; vetoed (" + sel.vetoReason() + "): the mpc action deployed" : "");
            // with its forecaster when it was trained with one (the residual agent observes mpc's EWMA forecast)
            PolicyRegistry.Factory agent = new AgentRunLoader(n -> Workload.fixed(catalog.resolve(n))).load(runDir)
                    .orElseThrow(() -> new IllegalStateException("no model in " + runDir));
            entries.add(new Comparison.Entry(AGENT, agent));
        }
        List<Long> seeds = LongStream.rangeClosed(1, spec.seeds()).boxed().toList();
        // The tuned knobs (tuned once here; the registry's factories reuse them for every seed).
        PolicyRegistry.Context ctx = new PolicyRegistry.Context(test, evalEnv, test.rates(), history, seeds.get(0));
        Map<String, String> knobs = new LinkedHashMap<>();
        for (String p : List.of("perfect-forecast", "mpc", "hpa-tuned", "aws-target-tracking-tuned")) {
            knobs.put(p, knob(registry.create(p, ctx)));
        }
        if (agentKnob != null) {
            knobs.put(AGENT, agentKnob);
        }
        log(progress, "%s: tuned %s; comparing %d policies x %d seeds", name, knobs, entries.size(), seeds.size());
        ComparisonResult r = Comparison.run(new Comparison.Setup(test, history, evalEnv, CostSlaReward.defaults(),
                entries, seeds, registry));
        return new TraceResult(name, evalEnv, trainEnd, testEnd - trainEnd, scale, knobs, r,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The tuned knob of a reference policy, as text. */
    static String knob(Policy p) {
        if (p instanceof HeadroomPolicy h) {
            String f = h.bound() instanceof ForecastRateBound fb ? fb.forecasterName() + ", " : "";
            return String.format(Locale.ROOT, "%s%s %.2f", f, ReferencePolicies.formText(h.rateMargin()), h.margin());
        }
        if (p instanceof HpaPolicy h) {
            return String.format(Locale.ROOT, "target %.2f", h.config().targetUtilization());
        }
        if (p instanceof TargetTrackingPolicy t) {
            return String.format(Locale.ROOT, "target %.2f", t.config().targetUtilization());
        }
        return "";
    }

    /**
     * Trains the default agent, the residual learner over {@code mpc} ({@link ResidualAgent}), on the training part
     * exactly as {@code demo} does (random days, scales, boot delays).
     */
    private static ResidualAgent.Selection trainAgent(Spec spec, TraceCatalog catalog, String name, EnvConfig env,
                                                      int trainEnd, double scale, int window, double[] history,
                                                      Path runDir, PrintStream progress, ResidualAgent.Base base)
            throws IOException {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("stepSeconds", env.stepSeconds());
        params.put("toStep", (double) trainEnd);
        params.put("scale", scale);
        params.put("windowSteps", (double) window);
        TrainSpec ts = ResidualAgent.spec(new WorkloadSpec("trace", params, name), env, spec.episodes(),
                spec.trainSeed(), base);
        Scenarios.TraceResolver traces = n -> Workload.fixed(catalog.resolve(n));
        // the chosen candidate's run folder is the agent's (ResidualAgent.selectSeed): no second training
        ResidualAgent.Selection sel = ResidualAgent.selectSeed(ts, history, env, traces, runDir);
        log(progress, "%s: training seed chosen on the training part's tuned days: %d (%s)", name, sel.seed(),
                sel.describe());
        ts = ts.withSeed(sel.seed());
        if (sel.window() != null) { // the scale-down window chosen on the training part (round nine)
            ts = ResidualAgent.withWindow(ts, sel.window().window());
        }
        Trainer.Result tr = sel.trained();
        log(progress, "%s: agent %s (residual over mpc:ewma, %s %.4g, margins %s %s) trained, %d episodes, %,d steps "
                + "in %.1f s", name, ts.agent(), ReferencePolicies.formText(base.rateMargin()), base.margin(),
                ts.margins(), base.rateMargin() ? "on the rate" : String.format(Locale.ROOT,
                        "as square-root staffing levels at need %.0f", base.referenceNeed()), tr.episodes(), tr.steps(),
                tr.wallSeconds());
        return sel;
    }

    private static void log(PrintStream p, String format, Object... args) {
        if (p != null) {
            p.printf(Locale.ROOT, format + "%n", args);
            p.flush();
        }
    }

    /** Columns of the report's table. */
    private static final List<Metric> COLUMNS = List.of(Metric.COST_USD, Metric.TOTAL_COST_USD,
            Metric.SLA_COMPLIANCE_PCT, Metric.REGRET_VS_ORACLE_PCT, Metric.SCALING_ACTIONS, Metric.FLAPS_PER_DAY);

    /** The Markdown report, with the command that reproduces it. */
    public static String markdown(Result r, String command) {
        StringBuilder b = new StringBuilder("# Policy quality on the shared traces\n\n");
        b.append("Generated by:\n\n```bash\n").append(command).append("\n```\n\n");
        Spec s = r.spec();
        b.append(String.format(Locale.ROOT, "Each trace: the first %.0f%% is the training part (the tuned policies are "
                + "tuned on it, the agent is trained on it for %d episodes with the training seed, of three, that scores the lowest "
                + "total cost on the training part's last days), then up to %d held-out day(s); %d s boot "
                + "delay, 60 s steps, %d seeds of Poisson arrivals identical for every policy; scaled so that the "
                + "training part's peak needs %d instances at %.0f%% utilization. Run time: %.0f s on this machine.%n%n",
                100 * s.trainFraction(), s.episodes(), s.heldOutDays(), Math.round(s.bootDelaySeconds()), s.seeds(),
                PEAK_INSTANCES, 100 * TARGET_UTILIZATION, r.seconds()));
        b.append("## Summary\n\n").append(summary(r)).append('\n');
        b.append("## Every trace x every policy\n\n");
        b.append("| trace | policy |");
        for (Metric m : COLUMNS) {
            b.append(' ').append(m.header()).append(" |");
        }
        b.append(" tuned |\n|---|---|").append("---:|".repeat(COLUMNS.size())).append("---|\n");
        for (TraceResult t : r.traces()) {
            for (PolicyResult p : t.comparison().policies()) {
                b.append("| ").append(t.trace()).append(" | ").append(p.name()).append(" |");
                for (Metric m : COLUMNS) {
                    b.append(' ').append(fmt(p.mean(m), m.decimals())).append(" |");
                }
                b.append(' ').append(t.knobs().getOrDefault(p.name(), "")).append(" |\n");
            }
        }
        b.append("\nMeans across seeds. `total $` = the bill + $1 per minute out of the SLA + $0.001 per dropped request "
                + "(the prices of the `cost-sla` reward). `SLA % steps`: minutes with p95 within the SLO and nothing "
                + "dropped. `regret %` = 100 (cost / oracle cost - 1). A flap is a scaling action opposite to the "
                + "previous one within 10 minutes. `tuned`: the knob chosen on the last 7 days of the training part (the "
                + "smallest margin of 0-100% reaching 99.9% of minutes within the SLA; for `mpc` on the capacity or on "
                + "the rate (\"rate margin\"), the cheaper form; for the baselines the cheapest "
                + "target utilization of 0.40-0.80 reaching it; when none does, the lowest total cost); for the agent, the "
                + "base it is a residual over (`mpc`'s tuning through its stabilization window), its "
                + "training seed, chosen by the mean total cost on those days (3 arrival seeds), and what "
                + "always taking the `mpc` action through the same stabilization window (the fallback) scores there; its "
                + "scale-down window, the smallest of 10, 11, 15 and 20 steps through which the fallback flaps no more "
                + "than `hpa` on those days (else the fewest flaps), with the fallback's flaps and cost there; the "
                + "fallback is deployed instead (\"vetoed\") where the training part is under a day and the chosen seed "
                + "does not beat it there, or where it is cheaper there and, on those days rescaled to peaks of 3 to 200 "
                + "instances, it reaches 99.9% of minutes wherever the learned table does better. See docs/compare.md, "
                + "\"Reference policies\", and docs/training.md, \"Round three\", \"Round seven\", \"Round eight\" and \"Round nine\".\n\n");
        for (TraceResult t : r.crossTrace()) {
            b.append("## Trained on one trace, run on another at another scale\n\n");
            b.append(String.format(Locale.ROOT, "The agent trained on %s's training part (at a peak of %d instances) run "
                    + "on %s's held-out days scaled so that that trace's training peak needs %d instances (scale "
                    + "x%.4g); the other policies are tuned on %s's own training part.%n%n", CROSS_FROM, PEAK_INSTANCES,
                    CROSS_TO, CROSS_PEAK_INSTANCES, t.scale(), CROSS_TO));
            b.append("| policy | cost $ | total $ | SLA % steps | flaps/day |\n|---|---:|---:|---:|---:|\n");
            for (PolicyResult p : t.comparison().policies()) {
                b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.2f | %.2f |%n", p.name(),
                        p.mean(Metric.COST_USD), p.mean(Metric.TOTAL_COST_USD), p.mean(Metric.SLA_COMPLIANCE_PCT),
                        p.mean(Metric.FLAPS_PER_DAY)));
            }
            double sla = t.comparison().policy(AGENT).mean(Metric.SLA_COMPLIANCE_PCT);
            b.append(String.format(Locale.ROOT, "%nAgent SLA %.3f%% (bar %.1f%%): %s.%n%n", sla, CROSS_SLA_BAR,
                    sla >= CROSS_SLA_BAR ? "MET" : "MISS"));
        }
        b.append("## Per trace\n\n");
        for (TraceResult t : r.traces()) {
            b.append(String.format(Locale.ROOT, "- **%s**: %d training steps, %d held-out steps, scale x%.4g, mu %.0f "
                            + "req/s, SLO p95 %.0f ms, %.0f s. Best causal policy by total cost: %s.%s%n", t.trace(),
                    t.trainSteps(), t.heldOutSteps(), t.scale(), t.env().serviceRate(), t.env().sloSeconds() * 1000,
                    t.seconds(), bestCausal(t.comparison()), agentVerdict(t)));
        }
        return b.toString();
    }

    /**
     * The summary: one row per policy, per trace its total cost with SLA credit, its SLA compliance and its flaps per
     * day (the README's table).
     */
    public static String summary(Result r) {
        StringBuilder b = new StringBuilder("| policy |");
        for (TraceResult t : r.traces()) {
            b.append(' ').append(t.trace()).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(r.traces().size())).append('\n');
        List<String> names = new ArrayList<>();
        for (TraceResult t : r.traces()) {
            t.comparison().policies().forEach(p -> {
                if (!names.contains(p.name())) {
                    names.add(p.name());
                }
            });
        }
        for (String n : names) {
            b.append("| ").append(n).append(" |");
            for (TraceResult t : r.traces()) {
                PolicyResult p = t.comparison().policies().stream().filter(x -> x.name().equals(n)).findFirst()
                        .orElse(null);
                b.append(p == null ? " - |" : String.format(Locale.ROOT, " $%.2f, %.2f%%, %.1f |",
                        p.mean(Metric.TOTAL_COST_USD), p.mean(Metric.SLA_COMPLIANCE_PCT), p.mean(Metric.FLAPS_PER_DAY)));
            }
            b.append('\n');
        }
        b.append("\nEach cell: total cost with SLA credit, % of minutes within the SLA, flaps per day (means across "
                + "seeds).\n");
        return b.toString();
    }

    /** The causal policy (not the oracle or perfect-forecast) with the lowest total cost. */
    public static String bestCausal(ComparisonResult r) {
        PolicyResult best = null;
        for (PolicyResult p : r.policies()) {
            if (!NOT_CAUSAL.contains(p.name()) && (best == null
                    || p.mean(Metric.TOTAL_COST_USD) < best.mean(Metric.TOTAL_COST_USD))) {
                best = p;
            }
        }
        return best == null ? "-" : String.format(Locale.ROOT, "`%s` ($%.2f)", best.name(), best.mean(Metric.TOTAL_COST_USD));
    }

    /** The bars for the agent on one trace, measured. */
    static String agentVerdict(TraceResult t) {
        ComparisonResult r = t.comparison();
        if (r.policies().stream().noneMatch(p -> p.name().equals(AGENT))) {
            return "";
        }
        PolicyResult a = r.policy(AGENT);
        PolicyResult pf = r.policy("perfect-forecast");
        PolicyResult hpa = r.policy("hpa");
        double sla = a.mean(Metric.SLA_COMPLIANCE_PCT);
        StringBuilder b = new StringBuilder();
        double pfSla = pf.mean(Metric.SLA_COMPLIANCE_PCT);
        if (pfSla >= 99.9) {
            b.append(String.format(Locale.ROOT, " Agent SLA %.3f%% (bar 99.9%%, perfect-forecast reaches it): %s.",
                    sla, sla >= 99.9 ? "MET" : "MISS"));
        } else {
            // the bar does not apply, but the agent's number is never left out
            b.append(String.format(Locale.ROOT, " Agent SLA %.3f%% (the 99.9%% bar applies where perfect-forecast "
                    + "reaches it; here it keeps %.3f%%)%s.", sla, pfSla, sla >= 99.9 ? ", at or above 99.9% anyway" : ""));
        }
        List<String> cheaper = new ArrayList<>();
        for (PolicyResult p : r.policies()) {
            if (!p.name().equals(AGENT) && !NOT_CAUSAL.contains(p.name())
                    && p.mean(Metric.SLA_COMPLIANCE_PCT) + 1e-9 >= sla && p.mean(Metric.COST_USD) < a.mean(Metric.COST_USD)) {
                cheaper.add(p.name());
            }
        }
        b.append(cheaper.isEmpty() ? " No causal policy is cheaper at equal or better SLA: MET."
                : " Cheaper at equal or better SLA: " + String.join(", ", cheaper) + ": MISS.");
        b.append(String.format(Locale.ROOT, " Regret vs oracle %.1f%%; flaps/day %.1f vs HPA %.1f: %s.",
                a.mean(Metric.REGRET_VS_ORACLE_PCT), a.mean(Metric.FLAPS_PER_DAY), hpa.mean(Metric.FLAPS_PER_DAY),
                a.mean(Metric.FLAPS) <= hpa.mean(Metric.FLAPS) ? "MET" : "MISS"));
        double minutes = t.heldOutSteps() * t.env().stepSeconds() / 60;
        if (minutes < 1440) {
            // a per-day rate from a held-out part shorter than a day: say how many flaps it stands for
            b.append(String.format(Locale.ROOT, " (The held-out part lasts %.0f minutes: %.2f flaps per seed vs HPA's "
                    + "%.2f; one reversal in it reads as %.0f a day.)", minutes, a.mean(Metric.FLAPS),
                    hpa.mean(Metric.FLAPS), 1440 / minutes));
        }
        return b.toString();
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
