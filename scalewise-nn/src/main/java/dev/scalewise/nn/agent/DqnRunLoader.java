package dev.scalewise.nn.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.scalewise.experiment.AgentRunLoader;
import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.RunPolicyLoader;
import dev.scalewise.experiment.Scenarios;
import dev.scalewise.forecast.ForecastFeature;
import dev.scalewise.run.RunDirectory;

/**
 * Loads a {@code train --agent dqn} run folder ({@link DqnTraining}) as a policy factory, for
 * {@code compare --model RUN_DIR}, {@code serve}, {@code explain} and {@code demo --agent dqn}: the model's checksum
 * is verified ({@link DqnModelFile#load}), each created policy gets its own feature encoder, and, when the run's
 * scenario has a forecaster (the residual action set observes {@code mpc}'s EWMA with the tuned weight), the
 * forecaster is fitted again exactly as training fitted it ({@link AgentRunLoader#forecast}, shared with the tabular
 * agent) and each policy carries a fresh feature of it ({@link DqnGreedyPolicy}). Registered as a
 * {@link RunPolicyLoader} service of this module.
 */
public final class DqnRunLoader implements RunPolicyLoader {
    private final Scenarios.TraceResolver traces;

    /** For {@link java.util.ServiceLoader}: named traces resolve through the default trace catalog. */
    public DqnRunLoader() {
        this(Scenarios.catalogTraces(null));
    }

    /** @param traces resolves the trace of a run trained on a named trace (its forecaster's fit data) */
    public DqnRunLoader(Scenarios.TraceResolver traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    @Override
    public Optional<PolicyRegistry.Factory> load(Path runDir) {
        if (!DqnModelFile.exists(runDir)) {
            return Optional.empty();
        }
        DqnModelFile.Saved saved = model(runDir);
        DqnTraining.Spec spec = spec(runDir);
        Supplier<ForecastFeature> forecast = AgentRunLoader.forecast(spec.scenario(), traces);
        DqnTraining.policy(saved.policy(), spec); // the network and the actions agree, or refuse now
        // warmed with the rates observed before the episode, as mpc's forecaster and the tabular agent's are
        return Optional.of(c -> DqnTraining.policy(saved.policy(), spec, forecast == null ? null : forecast.get(),
                c == null || c.history() == null ? new double[0] : c.history()));
    }

    /**
     * Fresh policies of the run in {@code runDir}: the model and the spec are read, and the forecaster fitted, once;
     * the network and the actions must agree (refused now otherwise).
     */
    public Supplier<DqnGreedyPolicy> policies(Path runDir) {
        DqnModelFile.Saved saved = model(runDir);
        DqnTraining.Spec spec = spec(runDir);
        Supplier<ForecastFeature> forecast = AgentRunLoader.forecast(spec.scenario(), traces);
        DqnTraining.policy(saved.policy(), spec); // the network and the actions agree, or refuse now
        return () -> DqnTraining.policy(saved.policy(), spec, forecast == null ? null : forecast.get());
    }

    @Override
    public String name(Path runDir) {
        return "dqn:" + runDir.getFileName();
    }

    /** The verified model of {@code runDir}. */
    public static DqnModelFile.Saved model(Path runDir) {
        try {
            return DqnModelFile.load(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the DQN in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** The run's {@code spec.json}. */
    public static DqnTraining.Spec spec(Path runDir) {
        Path file = runDir.resolve(RunDirectory.SPEC);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " has a DQN model but no " + RunDirectory.SPEC);
        }
        try {
            return RunDirectory.open(runDir).readJson(RunDirectory.SPEC, DqnTraining.Spec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a DQN training spec: " + e.getMessage(), e);
        }
    }

    /** The run's agent as a fresh policy, its forecaster's trace (if any) resolved through the default catalog. */
    public static DqnGreedyPolicy policy(Path runDir) {
        return new DqnRunLoader().policies(runDir).get();
    }
}
