package dev.scalewise.nn.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.scalewise.experiment.PolicyRegistry;
import dev.scalewise.experiment.RunPolicyLoader;
import dev.scalewise.run.RunDirectory;

/**
 * Loads a {@code train --agent dqn} run folder ({@link DqnTraining}) as a policy factory, for
 * {@code compare --model RUN_DIR} and {@code demo --agent dqn}: the model's checksum is verified
 * ({@link DqnModelFile#load}), each created policy gets its own feature encoder. Registered as a
 * {@link RunPolicyLoader} service of this module.
 */
public final class DqnRunLoader implements RunPolicyLoader {

    @Override
    public Optional<PolicyRegistry.Factory> load(Path runDir) {
        if (!DqnModelFile.exists(runDir)) {
            return Optional.empty();
        }
        DqnModelFile.Saved saved = model(runDir);
        DqnTraining.Spec spec = spec(runDir);
        DqnTraining.policy(saved.policy(), spec); // the network and the actions agree, or refuse now
        return Optional.of(c -> DqnTraining.policy(saved.policy(), spec));
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

    /** The run's agent as a fresh policy. */
    public static DqnGreedyPolicy policy(Path runDir) {
        return DqnTraining.policy(model(runDir).policy(), spec(runDir));
    }
}
