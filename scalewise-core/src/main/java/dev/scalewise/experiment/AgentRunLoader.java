package dev.scalewise.experiment;

import dev.scalewise.agent.GreedyPolicy;
import dev.scalewise.agent.ModelFile;
import dev.scalewise.env.Environment;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.forecast.ForecastingPolicy;
import dev.scalewise.forecast.Forecaster;
import dev.scalewise.policy.Policy;
import dev.scalewise.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads a trained agent from a run folder as a policy that behaves as it did in training: the frozen greedy
 * policy, and, when the run's scenario has a {@link ForecasterSpec}, the same forecaster fitted the same way
 * (fitting is deterministic) feeding the observations' forecast. Registered as the {@link RunPolicyLoader} service
 * of the core, so {@code compare --model RUN_DIR} finds it.
 *
 * <p>Two ways to evaluate, which act identically: {@link #environment} builds the run's own environment (with its
 * forecaster) for the bare {@link GreedyPolicy}; {@link #policy} wraps the greedy policy in a
 * {@link ForecastingPolicy}, so that it carries its forecast into any environment (how {@code compare} runs it).
 */
public final class AgentRunLoader implements RunPolicyLoader {
    private final Scenarios.TraceResolver traces;

    /** For {@link java.util.ServiceLoader}: named traces resolve through the default trace catalog. */
    public AgentRunLoader() {
        this(Scenarios.catalogTraces(null));
    }

    /** @param traces resolves the trace of a run trained on {@code --trace NAME} (for its forecaster's fit data) */
    public AgentRunLoader(Scenarios.TraceResolver traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    @Override
    public Optional<PolicyRegistry.Factory> load(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(RunDirectory.MODEL))) {
            return Optional.empty();
        }
        try {
            RunDirectory run = RunDirectory.open(runDir);
            ModelFile.SavedModel model = run.loadModel();
            GreedyPolicy template = model.policy();
            TrainSpec spec = run.has(RunDirectory.SPEC) ? run.readJson(RunDirectory.SPEC, TrainSpec.class) : null;
            Supplier<ForecastFeature> forecast = spec == null ? null : forecast(spec.scenario(), traces);
            return Optional.of(c -> {
                GreedyPolicy p = new GreedyPolicy(template.agentName(), template.table(), template.actions(),
                        template.encoder());
                return forecast == null ? p : new ForecastingPolicy(p, forecast.get());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the agent in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The forecast a run trained in {@code scenario} observed: its {@link ForecasterSpec} fitted on the scenario's
     * workload exactly as training fitted it (fitting is deterministic), as a source of fresh features (one per
     * policy instance); null when the scenario has no forecaster. Shared by every loader of trained policies (the
     * tabular agent here, the DQN in scalewise-nn).
     *
     * @param traces resolves the trace of a run trained on {@code --trace NAME} (its forecaster's fit data)
     */
    public static Supplier<ForecastFeature> forecast(ScenarioSpec scenario, Scenarios.TraceResolver traces) {
        ForecasterSpec fs = scenario.forecaster();
        if (fs == null) {
            return null;
        }
        Forecaster fitted = fs.fit(Scenarios.workload(scenario.workload(), traces));
        return () -> fs.feature(fitted);
    }

    /** The agent of {@code runDir} as a policy carrying its own forecast feature when it was trained with one. */
    public Policy policy(Path runDir) {
        return load(runDir).orElseThrow(() -> new IllegalArgumentException(runDir + " has no "
                + RunDirectory.MODEL)).create(null);
    }

    /** The run's training environment (with its forecaster, if any), for evaluating the bare greedy policy. */
    public Environment environment(Path runDir) throws IOException {
        TrainSpec spec = RunDirectory.open(runDir).readJson(RunDirectory.SPEC, TrainSpec.class);
        return Scenarios.environment(spec.scenario(), spec.newReward(), traces);
    }
}
